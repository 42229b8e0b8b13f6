package io.signet.storage;

import io.signet.protocol.status.NtStatus;
import io.signet.storage.create.Resolution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.signet.storage.StorageTestSupport.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResolverTest {
    @TempDir
    Path root;
    @TempDir
    Path outside;
    ShareFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(root.resolve("Docs/Sub"));
        Files.writeString(root.resolve("Docs/Report.TXT"), "r");
        Files.writeString(root.resolve("plain.txt"), "p");
        Files.writeString(outside.resolve("secret.txt"), "s");
        fs = new ShareFileSystem(root, false);
    }

    @Test
    void emptyAndSeparatorAreTheRoot() throws IOException {
        assertEquals(root.toRealPath(), fs.resolve(""));
        assertEquals(root.toRealPath(), fs.resolve("\\"));
    }

    @Test
    void matchesEachComponentCaseInsensitivelyAndReturnsTheDiskSpelling() throws IOException {
        Path real = root.toRealPath();
        assertEquals(real.resolve("Docs/Report.TXT"), fs.resolve("docs\\report.txt"));
        assertEquals(real.resolve("Docs/Sub"), fs.resolve("\\DOCS\\sUb"));
        assertEquals("Docs\\Report.TXT", fs.resolution("docs\\REPORT.txt").smbPath());
    }

    @Test
    void anExactMatchWinsOverOtherCaseVariants() throws IOException {
        Files.writeString(root.resolve("foo"), "lower");
        Files.writeString(root.resolve("Foo"), "title");
        Files.writeString(root.resolve("FOO"), "upper");
        Path real = root.toRealPath();
        assertEquals(real.resolve("foo"), fs.resolve("foo"));
        assertEquals(real.resolve("FOO"), fs.resolve("FOO"));
        assertEquals(real.resolve("FOO"), fs.resolve("fOo"), "no exact match: the smallest name in code order");
    }

    @Test
    void aMissingLastComponentKeepsTheClientSpelling() throws IOException {
        Resolution r = fs.resolution("docs\\New File.Txt");
        assertEquals(root.toRealPath().resolve("Docs/New File.Txt"), r.path());
        assertFalse(r.exists());
        assertEquals("Docs\\New File.Txt", r.smbPath());
    }

    @Test
    void aMissingOrNonDirectoryIntermediateIsPathNotFound() {
        assertEquals(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND, status(() -> fs.resolve("nope\\file.txt")));
        assertEquals(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND, status(() -> fs.resolve("Docs\\nope\\file.txt")));
        assertEquals(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND, status(() -> fs.resolve("plain.txt\\file.txt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "..\\secret.txt", "Docs\\..\\plain.txt", "Docs\\..\\..\\etc\\passwd",
            "Docs\\.\\Sub", "\\..", "/etc/passwd", "Docs/Sub", "C:\\Windows", "plain.txt:s:$INDEX_ALLOCATION",
            "plain.txt:s:$DATA:x", "Docs:s\\Sub", "plain.txt:", "plain.txt:a/b", ":s",
            "\\\\server\\share\\x", "Docs\\\\Sub", "Docs\\", "a\u0000b", "nul\u0000",
            "tab\there", "new\nline", "a<b", "a>b", "a\"b", "a|b", "a?b", "a*b", "x\u001fy"})
    void rejectsNamesWindowsRejects(String path) {
        assertEquals(NtStatus.STATUS_OBJECT_NAME_INVALID, status(() -> fs.resolve(path)), path);
    }

    /**
     * Over SMB, names reach the file system without the Win32 layer's rewriting, as on Windows: device names, trailing
     * dots and spaces and dot runs are ordinary names. Each must stay a plain entry of the share's own directory.
     */
    @ParameterizedTest
    @ValueSource(strings = {"CON", "nul", "COM1.txt", "LPT9", "aux.", "trailing.", "trailing ", "...", ". .",
            " .", "..dots", "PLAIN~1.TXT", "DOCS~1"})
    void namesWin32WouldRewriteAreOrdinaryNamesInsideTheShare(String name) throws IOException {
        Path real = root.toRealPath();
        Path resolved = fs.resolve(name);
        assertEquals(real, resolved.getParent(), name);
        assertTrue(resolved.startsWith(real), name);
        Path nested = fs.resolve("Docs\\" + name);
        assertEquals(real.resolve("Docs"), nested.getParent(), name);
    }

    @Test
    void componentLengthIsLimitedTo255CharactersAnd255Utf8Bytes() throws IOException {
        String longest = "x".repeat(255);
        assertEquals(root.toRealPath().resolve(longest), fs.resolve(longest));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_INVALID, status(() -> fs.resolve("x".repeat(256))));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_INVALID, status(() -> fs.resolve("\u00e9".repeat(128))),
                "128 characters but 256 bytes on disk");
        assertEquals(NtStatus.STATUS_OBJECT_NAME_INVALID, status(() -> fs.resolve("bad\uD800name")),
                "unpaired surrogate");
    }

    @Test
    void aSymlinkOutOfTheRootIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("secret-link"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("Docs/up"), root.getParent());
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> fs.resolve("escape")));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> fs.resolve("escape\\secret.txt")));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> fs.resolve("ESCAPE\\new.txt")));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> fs.resolve("secret-link")));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> fs.resolve("docs\\up\\x")));
    }

    @Test
    void aDanglingOrLoopingSymlinkIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("dangling"), root.resolve("nowhere"));
        Files.createSymbolicLink(root.resolve("loop1"), root.resolve("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), root.resolve("loop1"));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> fs.resolve("dangling")),
                "creating through it could write outside the share");
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> fs.resolve("loop1\\x")));
    }

    @Test
    void aSymlinkInsideTheRootIsFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("Docs"));
        Files.createSymbolicLink(root.resolve("self"), root);
        Resolution r = fs.resolution("ALIAS\\report.txt");
        assertTrue(r.exists());
        assertEquals("r", Files.readString(r.path()));
        assertTrue(fs.resolution("alias").directory());
        assertTrue(fs.resolution("self\\plain.txt").exists(), "a link to the root itself stays inside");
    }

    @Test
    void theRootMayItselfBeReachedThroughASymlink() throws IOException {
        Path link = outside.resolve("share-link");
        Files.createSymbolicLink(link, root);
        ShareFileSystem viaLink = new ShareFileSystem(link, true);
        assertEquals(root.toRealPath(), viaLink.root());
        assertTrue(viaLink.resolution("plain.txt").exists());
    }

    @Test
    void theRootMustBeAnExistingDirectory() {
        assertThrows(IllegalArgumentException.class, () -> new ShareFileSystem(root.resolve("missing"), false));
        assertThrows(IllegalArgumentException.class, () -> new ShareFileSystem(root.resolve("plain.txt"), false));
    }
}

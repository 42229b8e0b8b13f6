package io.signet.storage;

import io.signet.protocol.fscc.DirectoryEntry;
import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.status.NtStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.signet.protocol.smb2.CreateDisposition.OPEN;
import static io.signet.storage.StorageTestSupport.READ;
import static io.signet.storage.StorageTestSupport.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryCursorTest {
    private static final String[] NAMES = {"a.txt", "b.TXT", "ab.txt", "readme", "archive.tar.gz", "x.y.z"};

    @TempDir
    Path root;
    @TempDir
    Path outside;
    ShareFileSystem fs;
    FileHandle dir;

    @BeforeEach
    void setUp() throws IOException {
        Path d = Files.createDirectory(root.resolve("d"));
        for (String n : NAMES) {
            Files.writeString(d.resolve(n), n);
        }
        Files.createDirectory(d.resolve("Folder"));
        fs = new ShareFileSystem(root, false);
        dir = fs.create("d", OPEN, 0, READ, 0).handle();
    }

    private Set<String> list(String pattern) {
        DirectoryCursor c = dir.directoryCursor();
        c.restart(pattern);
        Set<String> names = new TreeSet<>();
        for (DirectoryEntry e = c.next(); e != null; e = c.next()) {
            assertTrue(names.add(e.name()), "listed twice: " + e.name());
        }
        return names;
    }

    private static Set<String> set(String... names) {
        return new TreeSet<>(List.of(names));
    }

    @Test
    void starListsDotsFirstThenEveryEntry() {
        DirectoryCursor c = dir.directoryCursor();
        assertNull(c.pattern());
        c.restart("*");
        assertEquals("*", c.pattern());
        assertEquals(".", c.next().name());
        assertEquals("..", c.next().name());
        assertEquals(set("a.txt", "b.TXT", "ab.txt", "readme", "archive.tar.gz", "x.y.z", "Folder", ".", ".."),
                list("*"));
        assertEquals(list("*"), list("*.*"), "*.* matches names without a dot too");
        assertEquals(list("*"), list(""), "an empty pattern means *");
        assertEquals(list("*"), list(null));
    }

    @Test
    void entriesCarryTheirMetadata() throws IOException {
        DirectoryCursor c = dir.directoryCursor();
        c.restart("*");
        DirectoryEntry dot = c.next();
        assertTrue(dot.metadata().directory());
        assertEquals(((Number) Files.getAttribute(root.resolve("d"), "unix:ino")).longValue(), dot.metadata().fileId());
        DirectoryEntry dotDot = c.next();
        assertEquals(((Number) Files.getAttribute(root, "unix:ino")).longValue(), dotDot.metadata().fileId());
        for (DirectoryEntry e = c.next(); e != null; e = c.next()) {
            if (e.name().equals("Folder")) {
                assertEquals(FileAttributes.DIRECTORY, e.metadata().fileAttributes());
            } else {
                assertEquals(e.name().length(), e.metadata().endOfFile(), e.name());
                assertEquals(FileAttributes.ARCHIVE, e.metadata().fileAttributes());
            }
        }
    }

    @Test
    void starAndQuestionMark() {
        assertEquals(set("a.txt", "b.TXT", "ab.txt"), list("*.txt"), "case-insensitive");
        assertEquals(set("a.txt", "b.TXT"), list("?.TXT"));
        assertEquals(set("ab.txt"), list("a?.*"));
        assertEquals(set("archive.tar.gz", "ab.txt", "a.txt"), list("a*"));
        assertEquals(set("x.y.z"), list("*.z"));
        assertEquals(set(), list("nomatch*"), "not even . and ..");
    }

    @Test
    void dosStarStopsAtTheLastDot() {
        assertEquals(set("archive.tar.gz"), list("<.gz"));
        assertEquals(set("archive.tar.gz"), list("<.tar.gz"));
        assertEquals(set("a.txt", "b.TXT", "ab.txt"), list("<.txt"));
        assertEquals(set("readme", "Folder"), list("<"), "names without an extension");
    }

    @Test
    void dosQuestionMarkMatchesNothingAtADot() {
        assertEquals(set("a.txt", "b.TXT", "ab.txt"), list(">>.txt"));
        assertEquals(set("a.txt", "b.TXT"), list(">.txt"));
        assertEquals(set("readme"), list("readme>>>"));
    }

    @Test
    void dosDotMatchesADotOrTheEnd() {
        assertEquals(set("readme"), list("readme\""));
        assertEquals(set("a.txt"), list("a\"txt"));
        assertEquals(set(), list("a\"\"txt"));
    }

    @Test
    void dosStarDotStarIsWhatWin32MakesOfStarDotStar() {
        Set<String> all = list("<\"*");
        assertTrue(all.containsAll(set("a.txt", "b.TXT", "ab.txt", "readme", "archive.tar.gz", "x.y.z", "Folder")),
                all.toString());
        assertEquals(set("readme", "Folder", ".", ".."), list("<\""),
                "Win32 '*.': names without an extension, and . and .. as 'dir *.' shows them");
    }

    @Test
    void aNameWithoutWildcardsIsLookedUpDirectly() {
        assertEquals(set("readme"), list("README"));
        assertEquals(set("Folder"), list("folder"));
        assertEquals(set(), list("missing.txt"));
        assertEquals(set("."), list("."));
        assertEquals(set(".."), list(".."));
        assertEquals(set(), list("bad:name"));
    }

    @Test
    void restartStartsOverWithTheNewPattern() {
        DirectoryCursor c = dir.directoryCursor();
        c.restart("*");
        c.next();
        c.next();
        c.next();
        c.restart("*.txt");
        assertEquals("*.txt", c.pattern());
        Set<String> names = new TreeSet<>();
        for (DirectoryEntry e = c.next(); e != null; e = c.next()) {
            names.add(e.name());
        }
        assertEquals(set("a.txt", "b.TXT", "ab.txt"), names);
        assertNull(c.next(), "an exhausted enumeration stays exhausted");
        c.restart("*.txt");
        assertTrue(c.next() != null);
    }

    @Test
    void aPushedBackEntryComesFirst() {
        DirectoryCursor c = dir.directoryCursor();
        c.restart("*.txt");
        DirectoryEntry first = c.next();
        DirectoryEntry second = c.next();
        c.pushBack(second);
        assertEquals(second, c.next());
        DirectoryEntry third = c.next();
        assertFalse(third.name().equals(first.name()) || third.name().equals(second.name()));
        assertNull(c.next());
        c.pushBack(third);
        assertEquals(third, c.next(), "even after the end");
        c.restart("*.txt");
        assertTrue(c.next() != null);
    }

    @Test
    void enumeratesTwentyThousandEntriesOnceEach() throws IOException {
        Path big = Files.createDirectory(root.resolve("big"));
        int count = 20_000;
        for (int i = 0; i < count; i++) {
            Files.createFile(big.resolve("f" + i));
        }
        try (FileHandle h = fs.create("big", OPEN, 0, READ, 0).handle()) {
            DirectoryCursor c = h.directoryCursor();
            c.restart("*");
            BitSet seen = new BitSet(count);
            int dots = 0;
            for (DirectoryEntry e = c.next(); e != null; e = c.next()) {
                if (e.name().startsWith(".")) {
                    dots++;
                    continue;
                }
                int i = Integer.parseInt(e.name().substring(1));
                assertFalse(seen.get(i), "listed twice: " + e.name());
                seen.set(i);
            }
            assertEquals(2, dots);
            assertEquals(count, seen.cardinality());
            c.restart("f1999?");
            List<String> tens = new ArrayList<>();
            for (DirectoryEntry e = c.next(); e != null; e = c.next()) {
                tens.add(e.name());
            }
            assertEquals(10, tens.size());
        }
    }

    @Test
    void theShareRootListsDotsToo() {
        try (FileHandle r = fs.create("", OPEN, 0, READ, 0).handle()) {
            DirectoryCursor c = r.directoryCursor();
            c.restart("*");
            DirectoryEntry dot = c.next();
            DirectoryEntry dotDot = c.next();
            assertEquals(".", dot.name());
            assertEquals("..", dotDot.name());
            assertEquals(dot.metadata().fileId(), dotDot.metadata().fileId(), "the root's .. is the root");
            assertEquals("d", c.next().name());
            assertNull(c.next());
        }
    }

    @Test
    void skipsNamesWindowsCannotUseAndLinksOutOfTheShare() throws IOException {
        Path d = root.resolve("d");
        Files.writeString(d.resolve("col:on"), "x");
        Files.writeString(d.resolve("what?"), "x");
        Files.writeString(d.resolve("back\\slash"), "x");
        Files.writeString(outside.resolve("secret"), "secret");
        Files.createSymbolicLink(d.resolve("escape"), outside.resolve("secret"));
        Files.createSymbolicLink(d.resolve("dangling"), d.resolve("none"));
        Files.createSymbolicLink(d.resolve("inside"), d.resolve("readme"));
        Set<String> names = list("*");
        assertFalse(names.contains("col:on"));
        assertFalse(names.contains("what?"));
        assertFalse(names.contains("back\\slash"));
        assertFalse(names.contains("escape"));
        assertFalse(names.contains("dangling"));
        assertTrue(names.contains("inside"));
        DirectoryCursor c = dir.directoryCursor();
        c.restart("inside");
        assertEquals("readme".length(), c.next().metadata().endOfFile(), "a link inside reports its target");
    }

    @Test
    void anEntryDeletedDuringEnumerationIsNeverReturnedBroken() throws IOException {
        DirectoryCursor c = dir.directoryCursor();
        c.restart("*");
        c.next();
        c.next();
        String first = c.next().name();   // the directory stream is open and has read ahead
        String victim = first.equals("readme") ? "a.txt" : "readme";
        Files.delete(root.resolve("d").resolve(victim));
        for (DirectoryEntry e = c.next(); e != null; e = c.next()) {
            assertFalse(e.name().equals(victim), "a vanished entry is skipped");
        }
    }

    @Test
    void cursorPreconditions() {
        try (FileHandle f = fs.create("d\\a.txt", OPEN, 0, READ, 0).handle()) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(f::directoryCursor));
        }
        try (FileHandle noList = fs.create("d", OPEN, 0, AccessMask.FILE_READ_ATTRIBUTES, 0).handle()) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(noList::directoryCursor));
        }
        DirectoryCursor c = dir.directoryCursor();
        assertTrue(c == dir.directoryCursor(), "one cursor per open");
        assertThrows(IllegalStateException.class, c::next);
    }
}

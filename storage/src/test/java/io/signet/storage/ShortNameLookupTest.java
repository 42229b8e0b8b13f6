package io.signet.storage;

import io.signet.protocol.fscc.DirectoryEntry;
import io.signet.protocol.status.NtStatus;
import io.signet.storage.create.ShortNames;
import io.signet.storage.stream.StreamStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.signet.storage.StorageTestSupport.READ;
import static io.signet.storage.StorageTestSupport.open;
import static io.signet.storage.StorageTestSupport.readAll;
import static io.signet.storage.StorageTestSupport.status;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ShortNameLookupTest {
    @TempDir
    Path root;
    ShareFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(root.resolve("long_file_name.txt"), "long");
        Files.writeString(root.resolve("BUFSIZE.TXT"), "short");
        Files.createDirectories(root.resolve("a long directory/sub"));
        fs = new ShareFileSystem(root, false);
    }

    @Test
    void aFileOpensByItsShortName() {
        String shortName = ShortNames.alternateName("long_file_name.txt");
        try (FileHandle h = open(fs, shortName.toLowerCase(), READ)) {
            assertEquals("long", readAll(h));
            assertEquals("long_file_name.txt", h.smbPath(), "the open names the file by its long name");
            assertEquals(shortName, h.metadata().infoContext().alternateName());
        }
        String dir = ShortNames.alternateName("a long directory");
        assertEquals(root.resolve("a long directory/sub"), fs.resolve(dir + "\\sub"));
    }

    @Test
    void aLongNameWinsOverAShortName() throws IOException {
        String shortName = ShortNames.alternateName("long_file_name.txt");
        Files.writeString(root.resolve(shortName), "literal");
        try (FileHandle h = open(fs, shortName, READ)) {
            assertEquals("literal", readAll(h));
        }
    }

    @Test
    void theStreamSidecarHasNoShortNameAndNothingLeavesTheShare() throws IOException {
        Files.createDirectories(root.resolve(StreamStore.SIDECAR));
        String sidecar = ShortNames.alternateName(StreamStore.SIDECAR);
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, status(() -> open(fs, sidecar, READ)));
        Files.createSymbolicLink(root.resolve("link_to_outside"), root.getParent());
        String link = ShortNames.alternateName("link_to_outside");
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> fs.resolve(link)));
    }

    @Test
    void listingsCarryShortNamesOnlyWhereTheLongNameIsNotOne() {
        Map<String, String> shortNames = new HashMap<>();
        try (FileHandle dir = open(fs, "", READ)) {
            DirectoryCursor c = dir.directoryCursor();
            c.restart("*");
            for (DirectoryEntry e = c.next(); e != null; e = c.next()) {
                shortNames.put(e.name(), e.shortName());
            }
        }
        assertEquals("", shortNames.get("."));
        assertEquals("", shortNames.get("BUFSIZE.TXT"));
        assertEquals(ShortNames.alternateName("long_file_name.txt"), shortNames.get("long_file_name.txt"));
        try (FileHandle h = open(fs, "BUFSIZE.TXT", READ)) {
            assertEquals("BUFSIZE.TXT", h.metadata().infoContext().alternateName(), "its own short name");
        }
        try (FileHandle r = open(fs, "", READ)) {
            assertEquals("", r.metadata().infoContext().alternateName(), "the root has no name");
        }
    }
}

package io.signet.storage;

import io.signet.protocol.fscc.StreamEntry;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.status.NtStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.signet.protocol.smb2.CreateDisposition.CREATE;
import static io.signet.protocol.smb2.CreateDisposition.OPEN;
import static io.signet.protocol.smb2.CreateDisposition.OPEN_IF;
import static io.signet.protocol.smb2.CreateOptions.DIRECTORY_FILE;
import static io.signet.storage.StorageTestSupport.ALL;
import static io.signet.storage.StorageTestSupport.READ;
import static io.signet.storage.StorageTestSupport.readAll;
import static io.signet.storage.StorageTestSupport.status;
import static io.signet.storage.StorageTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stream renames, [MS-FSA] 2.1.5.15.11.1, with the statuses smbtorture records against Windows. */
class StreamRenameTest {
    private static final int SHARE_ALL = ShareAccess.ALL;

    @TempDir
    Path root;
    ShareFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(root.resolve("base.txt"), "");
        Files.createDirectory(root.resolve("dir"));
        fs = new ShareFileSystem(root, false);
    }

    private FileHandle open(String path) {
        return fs.create(path, OPEN_IF, 0, ALL, SHARE_ALL, 0).handle();
    }

    private void write(String path, String data) {
        try (FileHandle h = open(path)) {
            h.data().setEndOfFile(0);
            h.data().write(0, utf8(data));
        }
    }

    private String read(String path) {
        try (FileHandle h = fs.create(path, OPEN, 0, READ, SHARE_ALL, 0).handle()) {
            return readAll(h);
        }
    }

    private List<String> streams(String file) {
        try (FileHandle h = fs.create(file, OPEN, 0, READ, SHARE_ALL, 0).handle()) {
            List<String> names = new ArrayList<>();
            for (StreamEntry e : h.metadata().infoContext().streams()) {
                names.add(e.name());
            }
            return names;
        }
    }

    @Test
    void aStreamTakesANewNameWithItsDataAndTheOpenFollows() {
        write("base.txt:one", "payload");
        try (FileHandle h = open("base.txt:one")) {
            h.renaming().rename(":two:$DATA", false);
            assertEquals("two", h.streamName());
            assertEquals("\\base.txt:two", h.metadata().infoContext().fileName());
            h.data().write(7, utf8("!"));
        }
        assertEquals(List.of("two"), streams("base.txt"));
        assertEquals("payload!", read("base.txt:two"));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND,
                status(() -> fs.create("base.txt:one", OPEN, 0, READ, SHARE_ALL, 0)));
    }

    @Test
    void renamingToItsOwnNameSucceedsAndMayChangeTheCase() {
        write("base.txt:One", "x");
        try (FileHandle h = open("base.txt:One")) {
            h.renaming().rename(":One:$DATA", true);
            h.renaming().rename(":ONE", false);
        }
        assertEquals(List.of("ONE"), streams("base.txt"));
    }

    @Test
    void anExistingTargetNeedsReplaceIfExistsAndMustBeEmpty() {
        write("base.txt:src", "data");
        write("base.txt:full", "full");
        try (FileHandle h = open("base.txt:empty")) {
            assertEquals("", readAll(h));
        }
        try (FileHandle h = open("base.txt:src")) {
            assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION, status(() -> h.renaming().rename(":empty", false)));
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> h.renaming().rename(":full", true)));
            h.renaming().rename(":EMPTY", true);
        }
        assertEquals(List.of("EMPTY", "full"), streams("base.txt"));
        assertEquals("data", read("base.txt:empty"));
        assertEquals("full", read("base.txt:full"));
    }

    @Test
    void anOpenTargetIsAccessDenied() {
        write("base.txt:src", "data");
        try (FileHandle target = open("base.txt:dst"); FileHandle h = open("base.txt:src")) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> h.renaming().rename(":dst", true)));
        }
        assertEquals("data", read("base.txt:src"));
    }

    @Test
    void aNamedStreamBecomesTheEmptyUnnamedStream() {
        write("base.txt:s", "stream data");
        try (FileHandle h = open("base.txt:s")) {
            assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION, status(() -> h.renaming().rename("::$DATA", false)));
            h.renaming().rename("::$DATA", true);
            assertFalse(h.isStream());
            assertEquals("stream data", readAll(h));
        }
        assertEquals("stream data", read("base.txt"));
        assertEquals(List.of(), streams("base.txt"));
    }

    @Test
    void theUnnamedStreamMustBeEmptyToBeReplaced() {
        write("base.txt", "main");
        write("base.txt:s", "stream");
        try (FileHandle h = open("base.txt:s")) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> h.renaming().rename("::$DATA", true)));
        }
        assertEquals("main", read("base.txt"));
        assertEquals("stream", read("base.txt:s"));
    }

    @Test
    void theUnnamedStreamBecomesANamedOneAndLeavesAnEmptyFile() {
        write("base.txt", "main data");
        try (FileHandle h = fs.create("base.txt", OPEN, 0, ALL, SHARE_ALL, 0).handle()) {
            h.renaming().rename(":moved", false);
            assertTrue(h.isStream());
            assertEquals("main data", readAll(h));
        }
        assertEquals("", read("base.txt"));
        assertEquals("main data", read("base.txt:moved"));
    }

    @Test
    void theUnnamedStreamWithOtherOpensIsNotRenamed() {
        write("base.txt", "main");
        try (FileHandle other = fs.create("base.txt", OPEN, 0, READ, SHARE_ALL, 0).handle();
             FileHandle h = fs.create("base.txt", OPEN, 0, ALL, SHARE_ALL, 0).handle()) {
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> h.renaming().rename(":moved", false)));
        }
        assertEquals("main", read("base.txt"));
        assertEquals(List.of(), streams("base.txt"));
    }

    @Test
    void directoriesHaveNoUnnamedStreamAndTheirOwnOpenIsNoStream() {
        try (FileHandle s = open("dir:s")) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> s.renaming().rename("::$DATA", true)));
            s.renaming().rename(":t", false);
        }
        assertEquals(List.of("t"), streams("dir"));
        try (FileHandle d = fs.create("dir", OPEN, DIRECTORY_FILE, ALL, SHARE_ALL, 0).handle()) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> d.renaming().rename(":x", false)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {":", ":s:", "::", ":a\\b", ":a/b", ":s:$DATA:x"})
    void malformedNamesAreInvalidParameter(String name) {
        write("base.txt:s", "x");
        try (FileHandle h = open("base.txt:s")) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> h.renaming().rename(name, true)));
        }
        assertEquals(List.of("s"), streams("base.txt"));
    }

    @Test
    void anotherTypeIsObjectTypeMismatch() {
        write("base.txt:s", "x");
        try (FileHandle h = open("base.txt:s")) {
            assertEquals(NtStatus.STATUS_OBJECT_TYPE_MISMATCH,
                    status(() -> h.renaming().rename(":t:$INDEX_ALLOCATION", true)));
        }
    }

    @Test
    void aFullPathOnAStreamOpenIsRefused() {
        write("base.txt:s", "x");
        try (FileHandle h = open("base.txt:s")) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> h.renaming().rename("base.txt:t", true)));
        }
        try (FileHandle parent = fs.create("", OPEN, DIRECTORY_FILE, ALL, SHARE_ALL, 0).handle();
             FileHandle h = open("base.txt:s")) {
            // The rename's open of the target's parent does not share DELETE, which the parent's open holds.
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> h.renaming().rename("base.txt:t", true)));
        }
    }

    @Test
    void renamingNeedsDelete() {
        write("base.txt:s", "x");
        try (FileHandle h = fs.create("base.txt:s", OPEN, 0, StorageTestSupport.READ_WRITE, SHARE_ALL, 0)
                .handle()) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> h.renaming().rename(":t", true)));
        }
    }
}

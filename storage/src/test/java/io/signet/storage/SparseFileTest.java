package io.signet.storage;

import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.fscc.FileBasicInformation;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.fsctl.AllocatedRange;
import io.signet.protocol.status.NtStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.signet.storage.StorageTestSupport.ALL;
import static io.signet.storage.StorageTestSupport.READ;
import static io.signet.storage.StorageTestSupport.createDirectory;
import static io.signet.storage.StorageTestSupport.open;
import static io.signet.storage.StorageTestSupport.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FSCTL_SET_SPARSE, FSCTL_SET_ZERO_DATA and FSCTL_QUERY_ALLOCATED_RANGES as the storage handle does them. */
class SparseFileTest {
    private static final int SIZE = 64 * 1024;

    @TempDir
    Path root;
    ShareFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        byte[] data = new byte[SIZE];
        Arrays.fill(data, (byte) 1);
        Files.write(root.resolve("f.bin"), data);
        fs = new ShareFileSystem(root, false);
    }

    private boolean sparse(String name) {
        return sparse(fs, name);
    }

    private static boolean sparse(ShareFileSystem share, String name) {
        try (FileHandle h = open(share, name, READ)) {
            return (h.metadata().stat().fileAttributes() & FileAttributes.SPARSE_FILE) != 0;
        }
    }

    private int listedAttributes(String name) {
        try (FileHandle dir = open(fs, "", READ)) {
            DirectoryCursor c = dir.directoryCursor();
            c.restart(name);
            return c.next().metadata().fileAttributes();
        }
    }

    @Test
    void theSparseAttributeIsKeptAndSeenByEveryOpenAndListing() {
        try (FileHandle h = open(fs, "f.bin", ALL)) {
            assertFalse(h.sparse().isSparse());
            h.sparse().setSparse(true);
            assertTrue(h.sparse().isSparse());
        }
        assertTrue(sparse("f.bin"), "a later open sees it");
        assertEquals(FileAttributes.SPARSE_FILE | FileAttributes.ARCHIVE, listedAttributes("f.bin"));
        assertTrue(sparse(new ShareFileSystem(root, false), "f.bin"), "kept on disk, seen by a new server");
        try (FileHandle h = open(fs, "f.bin", ALL)) {
            h.sparse().setSparse(false);
        }
        assertFalse(sparse("f.bin"));
        assertEquals(FileAttributes.ARCHIVE, listedAttributes("f.bin"));
    }

    @Test
    void clientSuppliedAttributesNeitherSetNorClearIt() throws IOException {
        try (FileHandle h = open(fs, "f.bin", ALL)) {
            h.metadata().setBasicInfo(
                    new FileBasicInformation(0, 0, 0, 0, FileAttributes.HIDDEN | FileAttributes.SPARSE_FILE));
            assertFalse(h.sparse().isSparse(), "[MS-FSA] 2.1.5.14.2: FileBasicInformation cannot make a file sparse");
            assertEquals(FileAttributes.HIDDEN, h.metadata().stat().fileAttributes());
            h.sparse().setSparse(true);
            h.metadata().setBasicInfo(new FileBasicInformation(0, 0, 0, 0, FileAttributes.NORMAL));
            assertTrue(h.sparse().isSparse(), "nor clear it");
            h.data().write(0, ByteBuffer.wrap(new byte[] {9}));
            assertEquals(FileAttributes.SPARSE_FILE | FileAttributes.ARCHIVE, h.metadata().stat().fileAttributes(),
                    "a write sets ARCHIVE and keeps SPARSE_FILE");
        }
        try (FileHandle created = fs.create("new.bin", CreateDisposition.CREATE, CreateOptions.NON_DIRECTORY_FILE,
                ALL, FileAttributes.SPARSE_FILE).handle()) {
            assertFalse(created.sparse().isSparse(), "CREATE cannot make a file sparse");
        }
    }

    @Test
    void anOverwriteClearsIt() {
        try (FileHandle h = open(fs, "f.bin", ALL)) {
            h.sparse().setSparse(true);
        }
        try (FileHandle h = fs.create("f.bin", CreateDisposition.OVERWRITE, 0, ALL, 0).handle()) {
            assertFalse(h.sparse().isSparse());
        }
    }

    @Test
    void settingItNeedsWriteDataAttributesOrAppendAndAFile() {
        for (int access : new int[] {AccessMask.FILE_WRITE_ATTRIBUTES, AccessMask.FILE_WRITE_DATA,
                AccessMask.FILE_APPEND_DATA}) {
            try (FileHandle h = open(fs, "f.bin", access)) {
                h.sparse().setSparse(true);
            }
            assertTrue(sparse("f.bin"), "access 0x" + Integer.toHexString(access));
            try (FileHandle h = open(fs, "f.bin", ALL)) {
                h.sparse().setSparse(false);
            }
        }
        try (FileHandle h = open(fs, "f.bin", AccessMask.FILE_WRITE_EA | AccessMask.FILE_READ_ATTRIBUTES)) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> h.sparse().setSparse(true)));
        }
        assertFalse(sparse("f.bin"), "a refused request changes nothing");
        try (FileHandle d = createDirectory(fs, "d")) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> d.sparse().setSparse(true)));
        }
    }

    @Test
    void zeroDataZerosInsideTheEndOfFileOnly() throws IOException {
        try (FileHandle h = open(fs, "f.bin", ALL)) {
            h.sparse().zeroData(100, 4196);
            h.sparse().zeroData(SIZE - 10, SIZE + 100_000);
            h.sparse().zeroData(SIZE + 10, SIZE + 20);
            h.sparse().zeroData(7, 7);
        }
        byte[] expected = new byte[SIZE];
        Arrays.fill(expected, (byte) 1);
        Arrays.fill(expected, 100, 4196, (byte) 0);
        Arrays.fill(expected, SIZE - 10, SIZE, (byte) 0);
        assertArrayEquals(expected, Files.readAllBytes(root.resolve("f.bin")), "never extends the file");
    }

    @Test
    void zeroDataNeedsWriteDataAndAFile() throws IOException {
        for (int access : new int[] {AccessMask.FILE_APPEND_DATA, AccessMask.FILE_WRITE_ATTRIBUTES, READ}) {
            try (FileHandle h = open(fs, "f.bin", access)) {
                assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> h.sparse().zeroData(0, SIZE)));
            }
        }
        try (FileHandle h = open(fs, "f.bin", AccessMask.FILE_WRITE_DATA)) {
            h.sparse().zeroData(0, 1);   // a write-only open: the handle reads the file on a channel of its own
        }
        assertEquals(0, Files.readAllBytes(root.resolve("f.bin"))[0]);
        assertEquals(1, Files.readAllBytes(root.resolve("f.bin"))[1]);
        try (FileHandle d = createDirectory(fs, "d")) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> d.sparse().zeroData(0, 1)));
        }
    }

    @Test
    void allocatedRangesFollowTheSparseAttribute() {
        try (FileHandle h = open(fs, "f.bin", ALL)) {
            h.sparse().zeroData(4096, 3 * 4096);
            assertEquals(List.of(new AllocatedRange(0, SIZE)), h.sparse().allocatedRanges(0, 1 << 20, 10),
                    "not sparse: allocated throughout");
            h.sparse().setSparse(true);
            assertEquals(List.of(new AllocatedRange(0, 4096), new AllocatedRange(3 * 4096, SIZE - 3 * 4096)),
                    h.sparse().allocatedRanges(0, 1 << 20, 10));
            h.sparse().setSparse(false);
            assertEquals(List.of(new AllocatedRange(0, SIZE)), h.sparse().allocatedRanges(0, 1 << 20, 10));
        }
    }

    @Test
    void allocatedRangesNeedReadDataAndAFile() {
        for (int access : new int[] {AccessMask.FILE_READ_ATTRIBUTES, AccessMask.FILE_READ_EA,
                AccessMask.FILE_EXECUTE}) {
            try (FileHandle h = open(fs, "f.bin", access)) {
                assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> h.sparse().allocatedRanges(0, 1, 1)));
            }
        }
        try (FileHandle h = open(fs, "f.bin", AccessMask.FILE_READ_DATA)) {
            assertEquals(List.of(new AllocatedRange(0, 1)), h.sparse().allocatedRanges(0, 1, 1));
        }
        try (FileHandle d = open(fs, "", READ)) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> d.sparse().allocatedRanges(0, 1, 1)));
        }
    }

    @Test
    void aStreamOpenUsesTheStreamsDataAndTheFilesAttribute() throws IOException {
        try (FileHandle s = fs.create("f.bin:s", CreateDisposition.CREATE, 0, ALL, 0).handle()) {
            s.data().write(0, ByteBuffer.wrap(new byte[8192]));
            s.data().write(8192, ByteBuffer.wrap(new byte[] {1}));
            assertEquals(List.of(new AllocatedRange(0, 8193)), s.sparse().allocatedRanges(0, 1 << 20, 10));
            s.sparse().setSparse(true);
            assertEquals(List.of(new AllocatedRange(8192, 1)), s.sparse().allocatedRanges(0, 1 << 20, 10));
            s.sparse().zeroData(0, 1 << 20);
            assertEquals(List.of(), s.sparse().allocatedRanges(0, 1 << 20, 10));
        }
        assertTrue(sparse("f.bin"));
        assertEquals(SIZE, Files.size(root.resolve("f.bin")), "the file's own data is untouched");
    }
}

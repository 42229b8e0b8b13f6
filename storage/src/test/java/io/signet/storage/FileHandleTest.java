package io.signet.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.fscc.FileBasicInformation;
import io.signet.protocol.fscc.FileInfoContext;
import io.signet.protocol.fscc.FileInfoEncoder;
import io.signet.protocol.fscc.FileInformationClass;
import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.fscc.FileTime;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.status.NtStatus;
import io.signet.storage.io.FileDataIo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;

import static io.signet.protocol.smb2.CreateDisposition.OPEN;
import static io.signet.storage.StorageTestSupport.ALL;
import static io.signet.storage.StorageTestSupport.READ;
import static io.signet.storage.StorageTestSupport.READ_WRITE;
import static io.signet.storage.StorageTestSupport.createDirectory;
import static io.signet.storage.StorageTestSupport.createFile;
import static io.signet.storage.StorageTestSupport.readAll;
import static io.signet.storage.StorageTestSupport.status;
import static io.signet.storage.StorageTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileHandleTest {
    @TempDir
    Path root;
    ShareFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(root.resolve("hello.txt"), "hello world");
        Files.createDirectories(root.resolve("dir/sub"));
        fs = new ShareFileSystem(root, false);
    }

    private FileHandle open(String path, int access) {
        return fs.create(path, OPEN, 0, access, 0).handle();
    }

    // --- data ------------------------------------------------------------------------------------------------------

    @Test
    void readsUntilTheBufferIsFullOrTheFileEnds() {
        try (FileHandle h = open("hello.txt", READ)) {
            ByteBuffer five = ByteBuffer.allocate(5);
            assertEquals(5, h.data().read(6, five));
            assertEquals("world", new String(five.array(), StandardCharsets.US_ASCII));
            ByteBuffer big = ByteBuffer.allocate(100);
            assertEquals(3, h.data().read(8, big), "short read at the end of file");
            assertEquals(0, h.data().read(11, ByteBuffer.allocate(10)), "at end of file");
            assertEquals(0, h.data().read(1000, ByteBuffer.allocate(10)), "past end of file");
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> h.data().read(-1, ByteBuffer.allocate(1))));
        }
    }

    @Test
    void dataAccessIsChecked() {
        try (FileHandle writeOnly = open("hello.txt", AccessMask.FILE_WRITE_DATA)) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> writeOnly.data().read(0, ByteBuffer.allocate(4))));
            writeOnly.data().write(0, utf8("J"));
        }
        try (FileHandle readOnly = open("hello.txt", READ)) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> readOnly.data().write(0, utf8("x"))));
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(readOnly.data()::flush));
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> readOnly.data().setEndOfFile(0)));
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> readOnly.data().setAllocationSize(0)));
            assertEquals(NtStatus.STATUS_ACCESS_DENIED,
                    status(() -> readOnly.metadata().setBasicInfo(
                            new FileBasicInformation(0, 0, 0, 0, FileAttributes.HIDDEN))));
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> readOnly.renaming().rename("other.txt", false)));
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> readOnly.deletion().setDeletePending(true)));
        }
        try (FileHandle attributesOnly = open("hello.txt", AccessMask.FILE_READ_ATTRIBUTES)) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED,
                    status(() -> attributesOnly.data().read(0, ByteBuffer.allocate(4))));
            assertEquals(11, attributesOnly.metadata().stat().endOfFile());
        }
        try (FileHandle h = open("hello.txt", READ)) {
            assertEquals("Jello world", readAll(h));
        }
    }

    @Test
    void directoriesHaveNoData() {
        try (FileHandle d = open("dir", ALL)) {
            assertEquals(NtStatus.STATUS_INVALID_DEVICE_REQUEST,
                    status(() -> d.data().read(0, ByteBuffer.allocate(1))));
            assertEquals(NtStatus.STATUS_INVALID_DEVICE_REQUEST, status(() -> d.data().write(0, utf8("x"))));
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> d.data().setEndOfFile(1)));
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> d.data().setAllocationSize(1)));
            d.data().flush();
        }
        try (FileHandle listOnly = open("dir", READ)) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(listOnly.data()::flush),
                    "flushing a directory needs FILE_ADD_FILE or FILE_ADD_SUBDIRECTORY");
        }
    }

    @Test
    void writesExtendAppendAndRefuseBadOffsets() throws IOException {
        try (FileHandle h = open("hello.txt", READ_WRITE)) {
            assertEquals(3, h.data().write(20, utf8("end")));
            assertEquals(23, Files.size(root.resolve("hello.txt")));
            h.data().write(FileDataIo.WRITE_TO_END_OF_FILE, utf8("!"));
            assertEquals(24, Files.size(root.resolve("hello.txt")));
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> h.data().write(-2, utf8("x"))));
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                    status(() -> h.data().write(Long.MAX_VALUE - 1, utf8("xy"))));
            h.data().flush();
        }
        byte[] content = Files.readAllBytes(root.resolve("hello.txt"));
        assertEquals(0, content[15], "the gap is zeros");
        assertEquals("end!", new String(content, 20, 4, StandardCharsets.US_ASCII));
    }

    @Test
    void anAppendOnlyOpenAlwaysWritesAtTheEnd() throws IOException {
        try (FileHandle h = open("hello.txt", AccessMask.FILE_APPEND_DATA)) {
            h.data().write(0, utf8("!"));
        }
        assertEquals("hello world!", Files.readString(root.resolve("hello.txt")));
    }

    @Test
    void endOfFileAndAllocation() throws IOException {
        try (FileHandle h = open("hello.txt", READ_WRITE)) {
            h.data().setEndOfFile(5);
            assertEquals("hello", Files.readString(root.resolve("hello.txt")));
            h.data().setEndOfFile(10_000);
            assertEquals(10_000, Files.size(root.resolve("hello.txt")));
            assertEquals(10_000, h.metadata().stat().endOfFile());
            h.data().setAllocationSize(1 << 20);
            assertEquals(10_000, h.metadata().stat().endOfFile(), "allocating more does not change the size");
            h.data().setAllocationSize(3);
            assertEquals("hel", Files.readString(root.resolve("hello.txt")), "allocating less truncates");
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> h.data().setEndOfFile(-1)));
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> h.data().setAllocationSize(-1)));
        }
    }

    // --- metadata --------------------------------------------------------------------------------------------------

    @Test
    void metadataOfAFileAndADirectory() throws IOException {
        long unit = fs.fsStats().allocationUnit();
        try (FileHandle f = open("hello.txt", READ); FileHandle d = open("dir", READ)) {
            FileMetadata m = f.metadata().stat();
            assertEquals(11, m.endOfFile());
            assertEquals(unit, m.allocationSize());
            assertFalse(m.directory());
            assertEquals(FileAttributes.ARCHIVE, m.fileAttributes(), "a file Signet never touched reports ARCHIVE");
            assertEquals(((Number) Files.getAttribute(root.resolve("hello.txt"), "unix:ino")).longValue(),
                    m.fileId());
            assertEquals(1, m.numberOfLinks());
            assertTrue(m.creationTime() <= m.lastWriteTime());
            assertEquals(FileTime.fromInstant(Files.getLastModifiedTime(root.resolve("hello.txt")).toInstant()),
                    m.lastWriteTime());
            FileMetadata dm = d.metadata().stat();
            assertTrue(dm.directory());
            assertEquals(FileAttributes.DIRECTORY, dm.fileAttributes());
            assertEquals(0, dm.endOfFile());
            assertEquals(0, dm.allocationSize());
            assertNotEquals(m.fileId(), dm.fileId());
        }
        Files.createLink(root.resolve("hard.txt"), root.resolve("hello.txt"));
        try (FileHandle f = open("hello.txt", READ)) {
            assertEquals(2, f.metadata().stat().numberOfLinks());
        }
    }

    @Test
    void basicInformationSetsTimesAndAttributesThatSurviveARestart() throws IOException {
        long creation = FileTime.fromInstant(Instant.parse("2001-02-03T04:05:06Z"));
        long access = FileTime.fromInstant(Instant.parse("2002-02-03T04:05:06Z"));
        long write = FileTime.fromInstant(Instant.parse("2003-02-03T04:05:06.1234567Z"));
        try (FileHandle h = open("hello.txt", READ_WRITE)) {
            h.metadata().setBasicInfo(new FileBasicInformation(creation, access, write, 0,
                    FileAttributes.HIDDEN | FileAttributes.SYSTEM));
            FileMetadata m = h.metadata().stat();
            assertEquals(creation, m.creationTime());
            assertEquals(access, m.lastAccessTime());
            assertEquals(write, m.lastWriteTime());
            assertEquals(FileAttributes.HIDDEN | FileAttributes.SYSTEM, m.fileAttributes());
        }
        ShareFileSystem restarted = new ShareFileSystem(root, false);
        try (FileHandle h = restarted.create("hello.txt", OPEN, 0, READ, 0).handle()) {
            FileMetadata m = h.metadata().stat();
            assertEquals(creation, m.creationTime());
            assertEquals(FileAttributes.HIDDEN | FileAttributes.SYSTEM, m.fileAttributes());
        }
    }

    @Test
    void zeroAndMinusOneLeaveTimesAndAttributesAlone() {
        try (FileHandle h = open("hello.txt", READ_WRITE)) {
            FileMetadata before = h.metadata().stat();
            h.metadata().setBasicInfo(new FileBasicInformation(0, -1, -1, -2, 0));
            FileMetadata after = h.metadata().stat();
            assertEquals(before.creationTime(), after.creationTime());
            assertEquals(before.lastWriteTime(), after.lastWriteTime());
            assertEquals(before.fileAttributes(), after.fileAttributes());
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                    status(() -> h.metadata().setBasicInfo(new FileBasicInformation(-3, 0, 0, 0, 0))));
        }
    }

    @Test
    void readOnlyIsTheOwnerWriteBitAndNormalClearsEverything() throws IOException {
        Path file = root.resolve("hello.txt");
        try (FileHandle h = open("hello.txt", READ_WRITE)) {
            h.metadata().setBasicInfo(
                    new FileBasicInformation(0, 0, 0, 0, FileAttributes.READONLY | FileAttributes.HIDDEN));
            assertFalse(Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_WRITE));
            assertEquals(FileAttributes.READONLY | FileAttributes.HIDDEN, h.metadata().stat().fileAttributes());
            h.metadata().setBasicInfo(new FileBasicInformation(0, 0, 0, 0, FileAttributes.NORMAL));
            assertTrue(Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_WRITE));
            assertEquals(FileAttributes.NORMAL, h.metadata().stat().fileAttributes());
        }
    }

    @Test
    void aDirectoryKeepsReadOnlyWithoutLosingWritePermission() throws IOException {
        try (FileHandle d = open("dir", ALL)) {
            d.metadata().setBasicInfo(new FileBasicInformation(0, 0, 0, 0, FileAttributes.READONLY));
            assertEquals(FileAttributes.DIRECTORY | FileAttributes.READONLY, d.metadata().stat().fileAttributes());
            assertTrue(Files.getPosixFilePermissions(root.resolve("dir")).contains(PosixFilePermission.OWNER_WRITE));
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                    status(() -> d.metadata().setBasicInfo(
                            new FileBasicInformation(0, 0, 0, 0, FileAttributes.TEMPORARY))));
        }
        try (FileHandle f = open("hello.txt", ALL)) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                    status(() -> f.metadata().setBasicInfo(
                            new FileBasicInformation(0, 0, 0, 0, FileAttributes.DIRECTORY))));
        }
    }

    @Test
    void writingSetsArchiveAndKeepsAClientSetWriteTime() {
        long write = FileTime.fromInstant(Instant.parse("2010-01-01T00:00:00Z"));
        try (FileHandle h = open("hello.txt", READ_WRITE)) {
            h.metadata().setBasicInfo(new FileBasicInformation(0, 0, 0, 0, FileAttributes.NORMAL));
            assertEquals(FileAttributes.NORMAL, h.metadata().stat().fileAttributes());
            h.data().write(0, utf8("H"));
            assertEquals(FileAttributes.ARCHIVE, h.metadata().stat().fileAttributes());
            h.metadata().setBasicInfo(new FileBasicInformation(0, 0, write, 0, 0));
            h.data().write(1, utf8("E"));
            h.data().setEndOfFile(4);
            assertEquals(write, h.metadata().stat().lastWriteTime());
        }
    }

    @Test
    void fileIdIsStableAcrossRenames() {
        try (FileHandle h = open("hello.txt", ALL)) {
            long id = h.metadata().stat().fileId();
            h.renaming().rename("dir\\moved.txt", false);
            assertEquals(id, h.metadata().stat().fileId());
        }
    }

    @Test
    void infoContextDescribesTheOpenForQueryInfo() throws IOException {
        try (FileHandle h = fs.create("Dir\\Sub\\q.txt", CreateDisposition.CREATE,
                CreateOptions.WRITE_THROUGH | CreateOptions.SYNCHRONOUS_IO_NONALERT | CreateOptions.RANDOM_ACCESS,
                READ_WRITE, 0).handle()) {
            FileInfoContext ctx = h.metadata().infoContext();
            assertEquals("\\dir\\sub\\q.txt", ctx.fileName(), "disk spelling of existing parents, leading '\\'");
            assertEquals(CreateOptions.WRITE_THROUGH | CreateOptions.SYNCHRONOUS_IO_NONALERT, ctx.mode());
            assertEquals(h.grantedAccess(), ctx.accessMask());
            assertEquals(0, ctx.currentByteOffset());
            assertFalse(ctx.deletePending());
            assertEquals(Integer.toUnsignedLong(fs.volumeSerial()), ctx.volumeSerialNumber().getAsLong());
            assertEquals(((Number) Files.getAttribute(root.resolve("dir/sub/q.txt"), "unix:ino")).longValue(),
                    ctx.metadata().fileId());
            ByteBuf out = Unpooled.buffer();
            try {
                FileInfoEncoder.encode(FileInformationClass.FileStandardInformation, ctx, out);
                assertEquals(24, out.readableBytes());
            } finally {
                out.release();
            }
        }
        try (FileHandle r = open("", READ)) {
            assertEquals("\\", r.metadata().infoContext().fileName());
        }
    }

    // --- rename ----------------------------------------------------------------------------------------------------

    @Test
    void renameMovesTheFileAndEveryOpenFollows() throws IOException {
        try (FileHandle h = open("hello.txt", ALL); FileHandle other = open("hello.txt", READ)) {
            h.renaming().rename("\\DIR\\Sub\\New.txt", false);
            assertEquals("dir\\sub\\New.txt", h.smbPath());
            assertEquals("dir\\sub\\New.txt", other.smbPath());
            assertEquals(root.toRealPath().resolve("dir/sub/New.txt"), other.path());
            assertEquals("hello world", readAll(other));
        }
        assertFalse(Files.exists(root.resolve("hello.txt")));
        assertEquals("hello world", Files.readString(root.resolve("dir/sub/New.txt")));
    }

    @Test
    void renameOntoAnExistingFile() throws IOException {
        Files.writeString(root.resolve("target.txt"), "target");
        try (FileHandle h = open("hello.txt", ALL)) {
            assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION, status(() -> h.renaming().rename("TARGET.TXT", false)));
            assertEquals("target", Files.readString(root.resolve("target.txt")));
            h.renaming().rename("Target.txt", true);
            assertEquals("Target.txt", h.smbPath(), "the new name takes the client's spelling");
        }
        assertFalse(Files.exists(root.resolve("target.txt")));
        assertEquals("hello world", Files.readString(root.resolve("Target.txt")));
    }

    @Test
    void renameRefusesToReplaceADirectoryAReadOnlyOrAnOpenFile() throws IOException {
        Files.writeString(root.resolve("ro.txt"), "ro");
        Files.writeString(root.resolve("busy.txt"), "busy");
        try (FileHandle ro = open("ro.txt", READ_WRITE)) {
            ro.metadata().setBasicInfo(new FileBasicInformation(0, 0, 0, 0, FileAttributes.READONLY));
        }
        try (FileHandle h = open("hello.txt", ALL); FileHandle busy = open("busy.txt", READ)) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> h.renaming().rename("dir", true)));
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> h.renaming().rename("ro.txt", true)));
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> h.renaming().rename("busy.txt", true)));
            assertEquals("busy", readAll(busy));
        }
    }

    @Test
    void renameChangesOnlyTheCase() throws IOException {
        try (FileHandle h = open("hello.txt", ALL)) {
            h.renaming().rename("HELLO.TXT", false);
            assertEquals("HELLO.TXT", h.smbPath());
            h.renaming().rename("HELLO.TXT", false);
        }
        assertTrue(Files.exists(root.resolve("HELLO.TXT")));
        assertFalse(Files.exists(root.resolve("hello.txt")));
    }

    @Test
    void renameTargetsAreResolvedLikeAnyPath() {
        try (FileHandle h = open("hello.txt", ALL)) {
            assertEquals(NtStatus.STATUS_OBJECT_NAME_INVALID,
                    status(() -> h.renaming().rename("..\\escape.txt", false)));
            assertEquals(NtStatus.STATUS_OBJECT_NAME_INVALID, status(() -> h.renaming().rename("", false)));
            assertEquals(NtStatus.STATUS_OBJECT_NAME_INVALID, status(() -> h.renaming().rename("a:b", false)));
            assertEquals(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND,
                    status(() -> h.renaming().rename("nope\\x.txt", false)));
        }
        try (FileHandle d = open("dir", ALL)) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                    status(() -> d.renaming().rename("dir\\sub\\inner", false)));
        }
        try (FileHandle r = open("", ALL)) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> r.renaming().rename("newroot", false)));
        }
    }

    @Test
    void renameADirectory() {
        try (FileHandle d = open("dir", ALL)) {
            d.renaming().rename("renamed", false);
        }
        assertTrue(Files.isDirectory(root.resolve("renamed/sub")));
    }

    // --- delete ----------------------------------------------------------------------------------------------------

    @Test
    void deletePendingDeletesAtTheLastClose() {
        FileHandle a = open("hello.txt", ALL);
        FileHandle b = open("hello.txt", READ);
        a.deletion().setDeletePending(true);
        assertTrue(b.deletePending(), "delete pending is a property of the file, seen by every open");
        a.close();
        assertTrue(Files.exists(root.resolve("hello.txt")), "another open remains");
        b.close();
        assertFalse(Files.exists(root.resolve("hello.txt")));
    }

    @Test
    void deletePendingCanBeCleared() {
        try (FileHandle h = open("hello.txt", ALL)) {
            h.deletion().setDeletePending(true);
            h.deletion().setDeletePending(false);
            assertFalse(h.deletePending());
        }
        assertTrue(Files.exists(root.resolve("hello.txt")));
    }

    @Test
    void directoriesMustBeEmptyToBeDeleted() {
        try (FileHandle d = open("dir", ALL)) {
            assertEquals(NtStatus.STATUS_DIRECTORY_NOT_EMPTY, status(() -> d.deletion().setDeletePending(true)));
            assertFalse(d.deletePending());
        }
        try (FileHandle d = open("dir\\sub", ALL)) {
            d.deletion().setDeletePending(true);
        }
        assertFalse(Files.exists(root.resolve("dir/sub")));
        assertTrue(Files.exists(root.resolve("dir")));
    }

    @Test
    void readOnlyFilesAndTheRootCannotBeDeleted() {
        try (FileHandle h = open("hello.txt", ALL)) {
            h.metadata().setBasicInfo(new FileBasicInformation(0, 0, 0, 0, FileAttributes.READONLY));
            assertEquals(NtStatus.STATUS_CANNOT_DELETE, status(() -> h.deletion().setDeletePending(true)));
        }
        try (FileHandle r = open("", ALL)) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> r.deletion().setDeletePending(true)));
        }
        assertTrue(Files.exists(root.resolve("hello.txt")));
    }

    @Test
    void aClosedHandleRefusesEverythingAndClosesOnce() {
        FileHandle h = createFile(fs, "new.txt", READ_WRITE);
        h.close();
        h.close();
        assertEquals(NtStatus.STATUS_FILE_CLOSED, status(h.metadata()::stat));
        assertEquals(NtStatus.STATUS_FILE_CLOSED, status(() -> h.data().read(0, ByteBuffer.allocate(1))));
        assertEquals(NtStatus.STATUS_FILE_CLOSED, status(() -> h.data().write(0, utf8("x"))));
        FileHandle d = createDirectory(fs, "newdir");
        d.close();
        assertEquals(NtStatus.STATUS_FILE_CLOSED, status(d::directoryCursor));
    }
}

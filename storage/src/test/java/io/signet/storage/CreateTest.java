package io.signet.storage;

import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.CreateAction;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.status.NtStatus;
import io.signet.storage.create.DesiredAccess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import static io.signet.protocol.smb2.CreateDisposition.CREATE;
import static io.signet.protocol.smb2.CreateDisposition.OPEN;
import static io.signet.protocol.smb2.CreateDisposition.OPEN_IF;
import static io.signet.protocol.smb2.CreateDisposition.OVERWRITE;
import static io.signet.protocol.smb2.CreateDisposition.OVERWRITE_IF;
import static io.signet.protocol.smb2.CreateDisposition.SUPERSEDE;
import static io.signet.protocol.smb2.CreateOptions.DELETE_ON_CLOSE;
import static io.signet.protocol.smb2.CreateOptions.DIRECTORY_FILE;
import static io.signet.protocol.smb2.CreateOptions.NON_DIRECTORY_FILE;
import static io.signet.storage.StorageTestSupport.ALL;
import static io.signet.storage.StorageTestSupport.READ;
import static io.signet.storage.StorageTestSupport.READ_WRITE;
import static io.signet.storage.StorageTestSupport.readAll;
import static io.signet.storage.StorageTestSupport.status;
import static io.signet.storage.StorageTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreateTest {
    @TempDir
    Path root;
    ShareFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(root.resolve("existing.txt"), "old content");
        Files.createDirectory(root.resolve("dir"));
        fs = new ShareFileSystem(root, false);
    }

    private CreateResult create(String path, CreateDisposition d, int options, int access) {
        return fs.create(path, d, options, access, 0);
    }

    private CreateAction action(String path, CreateDisposition d, int options) {
        CreateResult r = create(path, d, options, READ_WRITE);
        r.handle().close();
        return r.action();
    }

    // --- files -----------------------------------------------------------------------------------------------------

    @Test
    void dispositionsOnAMissingFile() {
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, status(() -> create("new.txt", OPEN, 0, READ)));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, status(() -> create("new.txt", OVERWRITE, 0, READ)));
        assertFalse(Files.exists(root.resolve("new.txt")));
        assertEquals(CreateAction.CREATED, action("a.txt", SUPERSEDE, 0));
        assertEquals(CreateAction.CREATED, action("b.txt", CREATE, 0));
        assertEquals(CreateAction.CREATED, action("c.txt", OPEN_IF, 0));
        assertEquals(CreateAction.CREATED, action("d.txt", OVERWRITE_IF, 0));
        for (String n : new String[]{"a.txt", "b.txt", "c.txt", "d.txt"}) {
            assertTrue(Files.isRegularFile(root.resolve(n)), n);
        }
    }

    @Test
    void openAndOpenIfKeepAnExistingFile() {
        for (CreateDisposition d : new CreateDisposition[]{OPEN, OPEN_IF}) {
            CreateResult r = create("existing.txt", d, 0, READ);
            assertEquals(CreateAction.OPENED, r.action());
            assertEquals("old content", readAll(r.handle()));
            r.handle().close();
        }
    }

    @Test
    void createOnAnExistingFileCollides() {
        assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION, status(() -> create("EXISTING.TXT", CREATE, 0, READ)));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION, status(() -> create("dir", CREATE, 0, READ)));
    }

    @Test
    void overwriteAndSupersedeTruncate() throws IOException {
        for (CreateDisposition d : new CreateDisposition[]{OVERWRITE, OVERWRITE_IF, SUPERSEDE}) {
            Files.writeString(root.resolve("existing.txt"), "old content");
            CreateResult r = create("existing.txt", d, 0, READ_WRITE);
            assertEquals(d == SUPERSEDE ? CreateAction.SUPERSEDED : CreateAction.OVERWRITTEN, r.action(), d.name());
            assertEquals(0, Files.size(root.resolve("existing.txt")), d.name());
            r.handle().data().write(0, utf8("new"));
            r.handle().close();
            assertEquals("new", Files.readString(root.resolve("existing.txt")));
        }
    }

    @Test
    void overwriteAppliesTheRequestedAttributesPlusArchive() {
        CreateResult r = fs.create("existing.txt", OVERWRITE, 0, READ_WRITE, FileAttributes.HIDDEN);
        assertEquals(FileAttributes.HIDDEN | FileAttributes.ARCHIVE, r.handle().metadata().stat().fileAttributes());
        r.handle().close();
    }

    @Test
    void overwriteMayNotDropHiddenOrSystem() {
        FileHandle h = open("existing.txt", READ_WRITE);
        h.metadata().setBasicInfo(new io.signet.protocol.fscc.FileBasicInformation(0, 0, 0, 0,
                FileAttributes.HIDDEN | FileAttributes.SYSTEM));
        h.close();
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("existing.txt", OVERWRITE, 0, READ_WRITE)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED,
                status(() -> fs.create("existing.txt", SUPERSEDE, 0, READ_WRITE, FileAttributes.HIDDEN)));
        CreateResult r = fs.create("existing.txt", OVERWRITE_IF, 0, READ_WRITE,
                FileAttributes.HIDDEN | FileAttributes.SYSTEM);
        assertEquals(CreateAction.OVERWRITTEN, r.action());
        r.handle().close();
    }

    @Test
    void newFilesGetTheRequestedAttributesAndArchive() {
        CreateResult r = fs.create("hidden.txt", CREATE, 0, READ_WRITE, FileAttributes.HIDDEN | FileAttributes.NORMAL);
        assertEquals(FileAttributes.HIDDEN | FileAttributes.ARCHIVE, r.handle().metadata().stat().fileAttributes());
        r.handle().close();
    }

    @Test
    void aFileCreatedReadOnlyIsWritableThroughItsCreatingHandleOnly() throws IOException {
        CreateResult r = fs.create("ro.txt", CREATE, 0, READ_WRITE, FileAttributes.READONLY);
        r.handle().data().write(0, utf8("data"));
        assertTrue(Files.getPosixFilePermissions(root.resolve("ro.txt")).stream()
                .noneMatch(p -> p == PosixFilePermission.OWNER_WRITE));
        r.handle().close();
        assertEquals("data", Files.readString(root.resolve("ro.txt")));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("ro.txt", OPEN, 0, READ_WRITE)));
    }

    // --- directories -----------------------------------------------------------------------------------------------

    @Test
    void directoryDispositions() {
        CreateResult created = create("newdir", CREATE, DIRECTORY_FILE, READ);
        assertEquals(CreateAction.CREATED, created.action());
        assertTrue(created.handle().isDirectory());
        assertTrue(Files.isDirectory(root.resolve("newdir")));
        created.handle().close();
        assertEquals(CreateAction.CREATED, action("other", OPEN_IF, DIRECTORY_FILE));
        assertTrue(Files.isDirectory(root.resolve("other")));
        assertEquals(CreateAction.OPENED, action("other", OPEN_IF, DIRECTORY_FILE));
        assertEquals(CreateAction.OPENED, action("DIR", OPEN, DIRECTORY_FILE));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION, status(() -> create("dir", CREATE, DIRECTORY_FILE, READ)));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, status(() -> create("none", OPEN, DIRECTORY_FILE, READ)));
    }

    @ParameterizedTest
    @EnumSource(value = CreateDisposition.class, names = {"SUPERSEDE", "OVERWRITE", "OVERWRITE_IF"})
    void directoriesCannotBeOverwritten(CreateDisposition d) {
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> create("dir", d, DIRECTORY_FILE, READ_WRITE)));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION, status(() -> create("dir", d, 0, READ_WRITE)),
                "without DIRECTORY_FILE the existing directory collides");
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("", d, 0, READ_WRITE)), "the share root");
        assertTrue(Files.isDirectory(root.resolve("dir")));
    }

    @Test
    void anExistingDirectoryOpensWithoutDirectoryFile() {
        CreateResult r = create("dir", OPEN, 0, READ);
        assertTrue(r.handle().isDirectory());
        r.handle().close();
        CreateResult rootOpen = create("", OPEN, 0, READ);
        assertTrue(rootOpen.handle().isDirectory());
        assertEquals("", rootOpen.handle().smbPath());
        rootOpen.handle().close();
    }

    @Test
    void fileTypeMismatches() {
        assertEquals(NtStatus.STATUS_FILE_IS_A_DIRECTORY, status(() -> create("dir", OPEN, NON_DIRECTORY_FILE, READ)));
        assertEquals(NtStatus.STATUS_NOT_A_DIRECTORY,
                status(() -> create("existing.txt", OPEN, DIRECTORY_FILE, READ)));
        assertEquals(NtStatus.STATUS_NOT_A_DIRECTORY,
                status(() -> create("existing.txt", OPEN_IF, DIRECTORY_FILE, READ)));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_COLLISION,
                status(() -> create("existing.txt", CREATE, DIRECTORY_FILE, READ)));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                status(() -> create("x", OPEN_IF, DIRECTORY_FILE | NON_DIRECTORY_FILE, READ)));
    }

    @Test
    void aTrailingSeparatorNamesADirectory() {
        assertEquals(CreateAction.CREATED, action("viaslash\\", OPEN_IF, 0));
        assertTrue(Files.isDirectory(root.resolve("viaslash")));
        assertEquals(NtStatus.STATUS_NOT_A_DIRECTORY, status(() -> create("existing.txt\\", OPEN, 0, READ)));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_INVALID,
                status(() -> create("dir\\", OPEN, NON_DIRECTORY_FILE, READ)));
    }

    @Test
    void directoriesTakeOnlyDirectoryOptionsAndNoTemporaryAttribute() {
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                status(() -> create("d2", CREATE, DIRECTORY_FILE | CreateOptions.SEQUENTIAL_ONLY, READ)));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                status(() -> fs.create("d3", CREATE, DIRECTORY_FILE, READ, FileAttributes.TEMPORARY)));
        assertEquals(CreateAction.CREATED,
                action("d4", CREATE, DIRECTORY_FILE | CreateOptions.SYNCHRONOUS_IO_NONALERT),
                "options the server must ignore do not count");
    }

    // --- parameters and access -------------------------------------------------------------------------------------

    @Test
    void invalidAccessMasks() {
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("existing.txt", OPEN, 0, 0)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("existing.txt", OPEN, 0, READ | 0x200)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("existing.txt", OPEN, 0, READ | 0x04000000)));
        assertEquals(NtStatus.STATUS_PRIVILEGE_NOT_HELD,
                status(() -> create("existing.txt", OPEN, 0, READ | AccessMask.ACCESS_SYSTEM_SECURITY)));
    }

    @Test
    void unsupportedOptions() {
        assertEquals(NtStatus.STATUS_NOT_SUPPORTED,
                status(() -> create("existing.txt", OPEN, CreateOptions.OPEN_BY_FILE_ID, READ)));
        assertEquals(NtStatus.STATUS_NOT_SUPPORTED,
                status(() -> create("existing.txt", OPEN, CreateOptions.RESERVE_OPFILTER, READ)));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> create("existing.txt", OPEN,
                CreateOptions.NO_INTERMEDIATE_BUFFERING, AccessMask.FILE_APPEND_DATA)));
        CreateResult unbuffered = create("existing.txt", OPEN, CreateOptions.NO_INTERMEDIATE_BUFFERING, READ_WRITE);
        unbuffered.handle().close();
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> fs.create("x", null, 0, READ, 0)));
    }

    @Test
    void grantedAccessIsTheGenericMapping() {
        FileHandle h = open("existing.txt", AccessMask.GENERIC_READ);
        assertEquals(AccessMask.FILE_GENERIC_READ, h.grantedAccess());
        h.close();
        h = open("existing.txt", AccessMask.MAXIMUM_ALLOWED);
        assertEquals(AccessMask.FILE_ALL_ACCESS, h.grantedAccess());
        h.close();
    }

    @Test
    void aReadOnlyFileTrimsMaximumAllowedAndRefusesExplicitWrites() {
        FileHandle h = open("existing.txt", READ_WRITE);
        h.metadata().setBasicInfo(
                new io.signet.protocol.fscc.FileBasicInformation(0, 0, 0, 0, FileAttributes.READONLY));
        h.close();
        FileHandle max = open("existing.txt", AccessMask.MAXIMUM_ALLOWED);
        assertEquals(AccessMask.FILE_ALL_ACCESS & ~DesiredAccess.DATA_WRITE_RIGHTS, max.grantedAccess());
        max.close();
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> open("existing.txt", AccessMask.FILE_WRITE_DATA)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> open("existing.txt", AccessMask.FILE_APPEND_DATA)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("existing.txt", OVERWRITE_IF, 0, READ)));
        assertEquals(NtStatus.STATUS_CANNOT_DELETE,
                status(() -> create("existing.txt", OPEN, DELETE_ON_CLOSE, AccessMask.DELETE)));
    }

    @Test
    void deleteOnCloseNeedsDeleteAccessAndDeletesAtClose() {
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("existing.txt", OPEN, DELETE_ON_CLOSE, READ)));
        CreateResult r = create("existing.txt", OPEN, DELETE_ON_CLOSE, AccessMask.DELETE | READ);
        assertTrue(Files.exists(root.resolve("existing.txt")));
        r.handle().close();
        assertFalse(Files.exists(root.resolve("existing.txt")));
        CreateResult viaGenericAll = create("temp.txt", CREATE, DELETE_ON_CLOSE, ALL);
        viaGenericAll.handle().close();
        assertFalse(Files.exists(root.resolve("temp.txt")));
        assertEquals(NtStatus.STATUS_CANNOT_DELETE,
                status(() -> fs.create("ro.txt", CREATE, DELETE_ON_CLOSE, ALL, FileAttributes.READONLY)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("", OPEN, DELETE_ON_CLOSE, ALL)),
                "the share root");
    }

    @Test
    void aFileWithADeletePendingCannotBeOpened() {
        FileHandle h = open("existing.txt", ALL);
        h.deletion().setDeletePending(true);
        assertEquals(NtStatus.STATUS_DELETE_PENDING, status(() -> open("existing.txt", READ)));
        h.close();
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, status(() -> open("existing.txt", READ)));
    }

    @Test
    void readOnlyShare() {
        ShareFileSystem ro = new ShareFileSystem(root, true);
        assertTrue(ro.isReadOnly());
        FileHandle h = ro.create("existing.txt", OPEN, 0, READ, 0).handle();
        assertEquals("old content", readAll(h));
        h.close();
        FileHandle max = ro.create("existing.txt", OPEN, 0, AccessMask.MAXIMUM_ALLOWED, 0).handle();
        assertEquals(DesiredAccess.READ_ONLY_SHARE_RIGHTS, max.grantedAccess());
        max.close();
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> ro.create("existing.txt", OPEN, 0, READ_WRITE, 0)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED,
                status(() -> ro.create("existing.txt", OPEN, 0, AccessMask.DELETE, 0)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED,
                status(() -> ro.create("existing.txt", OPEN, 0, AccessMask.FILE_WRITE_ATTRIBUTES, 0)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> ro.create("new.txt", OPEN_IF, 0, READ, 0)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> ro.create("new", CREATE, DIRECTORY_FILE, READ, 0)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> ro.create("existing.txt", OVERWRITE_IF, 0, READ, 0)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> ro.create("existing.txt", SUPERSEDE, 0, READ, 0)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED,
                status(() -> ro.create("existing.txt", OPEN, DELETE_ON_CLOSE, AccessMask.DELETE, 0)));
        assertFalse(Files.exists(root.resolve("new.txt")));
        assertTrue(ro.fsStats().readOnly());
    }

    @Test
    void badPathsFailBeforeAnythingIsCreated() {
        assertEquals(NtStatus.STATUS_OBJECT_NAME_INVALID, status(() -> create("..\\x.txt", OPEN_IF, 0, READ_WRITE)));
        assertEquals(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND,
                status(() -> create("missing\\x.txt", OPEN_IF, 0, READ_WRITE)));
    }

    private FileHandle open(String path, int access) {
        return fs.create(path, OPEN, 0, access, 0).handle();
    }
}

package io.signet.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.dtyp.AccessToken;
import io.signet.protocol.dtyp.Ace;
import io.signet.protocol.dtyp.Acl;
import io.signet.protocol.dtyp.SecurityDescriptor;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.status.NtStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.signet.storage.CreateDisposition.CREATE;
import static io.signet.storage.CreateDisposition.OPEN;
import static io.signet.storage.CreateDisposition.OVERWRITE_IF;
import static io.signet.storage.StorageTestSupport.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CREATE checked against stored descriptors ([MS-FSA] 2.1.5.1.1 and 2.1.5.1.2.1). */
class FileAccessCheckTest {
    private static final Sid ALICE = Sid.parse("S-1-5-21-1-2-3-1001");
    private static final Sid BOB = Sid.parse("S-1-5-21-1-2-3-1002");
    private static final FileAccessCheck AS_ALICE = FileAccessCheck.forToken(
            new AccessToken(ALICE, List.of(Sid.EVERYONE, Sid.AUTHENTICATED_USERS)));
    /** What delete-on-close.c's create_dir grants: most rights, but neither DELETE nor FILE_DELETE_CHILD. */
    private static final int NO_DELETE = 0x1e01bf;
    private static final int SHARE_ALL = ShareAccess.ALL;

    @TempDir
    Path root;
    ShareFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        StorageTestSupport.assumeUserXattrs(root);
        Files.createDirectory(root.resolve("dir"));
        Files.writeString(root.resolve("dir").resolve("f.txt"), "data");
        fs = new ShareFileSystem(root, false);
    }

    private void protect(String path, Sid owner, Ace... aces) {
        store(path, new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT, owner, null, null, Acl.of(aces)));
    }

    private void store(String path, SecurityDescriptor sd) {
        ByteBuf buf = Unpooled.buffer();
        sd.encode(buf);
        SecurityDescriptorStore.store(root.resolve(path.replace('\\', '/')), ByteBufUtil.getBytes(buf));
    }

    private CreateResult create(String path, CreateDisposition d, int options, int access) {
        return fs.create(path, d, options, access, SHARE_ALL, 0, AS_ALICE);
    }

    @Test
    void withoutADescriptorEverythingAskedForIsGranted() {
        try (FileHandle h = create("dir\\f.txt", OPEN, 0, AccessMask.GENERIC_ALL).handle()) {
            assertEquals(AccessMask.FILE_ALL_ACCESS, h.grantedAccess());
        }
        assertEquals(Optional.empty(), AS_ALICE.maximalAccess(root.resolve("dir/f.txt"), false));
    }

    @Test
    void aRightTheDaclDoesNotGrantIsAccessDeniedAndOverwriteTruncatesNothing() throws IOException {
        protect("dir", ALICE, Ace.allow(ALICE, NO_DELETE, 0));
        protect("dir\\f.txt", ALICE, Ace.allow(ALICE, NO_DELETE, 0));
        int withDelete = AccessMask.DELETE | AccessMask.FILE_WRITE_DATA;
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("dir\\f.txt", OVERWRITE_IF,
                CreateOptions.DELETE_ON_CLOSE | CreateOptions.NON_DIRECTORY_FILE, withDelete)));
        assertEquals("data", Files.readString(root.resolve("dir/f.txt")));
        try (FileHandle h = create("dir\\f.txt", OVERWRITE_IF, 0, AccessMask.FILE_WRITE_DATA).handle()) {
            assertEquals(AccessMask.FILE_WRITE_DATA, h.grantedAccess());
        }
        assertEquals("", Files.readString(root.resolve("dir/f.txt")));
    }

    @Test
    void deleteChildOnTheParentGrantsDelete() {
        protect("dir\\f.txt", ALICE, Ace.allow(ALICE, NO_DELETE, 0));
        protect("dir", ALICE, Ace.allow(ALICE, NO_DELETE | AccessMask.FILE_DELETE_CHILD, 0));
        try (FileHandle h = create("dir\\f.txt", OPEN, 0, AccessMask.DELETE).handle()) {
            assertEquals(AccessMask.DELETE, h.grantedAccess());
        }
        assertEquals(Optional.of(NO_DELETE | AccessMask.DELETE), AS_ALICE.maximalAccess(root.resolve("dir/f.txt"),
                false));
    }

    @Test
    void aParentWithoutADescriptorLeavesDeletingToPosix() {
        protect("dir", ALICE, Ace.allow(ALICE, NO_DELETE, 0));
        try (FileHandle h = create("dir", OPEN, CreateOptions.DIRECTORY_FILE, AccessMask.DELETE).handle()) {
            assertTrue((h.grantedAccess() & AccessMask.DELETE) != 0);
        }
    }

    @Test
    void maximumAllowedGetsWhatTheDaclGrants() {
        protect("dir\\f.txt", BOB, Ace.allow(ALICE, AccessMask.FILE_GENERIC_READ, 0));
        protect("dir", BOB, Ace.allow(ALICE, AccessMask.FILE_GENERIC_READ, 0));
        try (FileHandle h = create("dir\\f.txt", OPEN, 0, AccessMask.MAXIMUM_ALLOWED).handle()) {
            assertEquals(AccessMask.FILE_GENERIC_READ, h.grantedAccess());
        }
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("dir\\f.txt", OPEN, 0,
                AccessMask.MAXIMUM_ALLOWED | AccessMask.FILE_WRITE_DATA)));
        protect("dir\\f.txt", BOB);
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("dir\\f.txt", OPEN, 0,
                AccessMask.MAXIMUM_ALLOWED)));
    }

    @Test
    void theOwnerMayAlwaysReadAndChangeTheDacl() {
        protect("dir\\f.txt", ALICE);
        try (FileHandle h = create("dir\\f.txt", OPEN, 0, AccessMask.READ_CONTROL | AccessMask.WRITE_DAC).handle()) {
            assertEquals(AccessMask.READ_CONTROL | AccessMask.WRITE_DAC, h.grantedAccess());
        }
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("dir\\f.txt", OPEN, 0,
                AccessMask.FILE_READ_ATTRIBUTES)));
    }

    @Test
    void aNullDaclGrantsEverything() {
        store("dir\\f.txt", new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT, BOB, null, null, null));
        try (FileHandle h = create("dir\\f.txt", OPEN, 0, AccessMask.GENERIC_ALL).handle()) {
            assertEquals(AccessMask.FILE_ALL_ACCESS, h.grantedAccess());
        }
    }

    @Test
    void creatingNeedsAddFileOrAddSubdirectoryOnTheParent() {
        protect("dir", BOB, Ace.allow(ALICE, AccessMask.FILE_GENERIC_READ | AccessMask.FILE_APPEND_DATA, 0));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("dir\\new.txt", CREATE, 0,
                AccessMask.GENERIC_ALL)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("dir\\new.txt:s", CREATE, 0,
                AccessMask.GENERIC_ALL)));
        assertFalse(Files.exists(root.resolve("dir/new.txt")));
        create("dir\\sub", CREATE, CreateOptions.DIRECTORY_FILE, AccessMask.GENERIC_READ).handle().close();
        assertTrue(Files.isDirectory(root.resolve("dir/sub")));
    }

    @Test
    void aStreamIsProtectedByItsFilesDescriptor() {
        protect("dir\\f.txt", ALICE, Ace.allow(ALICE, AccessMask.FILE_GENERIC_READ, 0));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("dir\\f.txt:s", CREATE, 0,
                AccessMask.GENERIC_WRITE)));
    }
}

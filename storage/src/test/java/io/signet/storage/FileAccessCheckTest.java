package io.signet.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.dtyp.AccessToken;
import io.signet.protocol.dtyp.Ace;
import io.signet.protocol.dtyp.Acl;
import io.signet.protocol.dtyp.SecurityDescriptor;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.status.NtStatus;
import io.signet.storage.create.FileAccessCheck;
import io.signet.storage.metadata.SecurityDescriptorStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.signet.protocol.smb2.CreateDisposition.CREATE;
import static io.signet.protocol.smb2.CreateDisposition.OPEN;
import static io.signet.protocol.smb2.CreateDisposition.OVERWRITE_IF;
import static io.signet.storage.StorageTestSupport.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CREATE checked against stored descriptors ([MS-FSA] 2.1.5.1.1 and 2.1.5.1.2.1). */
class FileAccessCheckTest {
    private static final Sid ALICE = Sid.parse("S-1-5-21-1-2-3-1001");
    private static final Sid BOB = Sid.parse("S-1-5-21-1-2-3-1002");
    private static final AccessToken AS_ALICE_TOKEN = new AccessToken(ALICE, List.of(Sid.EVERYONE,
            Sid.AUTHENTICATED_USERS));
    private static final FileAccessCheck AS_ALICE = FileAccessCheck.forToken(AS_ALICE_TOKEN);
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
        // An empty DACL grants nothing but what listing the parent lends (smbtorture smb2.acls.GENERIC)...
        protect("dir\\f.txt", BOB);
        try (FileHandle h = create("dir\\f.txt", OPEN, 0, AccessMask.MAXIMUM_ALLOWED).handle()) {
            assertEquals(AccessMask.FILE_READ_ATTRIBUTES, h.grantedAccess());
        }
        // ... and when the parent lends nothing either, MAXIMUM_ALLOWED finds nothing to grant.
        protect("dir", BOB, Ace.allow(ALICE, AccessMask.FILE_WRITE_DATA, 0));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("dir\\f.txt", OPEN, 0,
                AccessMask.MAXIMUM_ALLOWED)));
    }

    @Test
    void theOwnerMayAlwaysReadAndChangeTheDacl() {
        protect("dir\\f.txt", ALICE);
        protect("dir", ALICE, Ace.allow(ALICE, AccessMask.FILE_WRITE_DATA, 0));
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

    @Test
    void listingTheParentGrantsReadAttributes() {
        protect("dir\\f.txt", BOB);
        protect("dir", BOB, Ace.allow(ALICE, AccessMask.FILE_READ_DATA, 0)); // FILE_LIST_DIRECTORY
        try (FileHandle h = create("dir\\f.txt", OPEN, 0, AccessMask.FILE_READ_ATTRIBUTES).handle()) {
            assertEquals(AccessMask.FILE_READ_ATTRIBUTES, h.grantedAccess());
        }
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("dir\\f.txt", OPEN, 0,
                AccessMask.FILE_READ_DATA)));
    }

    /** Found by the security review: a descriptor that cannot be read counted as none, i.e. no restriction. */
    @Test
    void anUnreadableDescriptorDeniesInsteadOfLettingEveryoneIn() throws IOException {
        Path file = root.resolve("dir/f.txt");
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        view.write(SecurityDescriptorStore.ATTRIBUTE, ByteBuffer.wrap(new byte[] {1, 0, 4, 0, 9, 9}));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("dir\\f.txt", OPEN, 0,
                AccessMask.FILE_READ_DATA)));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> AS_ALICE.maximalAccess(file, false)));
        // Nor can anything be created in a directory whose descriptor is unreadable.
        Files.getFileAttributeView(root.resolve("dir"), UserDefinedFileAttributeView.class)
                .write(SecurityDescriptorStore.ATTRIBUTE, ByteBuffer.wrap(new byte[0]));
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> create("dir\\new.txt", CREATE, 0,
                AccessMask.GENERIC_ALL)));
        assertFalse(Files.exists(root.resolve("dir/new.txt")));
    }

    @Test
    void aNewFileGetsItsDescriptorOrIsNotCreated() {
        SecurityDescriptor given = new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT, ALICE, null, null,
                Acl.of(Ace.allow(ALICE, AccessMask.FILE_ALL_ACCESS, 0)));
        FileAccessCheck withDescriptor = FileAccessCheck.forToken(AS_ALICE_TOKEN, (parent, directory) -> given);
        fs.create("dir\\new.txt", CREATE, 0, AccessMask.GENERIC_ALL, SHARE_ALL, 0, withDescriptor).handle().close();
        assertEquals(Optional.of(given), SecurityDescriptorStore.read(root.resolve("dir/new.txt")));

        // One that cannot be stored (a DACL and a SACL of 60 KB each: over 64 KiB) fails the CREATE and leaves no
        // unprotected file behind.
        List<Ace> many = new ArrayList<>();
        for (int i = 0; many.size() * 36 < 60000; i++) {
            many.add(Ace.allow(Sid.parse("S-1-5-21-1-2-3-" + (2000 + i)), AccessMask.FILE_ALL_ACCESS, 0));
        }
        Acl big = new Acl(Acl.ACL_REVISION, many);
        SecurityDescriptor huge = new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT, ALICE, ALICE, big, big);
        assertTrue(huge.encodedSize() > SecurityDescriptorStore.MAX_SIZE);
        FileAccessCheck tooBig = FileAccessCheck.forToken(AS_ALICE_TOKEN, (parent, directory) -> huge);
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> fs.create("dir\\big.txt", CREATE, 0,
                AccessMask.GENERIC_ALL, SHARE_ALL, 0, tooBig)));
        assertFalse(Files.exists(root.resolve("dir/big.txt")));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> fs.create("dir\\big2.txt", CREATE,
                CreateOptions.DIRECTORY_FILE, AccessMask.GENERIC_ALL, SHARE_ALL, 0, tooBig)));
        assertFalse(Files.exists(root.resolve("dir/big2.txt")));
    }

    /** Found by the security review: a rename checked no DACL, so it planted and replaced files anywhere. */
    @Test
    void aRenameNeedsAddFileOnTheTargetDirectory() throws IOException {
        Files.writeString(root.resolve("mine.txt"), "mine");
        protect("dir", BOB, Ace.allow(BOB, AccessMask.FILE_ALL_ACCESS, 0));
        try (FileHandle h = create("mine.txt", OPEN, 0, AccessMask.DELETE).handle()) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED,
                    status(() -> h.renaming().rename("dir\\planted.txt", false, AS_ALICE)));
        }
        assertFalse(Files.exists(root.resolve("dir/planted.txt")));
        Files.createDirectory(root.resolve("mydir"));
        try (FileHandle h = create("mydir", OPEN, CreateOptions.DIRECTORY_FILE, AccessMask.DELETE).handle()) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED,
                    status(() -> h.renaming().rename("dir\\mydir", false, AS_ALICE)));
        }
        // Adding files but not subdirectories: a file may move in, a directory may not.
        protect("dir", BOB, Ace.allow(ALICE, AccessMask.FILE_WRITE_DATA, 0));
        try (FileHandle h = create("mydir", OPEN, CreateOptions.DIRECTORY_FILE, AccessMask.DELETE).handle()) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED,
                    status(() -> h.renaming().rename("dir\\mydir", false, AS_ALICE)));
        }
        try (FileHandle h = create("mine.txt", OPEN, 0, AccessMask.DELETE).handle()) {
            h.renaming().rename("dir\\moved.txt", false, AS_ALICE);
        }
        assertEquals("mine", Files.readString(root.resolve("dir/moved.txt")));
    }

    @Test
    void replacingATargetNeedsDeleteOnIt() throws IOException {
        Files.writeString(root.resolve("mine.txt"), "mine");
        protect("dir", BOB, Ace.allow(ALICE, AccessMask.FILE_WRITE_DATA, 0),
                Ace.allow(BOB, AccessMask.FILE_ALL_ACCESS, 0));
        protect("dir\\f.txt", BOB, Ace.allow(BOB, AccessMask.FILE_ALL_ACCESS, 0));
        try (FileHandle h = create("mine.txt", OPEN, 0, AccessMask.DELETE).handle()) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED,
                    status(() -> h.renaming().rename("dir\\f.txt", true, AS_ALICE)));
        }
        assertEquals("data", Files.readString(root.resolve("dir/f.txt")));
        protect("dir\\f.txt", BOB, Ace.allow(ALICE, AccessMask.DELETE, 0));
        try (FileHandle h = create("mine.txt", OPEN, 0, AccessMask.DELETE).handle()) {
            h.renaming().rename("dir\\f.txt", true, AS_ALICE);
        }
        assertEquals("mine", Files.readString(root.resolve("dir/f.txt")));
    }
}

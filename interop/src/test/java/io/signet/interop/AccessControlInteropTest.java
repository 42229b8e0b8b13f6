package io.signet.interop;

import static io.signet.interop.raw.RawSmb2Client.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.msdtyp.ACL;
import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msdtyp.SID;
import com.hierynomus.msdtyp.SecurityDescriptor;
import com.hierynomus.msdtyp.SecurityInformation;
import com.hierynomus.msdtyp.ace.ACE;
import com.hierynomus.msdtyp.ace.AceTypes;
import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.support.ServerLog;
import io.signet.protocol.dtyp.Ace;
import io.signet.protocol.dtyp.Acl;
import io.signet.protocol.dtyp.LocalAccounts;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.server.SignetServer;
import io.signet.storage.metadata.SecurityDescriptorStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access control as two users meet it through smbj (and a raw client for the SMB2_CREATE_SD_BUFFER context, which
 * smbj does not send): the defects of the security review, each of which the original code let through.
 * <ul>
 *   <li>a rename cannot replace, or plant files in the directory of, another user's DACL-protected file and
 *       directory;</li>
 *   <li>SET_INFO of an owner that is neither the user nor one of its groups is STATUS_INVALID_OWNER;</li>
 *   <li>a descriptor that cannot be read refuses every open instead of letting everyone in;</li>
 *   <li>a descriptor given in the SecD create context is the new file's;</li>
 *   <li>a restart without a state directory keeps the owner of files able to use them.</li>
 * </ul>
 */
class AccessControlInteropTest {
    private static final long STATUS_INVALID_OWNER = 0xC000005AL;
    private static final Set<SecurityInformation> DACL = EnumSet.of(SecurityInformation.DACL_SECURITY_INFORMATION);
    private static final Set<SecurityInformation> OWNER = EnumSet.of(SecurityInformation.OWNER_SECURITY_INFORMATION);

    @TempDir
    Path share;
    @TempDir
    Path state;

    private SignetServer start() throws IOException {
        return SignetServer.builder().share("data", share).user("alice", "secret").user("bob", "hunter2")
                .port(0).bindAddress("127.0.0.1").stateDir(state).start();
    }

    @Test
    void aRenameCannotReplaceOrPlantFilesInAnotherUsersProtectedDirectory() throws IOException {
        try (SignetServer server = start(); SMBClient client = client();
             Connection aliceConn = client.connect("127.0.0.1", server.port());
             Connection bobConn = client.connect("127.0.0.1", server.port())) {
            DiskShare alice = share(aliceConn, "alice", "secret");
            DiskShare bob = share(bobConn, "bob", "hunter2");

            alice.mkdir("private");
            write(alice, "private\\secret.txt", "alice's");
            SID aliceSid = alice.getSecurityInfo("private", OWNER).getOwnerSid();
            SecurityDescriptor onlyAlice = new SecurityDescriptor(EnumSet.of(SecurityDescriptor.Control.DP), null,
                    null, null, new ACL(ACL.ACL_REVISION, List.<ACE>of(AceTypes.accessAllowedAce(Set.of(),
                    EnumSet.of(AccessMask.GENERIC_ALL), aliceSid))));
            alice.setSecurityInfo("private\\secret.txt", DACL, onlyAlice);
            alice.setSecurityInfo("private", DACL, onlyAlice);

            // Bob is refused every open of alice's file and directory...
            assertStatus(NtStatus.STATUS_ACCESS_DENIED, () -> bob.openFile("private\\secret.txt",
                    EnumSet.of(AccessMask.GENERIC_READ), null, SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN,
                    null));
            assertStatus(NtStatus.STATUS_ACCESS_DENIED, () -> bob.openFile("private\\planted.txt",
                    EnumSet.of(AccessMask.GENERIC_WRITE), null, SMB2ShareAccess.ALL,
                    SMB2CreateDisposition.FILE_CREATE, null));

            // ... and a rename of his own files does not get him in either.
            write(bob, "mine.txt", "bob's");
            write(bob, "mine2.txt", "bob's");
            try (File mine = openForRename(bob, "mine.txt")) {
                assertStatus(NtStatus.STATUS_ACCESS_DENIED, () -> mine.rename("private\\secret.txt", true));
            }
            try (File mine = openForRename(bob, "mine2.txt")) {
                assertStatus(NtStatus.STATUS_ACCESS_DENIED, () -> mine.rename("private\\planted.txt", false));
            }
            assertEquals("alice's", Files.readString(share.resolve("private/secret.txt")));
            assertFalse(Files.exists(share.resolve("private/planted.txt")));

            // Alice herself may still move files in.
            write(alice, "outside.txt", "hers");
            try (File hers = openForRename(alice, "outside.txt")) {
                hers.rename("private\\moved.txt", false);
            }
            assertEquals("hers", Files.readString(share.resolve("private/moved.txt")));
        }
    }

    @Test
    void anOwnerMustBeTheUserOrOneOfItsGroups() throws IOException {
        try (SignetServer server = start(); SMBClient client = client();
             Connection aliceConn = client.connect("127.0.0.1", server.port());
             Connection bobConn = client.connect("127.0.0.1", server.port())) {
            DiskShare alice = share(aliceConn, "alice", "secret");
            DiskShare bob = share(bobConn, "bob", "hunter2");
            write(bob, "bobs.txt", "x");
            SID bobSid = bob.getSecurityInfo("bobs.txt", OWNER).getOwnerSid();
            write(alice, "alices.txt", "x");
            SID aliceSid = alice.getSecurityInfo("alices.txt", OWNER).getOwnerSid();

            SMBApiException refused = assertThrows(SMBApiException.class, () -> alice.setSecurityInfo("alices.txt",
                    OWNER, ownerOnly(bobSid)));
            assertEquals(STATUS_INVALID_OWNER, refused.getStatusCode(), refused.toString());
            assertEquals(aliceSid, alice.getSecurityInfo("alices.txt", OWNER).getOwnerSid());

            alice.setSecurityInfo("alices.txt", OWNER, ownerOnly(SID.EVERYONE));   // a group of her token
            assertEquals(SID.EVERYONE, alice.getSecurityInfo("alices.txt", OWNER).getOwnerSid());
        }
    }

    @Test
    void anUnreadableDescriptorRefusesEveryOpen() throws IOException {
        try (SignetServer server = start(); SMBClient client = client();
             Connection conn = client.connect("127.0.0.1", server.port())) {
            DiskShare alice = share(conn, "alice", "secret");
            write(alice, "damaged.txt", "x");
            Path file = share.resolve("damaged.txt");
            Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                    .write("signet.sd", ByteBuffer.wrap("not a descriptor".getBytes(StandardCharsets.US_ASCII)));
            int mark = ServerLog.mark();
            assertStatus(NtStatus.STATUS_ACCESS_DENIED, () -> alice.openFile("damaged.txt",
                    EnumSet.of(AccessMask.FILE_READ_ATTRIBUTES), null, SMB2ShareAccess.ALL,
                    SMB2CreateDisposition.FILE_OPEN, null));
            List<String> warnings = ServerLog.since(mark).stream()
                    .filter(l -> l.startsWith("WARN") && l.contains("security descriptor cannot be read")).toList();
            assertEquals(1, warnings.size(), ServerLog.dump(mark));
            assertTrue(warnings.get(0).contains(file.toRealPath().toString()), warnings.get(0));
        }
    }

    @Test
    void aDescriptorGivenAtCreateIsTheNewFiles() throws IOException {
        try (SignetServer server = start(); RawSmb2Client client = RawSmb2Client.connect(server.port())) {
            client.negotiate(Dialect.SMB3_1_1);
            assertEquals(STATUS_SUCCESS, client.sessionSetup("alice", "secret").status());
            RawResponse tree = client.treeConnect("data");
            assertEquals(STATUS_SUCCESS, tree.status());
            int treeId = tree.header().treeId();
            Sid bobLike = Sid.parse("S-1-5-21-1-2-3-4");

            // Only Everyone may read: not what the share root would have let the file inherit or default to.
            io.signet.protocol.dtyp.SecurityDescriptor given = new io.signet.protocol.dtyp.SecurityDescriptor(
                    io.signet.protocol.dtyp.SecurityDescriptor.SE_DACL_PRESENT, null, null, null,
                    Acl.of(Ace.allow(Sid.EVERYONE, 0x80000000, 0)));           // GENERIC_READ
            RawResponse created = client.call(Smb2Command.CREATE.code(), treeId, createWith("given.txt", given));
            assertEquals(STATUS_SUCCESS, created.status(), created.toString());
            assertEquals(STATUS_SUCCESS, client.close(treeId, CreateResponse.decode(created.buf()).fileId()).status());
            io.signet.protocol.dtyp.SecurityDescriptor stored =
                    SecurityDescriptorStore.read(share.resolve("given.txt")).orElseThrow();
            assertEquals(List.of(Ace.allow(Sid.EVERYONE, 0x00120089, 0)), stored.dacl().aces(),
                    "the given DACL, GENERIC_READ mapped");
            Sid machine = Sid.parse(Files.readString(state.resolve("machine-sid")).strip());
            assertEquals(new LocalAccounts(machine).userSid("alice"), stored.owner(), "owned by its creator");

            // A descriptor naming someone else as owner refuses the CREATE, and nothing is created.
            io.signet.protocol.dtyp.SecurityDescriptor foreignOwner = new io.signet.protocol.dtyp.SecurityDescriptor(
                    0, bobLike, null, null, null);
            RawResponse refused = client.call(Smb2Command.CREATE.code(), treeId, createWith("foreign.txt",
                    foreignOwner));
            assertEquals((int) STATUS_INVALID_OWNER, refused.status(), refused.toString());
            assertFalse(Files.exists(share.resolve("foreign.txt")));
        }
    }

    /**
     * Found by the security review: the machine SID was new at every start, so after a restart the owner of a file
     * was a stranger to it. Started without a state directory, as the README's run command starts it.
     */
    @Test
    void aRestartWithoutAStateDirectoryKeepsTheOwnerWorking() throws IOException {
        try (SignetServer server = SignetServer.builder().share("data", share).user("alice", "secret").port(0)
                .bindAddress("127.0.0.1").start();
             SMBClient client = client(); Connection conn = client.connect("127.0.0.1", server.port())) {
            DiskShare alice = share(conn, "alice", "secret");
            write(alice, "kept.txt", "before");
            alice.mkdir("kept");
        }
        try (SignetServer server = SignetServer.builder().share("data", share).user("alice", "secret").port(0)
                .bindAddress("127.0.0.1").start();
             SMBClient client = client(); Connection conn = client.connect("127.0.0.1", server.port())) {
            DiskShare alice = share(conn, "alice", "secret");
            try (File f = alice.openFile("kept.txt", EnumSet.of(AccessMask.GENERIC_WRITE), null, SMB2ShareAccess.ALL,
                    SMB2CreateDisposition.FILE_OVERWRITE, null)) {
                f.write("after".getBytes(StandardCharsets.US_ASCII), 0);
            }
            write(alice, "kept\\inside.txt", "new");
        }
        assertEquals("after", Files.readString(share.resolve("kept.txt")));
        assertEquals("new", Files.readString(share.resolve("kept/inside.txt")));
    }

    private static Consumer<ByteBuf> createWith(String name, io.signet.protocol.dtyp.SecurityDescriptor sd) {
        ByteBuf data = Unpooled.buffer();
        sd.encode(data);
        return body -> new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION,
                0x0012019F, 0x00000080,
                ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE | ShareAccess.FILE_SHARE_DELETE,
                CreateDisposition.CREATE.code(), CreateOptions.NON_DIRECTORY_FILE, name,
                List.of(new CreateContext(CreateContext.SD_BUFFER, data))).encode(body);
    }

    private static SecurityDescriptor ownerOnly(SID owner) {
        return new SecurityDescriptor(EnumSet.noneOf(SecurityDescriptor.Control.class), owner, null, null, null);
    }

    private static SMBClient client() {
        return new SMBClient(SmbConfig.builder().withSigningRequired(true).withTimeout(30, TimeUnit.SECONDS)
                .build());
    }

    private static DiskShare share(Connection connection, String user, String password) {
        Session session = connection.authenticate(new AuthenticationContext(user, password.toCharArray(), ""));
        return (DiskShare) session.connectShare("data");
    }

    private static void write(DiskShare disk, String path, String content) {
        try (File f = disk.openFile(path, EnumSet.of(AccessMask.GENERIC_WRITE), null, SMB2ShareAccess.ALL,
                SMB2CreateDisposition.FILE_CREATE, null)) {
            f.write(content.getBytes(StandardCharsets.US_ASCII), 0);
        }
    }

    private static File openForRename(DiskShare disk, String path) {
        return disk.openFile(path, EnumSet.of(AccessMask.DELETE, AccessMask.GENERIC_READ), null, SMB2ShareAccess.ALL,
                SMB2CreateDisposition.FILE_OPEN, EnumSet.of(SMB2CreateOptions.FILE_NON_DIRECTORY_FILE));
    }

    private static void assertStatus(NtStatus expected, org.junit.jupiter.api.function.Executable call) {
        SMBApiException e = assertThrows(SMBApiException.class, call);
        assertEquals(expected, e.getStatus(), e.toString());
    }
}

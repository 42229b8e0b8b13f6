package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.STATUS_FILE_CLOSED;
import static io.signet.interop.hostile.HostileSupport.STATUS_NETWORK_NAME_DELETED;
import static io.signet.interop.hostile.HostileSupport.STATUS_USER_SESSION_DELETED;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.config.ServerConfig;
import io.signet.config.ServerConfigBuilder;
import io.signet.config.ShareConfig;
import io.signet.interop.raw.RawMessages;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.fsctl.CopyChunkRequest;
import io.signet.protocol.fsctl.CtlCode;
import io.signet.protocol.fsctl.ResumeKeyResponse;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.ChangeNotifyRequest;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.smb2.message.IoctlResponse;
import io.signet.protocol.smb2.message.LockElement;
import io.signet.protocol.smb2.message.LockRequest;
import io.signet.protocol.smb2.message.ReadRequest;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload that removes a share or a user ends what was made of them: an open kept from before, a resume key taken
 * before, a FileId of a share re-added over another directory, a session of a removed user, reach nothing afterwards
 * ([MS-SMB2] 3.3.5.2.9, 3.3.5.2.10, 3.3.5.2.11, 3.3.5.15.6; Samba's conn_force_tdis on reload).
 */
class ReloadAdmissionTest {
    /** [MS-ERREF] 2.3.1: a pending CHANGE_NOTIFY whose handle was closed ([MS-SMB2] 3.3.5.19). */
    private static final int STATUS_NOTIFY_CLEANUP = 0x0000010B;
    private static final String SECRET = "words of the removed share";

    @TempDir
    Path dir;

    private Path data;
    private Path secret;
    private SignetServer server;

    @BeforeEach
    void start() throws IOException {
        data = Files.createDirectories(dir.resolve("data"));
        secret = Files.createDirectories(dir.resolve("secret"));
        Files.writeString(secret.resolve("secret.txt"), SECRET);
        server = SignetServer.start(users().share("data", data).share("secret", secret).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ServerConfigBuilder users() {
        return ServerConfig.builder().port(0).bindAddress("127.0.0.1").user(VICTIM, VICTIM_PASSWORD)
                .user(ATTACKER, ATTACKER_PASSWORD);
    }

    /**
     * A resume key names an open; once the reload removed the open's share the key names nothing, and a copy into a
     * share that stayed reads not a byte of the removed one.
     */
    @Test
    void aResumeKeyTakenBeforeTheReloadCopiesNothingOfTheRemovedShare() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int secretTree = treeConnect(client, "secret");
            FileId source = open(client, secretTree, "secret.txt", 0x00120089, CreateDisposition.OPEN.code());
            RawResponse keyAnswer = client.call(Smb2Command.IOCTL.code(), secretTree,
                    ioctl(CtlCode.FSCTL_SRV_REQUEST_RESUME_KEY, source, Unpooled.EMPTY_BUFFER, 32));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, keyAnswer);
            byte[] key = ResumeKeyResponse.decode(IoctlResponse.decode(keyAnswer.buf()).output()).resumeKey();
            int dataTree = treeConnect(client, "data");
            FileId loot = open(client, dataTree, "loot.txt", 0x0012019F, CreateDisposition.CREATE.code());

            server.reload(users().share("data", data).build());

            ByteBuf copy = Unpooled.buffer();
            new CopyChunkRequest(key, List.of(new CopyChunkRequest.Chunk(0, 0, SECRET.length()))).encode(copy);
            RawResponse copied = client.call(Smb2Command.IOCTL.code(), dataTree,
                    ioctl(CtlCode.FSCTL_SRV_COPYCHUNK, loot, copy, 12));
            assertNotEquals(String.format("0x%08x", RawSmb2Client.STATUS_SUCCESS),
                    String.format("0x%08x", copied.status()), "the copy must be refused: " + copied);
            assertEquals(0, Files.size(data.resolve("loot.txt")), "nothing of the removed share copied");
            assertSessionWorks(client);
        }
    }

    /** An open of the removed share is closed: neither its own tree nor a tree that stayed reads through it. */
    @Test
    void anOpenOfTheRemovedShareReadsNothingThroughAnyTree() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int secretTree = treeConnect(client, "secret");
            FileId kept = open(client, secretTree, "secret.txt", 0x00120089, CreateDisposition.OPEN.code());
            int dataTree = treeConnect(client, "data");

            server.reload(users().share("data", data).build());

            assertStatus(STATUS_NETWORK_NAME_DELETED, client.call(Smb2Command.READ.code(), secretTree, read(kept)));
            assertStatus(STATUS_FILE_CLOSED, client.call(Smb2Command.READ.code(), dataTree, read(kept)));
            assertSessionWorks(client);
        }
    }

    /**
     * A share re-added under its name over another directory is a new share: the tree and the open made of the old
     * one are ended, and a new tree connect to the name does not reach the old open.
     */
    @Test
    void aShareReAddedOverAnotherDirectoryDoesNotReachTheOldOpen() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int oldTree = treeConnect(client, "secret");
            FileId kept = open(client, oldTree, "secret.txt", 0x00120089, CreateDisposition.OPEN.code());

            Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
            server.reload(users().share("data", data).share("secret", elsewhere).build());

            assertStatus(STATUS_NETWORK_NAME_DELETED, client.call(Smb2Command.READ.code(), oldTree, read(kept)));
            int newTree = treeConnect(client, "secret");
            assertStatus(STATUS_FILE_CLOSED, client.call(Smb2Command.READ.code(), newTree, read(kept)));
            assertSessionWorks(client);
        }
    }

    /**
     * A reload that removes a user ends the user's sessions: a re-authentication of the ended session, with the
     * password that was right before, gets no session back, and the ended session does nothing more.
     */
    @Test
    void aRemovedUserCannotReauthenticateTheEndedSession() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");

            server.reload(ServerConfig.builder().port(0).bindAddress("127.0.0.1").user(ATTACKER, ATTACKER_PASSWORD)
                    .share("data", data).build());

            RawResponse again = client.reauthenticate(VICTIM, VICTIM_PASSWORD);
            assertNotEquals(String.format("0x%08x", RawSmb2Client.STATUS_SUCCESS),
                    String.format("0x%08x", again.status()), "the re-authentication must fail: " + again);
            assertStatus(STATUS_USER_SESSION_DELETED, client.call(Smb2Command.CREATE.code(), tree,
                    RawMessages.createNewFile("after.txt")));
            assertEquals(false, Files.exists(data.resolve("after.txt")));
        }
    }

    /** A new logon of the removed user is refused, on a new connection, at once after the reload. */
    @Test
    void aRemovedUserCannotLogOnAgain() throws IOException {
        server.reload(ServerConfig.builder().port(0).bindAddress("127.0.0.1").user(ATTACKER, ATTACKER_PASSWORD)
                .share("data", data).build());
        try (RawSmb2Client client = RawSmb2Client.connect(server.port())) {
            client.negotiate(io.signet.protocol.smb2.Dialect.SMB3_0_2);
            RawResponse logon = client.sessionSetup(VICTIM, VICTIM_PASSWORD);
            assertNotEquals(String.format("0x%08x", RawSmb2Client.STATUS_SUCCESS),
                    String.format("0x%08x", logon.status()), "the logon must fail: " + logon);
        }
    }

    /**
     * A blocking LOCK pending on an open of the removed share is completed when the reload closes its open, with an
     * error: it must not be left pending, nor granted on an open that no longer exists.
     */
    @Test
    void aBlockingLockPendingAcrossTheReloadIsCompletedWithAnError() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "secret");
            FileId holder = open(client, tree, "secret.txt", 0x0012019F, CreateDisposition.OPEN.code());
            FileId waiter = open(client, tree, "secret.txt", 0x0012019F, CreateDisposition.OPEN.code());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.call(Smb2Command.LOCK.code(), tree, body ->
                    new LockRequest(0, holder, List.of(new LockElement(0, 10, LockElement.EXCLUSIVE_LOCK
                            | LockElement.FAIL_IMMEDIATELY))).encode(body)));
            ByteBuf blocking = client.newRequest(Smb2Command.LOCK.code(), tree);
            new LockRequest(0, waiter, List.of(new LockElement(0, 10, LockElement.EXCLUSIVE_LOCK))).encode(blocking);
            client.send(client.sign(blocking));
            assertStatus(RawSmb2Client.STATUS_PENDING, client.receiveCompound().get(0));

            server.reload(users().share("data", data).build());

            RawResponse done = client.receive();
            assertNotEquals(String.format("0x%08x", RawSmb2Client.STATUS_SUCCESS),
                    String.format("0x%08x", done.status()), "the pending lock must not be granted: " + done);
            assertStatus(STATUS_NETWORK_NAME_DELETED, client.call(Smb2Command.READ.code(), tree, read(waiter)));
            assertSessionWorks(client);
        }
    }

    /** A CHANGE_NOTIFY pending on a directory of the removed share completes when its open is closed. */
    @Test
    void aChangeNotifyPendingAcrossTheReloadIsCompleted() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "secret");
            FileId root = HostileSupport.openRoot(client, tree);
            ByteBuf notify = client.newRequest(Smb2Command.CHANGE_NOTIFY.code(), tree);
            new ChangeNotifyRequest(0, 4096, root, ChangeNotifyRequest.FILE_NOTIFY_CHANGE_FILE_NAME).encode(notify);
            client.send(client.sign(notify));
            assertStatus(RawSmb2Client.STATUS_PENDING, client.receiveCompound().get(0));

            server.reload(users().share("data", data).build());

            RawResponse done = client.receive();
            assertStatus(STATUS_NOTIFY_CLEANUP, done);
            assertSessionWorks(client);
        }
    }

    /**
     * The directory of a removed share shared again under another name that only the victim may use: the attacker's
     * CHANGE_NOTIFY made in the removed share must end with the reload, never report the names the victim creates
     * through the new share.
     */
    @Test
    void aChangeNotifyOfTheRemovedShareReportsNothingOfItsDirectoryAfterward() throws IOException {
        try (RawSmb2Client mallory = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD);
             RawSmb2Client alice = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(mallory, "secret");
            FileId root = HostileSupport.openRoot(mallory, tree);
            ByteBuf notify = mallory.newRequest(Smb2Command.CHANGE_NOTIFY.code(), tree);
            new ChangeNotifyRequest(0, 4096, root, ChangeNotifyRequest.FILE_NOTIFY_CHANGE_FILE_NAME).encode(notify);
            mallory.send(mallory.sign(notify));
            assertStatus(RawSmb2Client.STATUS_PENDING, mallory.receiveCompound().get(0));

            server.reload(users().share("data", data)
                    .share(ShareConfig.of("vault", secret).withValidUsers(List.of(VICTIM))).build());
            int vault = treeConnect(alice, "vault");
            open(alice, vault, "plan.txt", 0x0012019F, CreateDisposition.CREATE.code());

            RawResponse done = mallory.receive();
            assertStatus(STATUS_NOTIFY_CLEANUP, done);
            assertFalse(new String(done.bytes(), StandardCharsets.UTF_16LE).contains("plan"),
                    "the victim's file name must not reach the attacker: " + done);
        }
    }

    private static FileId open(RawSmb2Client client, int tree, String name, int access, int disposition)
            throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree,
                body -> new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION, access, 0x80,
                        ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE | ShareAccess.FILE_SHARE_DELETE,
                        disposition, CreateOptions.NON_DIRECTORY_FILE, name, List.of()).encode(body));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return CreateResponse.decode(r.buf()).fileId();
    }

    static Consumer<ByteBuf> read(FileId fileId) {
        return body -> new ReadRequest(0, 0, 64, 0, fileId, 0, 0, 0, Unpooled.EMPTY_BUFFER).encode(body);
    }

    private static Consumer<ByteBuf> ioctl(int ctlCode, FileId fileId, ByteBuf input, int maxOutput) {
        return body -> new IoctlRequest(ctlCode, fileId, input, 0, Unpooled.EMPTY_BUFFER, maxOutput,
                IoctlRequest.IS_FSCTL).encode(body);
    }
}

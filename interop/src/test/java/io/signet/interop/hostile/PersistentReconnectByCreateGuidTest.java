package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.signet.config.ShareConfig;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.DurableHandleReconnectV2;
import io.signet.protocol.smb2.message.DurableHandleRequestV2;
import io.signet.protocol.smb2.message.DurableHandleResponseV2;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseBreakAck;
import io.signet.protocol.smb2.message.LeaseBreakNotification;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.ReadRequest;
import io.signet.protocol.smb2.message.ReadResponse;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * [MS-SMB2] 3.3.5.9.12: a DH2C whose FileId names no open, sent with SMB2_DHANDLE_FLAG_PERSISTENT on a continuously
 * available share over a connection that negotiated persistent handles, finds the persistent open by its CreateGuid
 * (a client that failed over may no longer know the FileId the server gave). The GUIDs are the client's to choose and
 * cross the wire readable: only the owner's account, from the client that made the open (its ClientGuid), takes it
 * back; anyone else is STATUS_OBJECT_NAME_NOT_FOUND and the open stays kept.
 */
class PersistentReconnectByCreateGuidTest {
    private static final int GENERIC_READ_WRITE = 0x0012019F;

    @TempDir
    Path dir;
    private Path share;
    private SignetServer server;
    private final byte[] clientGuid = new byte[16];

    @BeforeEach
    void start() throws IOException {
        share = Files.createDirectory(dir.resolve("data"));
        server = SignetServer.builder().share(ShareConfig.of("data", share).withContinuousAvailability(true))
                .stateDir(dir.resolve("state")).user(VICTIM, VICTIM_PASSWORD).user(ATTACKER, ATTACKER_PASSWORD)
                .port(0).bindAddress("127.0.0.1").start();
        new SecureRandom().nextBytes(clientGuid);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theOwnersPersistentReconnectFindsItsOpenByCreateGuidAndNobodyElseDoes() throws IOException {
        Files.writeString(share.resolve("ledger.txt"), "0123456789");
        CreateGuid createGuid = randomGuid();
        FileId opened;
        try (RawSmb2Client alice = client(clientGuid, VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(alice, "data");
            RawResponse r = alice.call(Smb2Command.CREATE.code(), tree,
                    body -> new CreateRequest(OplockLevel.BATCH.code(), ImpersonationLevel.IMPERSONATION,
                            GENERIC_READ_WRITE, 0, ShareAccess.FILE_SHARE_READ, CreateDisposition.OPEN.code(),
                            CreateOptions.NON_DIRECTORY_FILE, "ledger.txt", List.of(new DurableHandleRequestV2(0,
                                    DurableHandleRequestV2.FLAG_PERSISTENT, createGuid).toContext())).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
            CreateResponse created = CreateResponse.decode(r.buf());
            assertEquals(DurableHandleRequestV2.FLAG_PERSISTENT, created.createContexts().stream()
                    .filter(c -> c.name().equals(CreateContext.DURABLE_HANDLE_REQUEST_V2))
                    .map(c -> DurableHandleResponseV2.decode(c.data()).flags()).findFirst().orElse(0),
                    "persistence granted");
            opened = created.fileId();
        } // the connection drops
        awaitCount(server::disconnectedDurableOpens, 1);
        FileId unknown = new FileId(opened.persistent() ^ 0x5a5a5a5a5a5aL, opened.volatileId());
        int persistentFlag = DurableHandleRequestV2.FLAG_PERSISTENT;

        try (RawSmb2Client mallory = client(clientGuid, ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(mallory, "data");
            assertStatus(RawSmb2Client.STATUS_OBJECT_NAME_NOT_FOUND,
                    reconnect(mallory, tree, unknown, createGuid, persistentFlag));
        }
        byte[] otherClient = new byte[16];
        new SecureRandom().nextBytes(otherClient);
        try (RawSmb2Client aliceElsewhere = client(otherClient, VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(aliceElsewhere, "data");
            assertStatus(RawSmb2Client.STATUS_OBJECT_NAME_NOT_FOUND,
                    reconnect(aliceElsewhere, tree, unknown, createGuid, persistentFlag));
        }
        try (RawSmb2Client alice = client(clientGuid, VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(alice, "data");
            // Without SMB2_DHANDLE_FLAG_PERSISTENT there is no CreateGuid lookup.
            assertStatus(RawSmb2Client.STATUS_OBJECT_NAME_NOT_FOUND, reconnect(alice, tree, unknown, createGuid, 0));
            assertEquals(1, server.disconnectedDurableOpens(), "the refusals left the open kept");

            RawResponse back = reconnect(alice, tree, unknown, createGuid, persistentFlag);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, back);
            CreateResponse reconnected = CreateResponse.decode(back.buf());
            assertEquals(opened.persistent(), reconnected.fileId().persistent(), "the open, under its own FileId");
            assertEquals(OplockLevel.BATCH.code(), reconnected.oplockLevel(), "with its oplock");
            RawResponse read = alice.call(Smb2Command.READ.code(), tree, body -> new ReadRequest(0, 0, 4, 2,
                    reconnected.fileId(), 0, 0, 0, Unpooled.EMPTY_BUFFER).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, read);
            assertEquals("2345", ReadResponse.decode(read.buf()).data().toString(StandardCharsets.US_ASCII));
            assertEquals(0, server.disconnectedDurableOpens());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, alice.close(tree, reconnected.fileId()));
        }
        assertEquals(0, server.durableOpens());
    }

    /**
     * A persistent open's lease restored after a restart ([MS-SMB2] 3.3.1.10) is its owner's, as before the restart:
     * once alice's DH2C took the open back, a break of that lease is hers to acknowledge ([MS-SMB2] 3.3.5.22.2, the
     * lease found by her ClientGuid and account), so that another client's CREATE waiting on it goes on.
     */
    @Test
    void aLeaseRestoredWithItsPersistentOpenIsItsOwnersToAcknowledge() throws IOException {
        Files.writeString(share.resolve("ledger.txt"), "0123456789");
        CreateGuid createGuid = randomGuid();
        LeaseKey key = new LeaseKey(0x1EA5E, 0x1EA5E);
        FileId opened;
        try (RawSmb2Client alice = client(clientGuid, VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(alice, "data");
            RawResponse r = alice.call(Smb2Command.CREATE.code(), tree,
                    body -> new CreateRequest(OplockLevel.LEASE.code(), ImpersonationLevel.IMPERSONATION,
                            GENERIC_READ_WRITE, 0, LeaseSupport.ALL_SHARING, CreateDisposition.OPEN.code(),
                            CreateOptions.NON_DIRECTORY_FILE, "ledger.txt", List.of(
                                    LeaseContext.v2(key, LeaseSupport.RWH, 0, LeaseKey.ZERO, 0).toContext(),
                                    new DurableHandleRequestV2(0, DurableHandleRequestV2.FLAG_PERSISTENT, createGuid)
                                            .toContext())).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
            opened = CreateResponse.decode(r.buf()).fileId();
        }
        awaitCount(server::disconnectedDurableOpens, 1);
        server.close(); // the record stays for the next server on the state directory
        server = SignetServer.builder().share(ShareConfig.of("data", share).withContinuousAvailability(true))
                .stateDir(dir.resolve("state")).user(VICTIM, VICTIM_PASSWORD).user(ATTACKER, ATTACKER_PASSWORD)
                .port(0).bindAddress("127.0.0.1").start();
        assertEquals(1, server.disconnectedDurableOpens(), "restored");

        try (RawSmb2Client alice = client(clientGuid, VICTIM, VICTIM_PASSWORD);
             RawSmb2Client mallory = client(randomBytes(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(alice, "data");
            RawResponse back = alice.call(Smb2Command.CREATE.code(), tree,
                    body -> new CreateRequest(OplockLevel.LEASE.code(), ImpersonationLevel.IMPERSONATION, 0, 0, 0,
                            CreateDisposition.OPEN.code(), 0, "ledger.txt", List.of(
                                    LeaseContext.v2(key, LeaseSupport.RWH, 0, LeaseKey.ZERO, 0).toContext(),
                                    new DurableHandleReconnectV2(opened, createGuid,
                                            DurableHandleRequestV2.FLAG_PERSISTENT).toContext())).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, back);
            assertEquals(LeaseSupport.RWH, LeaseSupport.leaseOf(CreateResponse.decode(back.buf())).state());

            int treeM = treeConnect(mallory, "data");
            mallory.send(mallory.sign(LeaseSupport.createMessage(mallory, treeM, "ledger.txt",
                    OplockLevel.NONE.code(), null, 0)));
            LeaseBreakNotification n = LeaseBreakNotification.decode(LeaseSupport.nextBreak(alice).buf());
            assertEquals(key, n.key());
            RawResponse ack = alice.call(Smb2Command.OPLOCK_BREAK.code(), tree,
                    body -> new LeaseBreakAck(0, key, n.newState(), 0).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, ack);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, mallory.receive());
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** A 3.1.1 client announcing persistent handles, negotiating with {@code guid}, logged on as {@code user}. */
    private RawSmb2Client client(byte[] guid, String user, String password) throws IOException {
        RawSmb2Client client = RawSmb2Client.connect(server.port());
        NegotiateResponse n = client.negotiate(Dialect.SMB3_1_1, NegotiateResponse.CAP_PERSISTENT_HANDLES
                | NegotiateResponse.CAP_LEASING, guid);
        assertTrue((n.capabilities() & NegotiateResponse.CAP_PERSISTENT_HANDLES) != 0, "a CA share: offered");
        assertStatus(RawSmb2Client.STATUS_SUCCESS, client.sessionSetup(user, password));
        return client;
    }

    private static RawResponse reconnect(RawSmb2Client client, int tree, FileId fileId, CreateGuid createGuid,
                                         int flags) throws IOException {
        return client.call(Smb2Command.CREATE.code(), tree,
                body -> new CreateRequest(OplockLevel.BATCH.code(), ImpersonationLevel.IMPERSONATION, 0, 0, 0,
                        CreateDisposition.OPEN.code(), 0, "ledger.txt", List.of(
                                new DurableHandleReconnectV2(fileId, createGuid, flags).toContext())).encode(body));
    }

    private static CreateGuid randomGuid() {
        SecureRandom r = new SecureRandom();
        return new CreateGuid(r.nextLong(), r.nextLong());
    }

    private static void awaitCount(IntSupplier count, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count.getAsInt() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + expected + ", still " + count.getAsInt());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

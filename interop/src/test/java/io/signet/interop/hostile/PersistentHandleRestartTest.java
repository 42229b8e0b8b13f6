package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.support.SignetProcess;
import io.signet.protocol.fscc.FileInformationClass;
import io.signet.protocol.fscc.FilePositionInformation;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.LeaseState;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.DurableHandleReconnectV2;
import io.signet.protocol.smb2.message.DurableHandleRequestV2;
import io.signet.protocol.smb2.message.DurableHandleResponseV2;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.smb2.message.LockElement;
import io.signet.protocol.smb2.message.LockRequest;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.QueryInfoRequest;
import io.signet.protocol.smb2.message.QueryInfoResponse;
import io.signet.protocol.smb2.message.ReadRequest;
import io.signet.protocol.smb2.message.ReadResponse;
import io.signet.protocol.smb2.message.SetInfoRequest;
import io.signet.protocol.smb2.message.TreeConnectResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent handles ([MS-SMB2] 3.3.5.9.10 Open.IsPersistent, 3.3.5.9.12): an open made persistent on a continuously
 * available share survives the server process being killed (SIGKILL, nothing flushed on the way out): a server
 * started again on the same state directory gives it back to its owner's DH2C, which reads on, and to nobody else,
 * with its lease, its byte-range locks and its position, and a replay of the CREATE that made it is answered as
 * before.
 */
class PersistentHandleRestartTest {
    private static final int GENERIC_READ_WRITE = 0x0012019F;
    private static final int RWH = LeaseState.READ | LeaseState.WRITE | LeaseState.HANDLE;
    private static final String CONTENT = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final long POSITION = 1234;
    /** LockSequenceIndex 1, LockSequenceNumber 5 ([MS-SMB2] 2.2.26). */
    private static final int LOCK_SEQUENCE = (1 << 4) | 5;
    /** [MS-ERREF] 2.3.1. */
    private static final int STATUS_RANGE_NOT_LOCKED = 0xC000007E;

    @TempDir
    Path dir;
    private Path ca;
    private Path plain;
    private Path state;
    private Path conf;
    private Process serve;
    private final StringBuffer log = new StringBuffer();
    private final byte[] clientGuid = new byte[16];

    @BeforeEach
    void layout() throws IOException {
        ca = Files.createDirectory(dir.resolve("ca"));
        plain = Files.createDirectory(dir.resolve("plain"));
        state = dir.resolve("state");
        conf = dir.resolve("smb.conf");
        Files.writeString(conf, "[global]\n  state dir = " + state + "\n"
                + "[data]\n  path = " + ca + "\n  read only = no\n  continuous availability = yes\n"
                + "[plain]\n  path = " + plain + "\n  read only = no\n");
        new SecureRandom().nextBytes(clientGuid);
    }

    @AfterEach
    void stop() throws InterruptedException {
        System.err.print(log); // the servers' lines, kept beside the results in the surefire report
        if (serve != null) {
            serve.destroyForcibly();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPersistentOpenSurvivesKillNineAndItsOwnerReadsOnAfterTheRestart() throws Exception {
        Files.writeString(ca.resolve("ledger.txt"), CONTENT);
        int port = start();
        CreateGuid createGuid = randomGuid();
        LeaseKey leaseKey = new LeaseKey(0x1122334455667788L, 0x99aabbccddeeff00L);
        FileId persistent;
        CreateResponse original;
        try (RawSmb2Client alice = client(port, VICTIM, VICTIM_PASSWORD)) {
            RawResponse tree = alice.treeConnect("data");
            assertStatus(RawSmb2Client.STATUS_SUCCESS, tree);
            assertEquals(TreeConnectResponse.SHARE_CAP_CONTINUOUS_AVAILABILITY,
                    TreeConnectResponse.decode(tree.buf()).capabilities()
                            & TreeConnectResponse.SHARE_CAP_CONTINUOUS_AVAILABILITY, "the share says it is CA");
            int treeId = tree.header().treeId();
            CreateResponse opened = persistentOpen(alice, treeId, "ledger.txt", createGuid, leaseKey);
            assertEquals(OplockLevel.LEASE.code(), opened.oplockLevel());
            assertEquals(new DurableHandleResponseV2(60_000, DurableHandleRequestV2.FLAG_PERSISTENT),
                    durableResponse(opened), "persistence granted");
            persistent = opened.fileId();
            original = opened;
            assertEquals("0123", read(alice, treeId, persistent, 0, 4));
            assertEquals(1, records().size(), "the open is in the state directory before the response");
            assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(alice, treeId, persistent, LOCK_SEQUENCE,
                    LockElement.EXCLUSIVE_LOCK | LockElement.FAIL_IMMEDIATELY));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, alice.call(Smb2Command.SET_INFO.code(), treeId, body -> {
                ByteBuf info = Unpooled.buffer();
                new FilePositionInformation(POSITION).encode(info);
                new SetInfoRequest(QueryInfoRequest.INFO_FILE, FileInformationClass.FilePositionInformation.code(),
                        0, persistent, info).encode(body);
                info.release();
            }));

            serve.destroyForcibly(); // kill -9 while the client still holds the open
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS));
        }

        port = start();
        try (RawSmb2Client mallory = client(port, ATTACKER, ATTACKER_PASSWORD)) {
            int treeId = treeConnect(mallory, "data");
            assertStatus(RawSmb2Client.STATUS_OBJECT_NAME_NOT_FOUND,
                    reconnect(mallory, treeId, "ledger.txt", persistent, createGuid, leaseKey));
        }
        try (RawSmb2Client alice = client(port, VICTIM, VICTIM_PASSWORD)) {
            int treeId = treeConnect(alice, "data");
            RawResponse back = reconnect(alice, treeId, "ledger.txt", persistent, createGuid, leaseKey);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, back);
            CreateResponse reconnected = CreateResponse.decode(back.buf());
            assertEquals(persistent.persistent(), reconnected.fileId().persistent());
            assertEquals(OplockLevel.LEASE.code(), reconnected.oplockLevel(), "the lease came back with the open");
            LeaseContext lease = reconnected.createContexts().stream().filter(c -> c.name().equals(CreateContext.LEASE))
                    .findFirst().map(c -> LeaseContext.decode(c.data())).orElseThrow();
            assertEquals(leaseKey, lease.key());
            assertEquals(RWH, lease.state());

            RawResponse replayed = replayCreate(alice, treeId, "ledger.txt", createGuid, leaseKey);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, replayed);
            CreateResponse again = CreateResponse.decode(replayed.buf());
            assertEquals(reconnected.fileId(), again.fileId(), "the replay is answered with the open it made");
            assertEquals(original.createAction(), again.createAction());
            assertEquals(original.creationTime(), again.creationTime());
            assertEquals(durableResponse(original), durableResponse(again));

            assertEquals(POSITION, position(alice, treeId, reconnected.fileId()), "the position came back");
            // [MS-SMB2] 3.3.5.14: the LOCK resent after the failover is a replay (carried out again, the open's own
            // exclusive lock would refuse it).
            assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(alice, treeId, reconnected.fileId(), LOCK_SEQUENCE,
                    LockElement.EXCLUSIVE_LOCK | LockElement.FAIL_IMMEDIATELY));
            // The lock came back with the open: it unlocks once, and then there is none.
            assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(alice, treeId, reconnected.fileId(), 0,
                    LockElement.UNLOCK));
            assertStatus(STATUS_RANGE_NOT_LOCKED, lock(alice, treeId, reconnected.fileId(), 0,
                    LockElement.UNLOCK));
            assertEquals("4567", read(alice, treeId, reconnected.fileId(), 4, 4), "it reads on");
            assertStatus(RawSmb2Client.STATUS_SUCCESS, alice.close(treeId, reconnected.fileId()));
        }
        assertEquals(List.of(), records(), "a closed persistent open leaves no record");
    }

    @Test
    void aStoredOpenWhoseFileWasRemovedWhileTheServerWasDownIsDropped() throws Exception {
        Files.writeString(ca.resolve("gone.txt"), CONTENT);
        int port = start();
        CreateGuid createGuid = randomGuid();
        LeaseKey leaseKey = new LeaseKey(7, 8);
        FileId persistent;
        try (RawSmb2Client alice = client(port, VICTIM, VICTIM_PASSWORD)) {
            int treeId = treeConnect(alice, "data");
            CreateResponse opened = persistentOpen(alice, treeId, "gone.txt", createGuid, leaseKey);
            assertEquals(DurableHandleRequestV2.FLAG_PERSISTENT, durableResponse(opened).flags());
            persistent = opened.fileId();
            serve.destroyForcibly();
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS));
        }
        Files.delete(ca.resolve("gone.txt"));
        port = start();
        assertEquals(List.of(), records(), "the record of an open that cannot come back is removed");
        assertTrue(log.toString().contains("persistent open of gone.txt on data by alice dropped"), log.toString());
        try (RawSmb2Client alice = client(port, VICTIM, VICTIM_PASSWORD)) {
            int treeId = treeConnect(alice, "data");
            assertStatus(RawSmb2Client.STATUS_OBJECT_NAME_NOT_FOUND,
                    reconnect(alice, treeId, "gone.txt", persistent, createGuid, leaseKey));
        }
    }

    @Test
    void withoutContinuousAvailabilityNoPersistenceIsGrantedAndNothingIsWritten() throws Exception {
        Files.writeString(plain.resolve("plain.txt"), CONTENT);
        int port = start();
        try (RawSmb2Client alice = client(port, VICTIM, VICTIM_PASSWORD)) {
            RawResponse tree = alice.treeConnect("plain");
            assertStatus(RawSmb2Client.STATUS_SUCCESS, tree);
            assertEquals(0, TreeConnectResponse.decode(tree.buf()).capabilities()
                    & TreeConnectResponse.SHARE_CAP_CONTINUOUS_AVAILABILITY);
            CreateResponse opened = persistentOpen(alice, tree.header().treeId(), "plain.txt", randomGuid(),
                    new LeaseKey(1, 2));
            assertEquals(new DurableHandleResponseV2(60_000, 0), durableResponse(opened),
                    "durable, but not persistent");
        }
        assertEquals(List.of(), records());
    }

    /** A 3.1.1 client that announces persistent handles, with this test's ClientGuid, logged on as {@code user}. */
    private RawSmb2Client client(int port, String user, String password) throws IOException {
        RawSmb2Client client = RawSmb2Client.connect(port);
        NegotiateResponse n = client.negotiate(Dialect.SMB3_1_1, NegotiateResponse.CAP_PERSISTENT_HANDLES
                | NegotiateResponse.CAP_LEASING, clientGuid);
        assertEquals(NegotiateResponse.CAP_PERSISTENT_HANDLES,
                n.capabilities() & NegotiateResponse.CAP_PERSISTENT_HANDLES, "a CA share: persistent handles offered");
        assertStatus(RawSmb2Client.STATUS_SUCCESS, client.sessionSetup(user, password));
        return client;
    }

    private static CreateResponse persistentOpen(RawSmb2Client client, int tree, String name, CreateGuid createGuid,
                                                 LeaseKey leaseKey) throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree,
                body -> persistentCreate(name, createGuid, leaseKey).encode(body));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return CreateResponse.decode(r.buf());
    }

    private static CreateRequest persistentCreate(String name, CreateGuid createGuid, LeaseKey leaseKey) {
        return new CreateRequest(OplockLevel.LEASE.code(), ImpersonationLevel.IMPERSONATION, GENERIC_READ_WRITE, 0,
                ShareAccess.FILE_SHARE_READ, CreateDisposition.OPEN.code(), CreateOptions.NON_DIRECTORY_FILE, name,
                List.of(LeaseContext.v2(leaseKey, RWH, 0, LeaseKey.ZERO, 0).toContext(),
                        new DurableHandleRequestV2(0, DurableHandleRequestV2.FLAG_PERSISTENT, createGuid)
                                .toContext()));
    }

    private static RawResponse reconnect(RawSmb2Client client, int tree, String name, FileId fileId,
                                         CreateGuid createGuid, LeaseKey leaseKey) throws IOException {
        return client.call(Smb2Command.CREATE.code(), tree,
                body -> new CreateRequest(OplockLevel.LEASE.code(), ImpersonationLevel.IMPERSONATION, 0, 0, 0,
                        CreateDisposition.OPEN.code(), 0, name, List.of(
                                LeaseContext.v2(leaseKey, RWH, 0, LeaseKey.ZERO, 0).toContext(),
                                new DurableHandleReconnectV2(fileId, createGuid,
                                        DurableHandleRequestV2.FLAG_PERSISTENT).toContext())).encode(body));
    }

    /** One LOCK element on the bytes 20-24 of {@code file}, with this LockSequence field. */
    private static RawResponse lock(RawSmb2Client client, int tree, FileId file, int sequence, int flags)
            throws IOException {
        return client.call(Smb2Command.LOCK.code(), tree,
                body -> new LockRequest(sequence, file, List.of(new LockElement(20, 5, flags))).encode(body));
    }

    /** FilePositionInformation ([MS-FSCC] 2.4.35) of {@code file}. */
    private static long position(RawSmb2Client client, int tree, FileId file) throws IOException {
        RawResponse r = client.call(Smb2Command.QUERY_INFO.code(), tree,
                body -> new QueryInfoRequest(QueryInfoRequest.INFO_FILE,
                        FileInformationClass.FilePositionInformation.code(), FilePositionInformation.SIZE, 0, 0, file,
                        Unpooled.EMPTY_BUFFER).encode(body));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return FilePositionInformation.decode(QueryInfoResponse.decode(r.buf()).data()).currentByteOffset();
    }

    /** The CREATE of {@link #persistentOpen} again, flagged SMB2_FLAGS_REPLAY_OPERATION ([MS-SMB2] 3.3.5.9.10). */
    private static RawResponse replayCreate(RawSmb2Client client, int tree, String name, CreateGuid createGuid,
                                            LeaseKey leaseKey) throws IOException {
        ByteBuf m = client.newRequest(Smb2Command.CREATE.code(), tree);
        persistentCreate(name, createGuid, leaseKey).encode(m);
        int base = m.readerIndex();
        Smb2Header.setFlags(m, base, m.getIntLE(base + Smb2Header.OFFSET_FLAGS) | Smb2Header.FLAG_REPLAY_OPERATION);
        long mid = client.nextMessageId() - 1;
        client.send(client.sign(m));
        RawResponse r = client.receive();
        assertEquals(mid, r.header().messageId(), "the replay's answer: " + r);
        return r;
    }

    private static String read(RawSmb2Client client, int tree, FileId file, long offset, int length)
            throws IOException {
        RawResponse r = client.call(Smb2Command.READ.code(), tree,
                body -> new ReadRequest(0, 0, length, offset, file, 0, 0, 0, Unpooled.EMPTY_BUFFER).encode(body));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        ReadResponse read = ReadResponse.decode(r.buf());
        return read.data().toString(StandardCharsets.US_ASCII);
    }

    private static DurableHandleResponseV2 durableResponse(CreateResponse r) {
        return r.createContexts().stream().filter(c -> c.name().equals(CreateContext.DURABLE_HANDLE_REQUEST_V2))
                .findFirst().map(c -> DurableHandleResponseV2.decode(c.data()))
                .orElseThrow(() -> new AssertionError("no durable v2 response context"));
    }

    private List<Path> records() throws IOException {
        Path persistent = state.resolve("persistent");
        if (!Files.isDirectory(persistent)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(persistent)) {
            return files.toList();
        }
    }

    private static CreateGuid randomGuid() {
        SecureRandom r = new SecureRandom();
        return new CreateGuid(r.nextLong(), r.nextLong());
    }

    /** Starts {@code signet serve} in a JVM of its own on the same configuration; returns its port. */
    private int start() throws Exception {
        int from = log.length();
        serve = SignetProcess.start(log, List.of("serve", "--config", conf.toString(), "--port", "0",
                "--bind", "127.0.0.1", "--user", VICTIM + ":" + VICTIM_PASSWORD,
                "--user", ATTACKER + ":" + ATTACKER_PASSWORD));
        Matcher m = SignetProcess.awaitLog(serve, log, SignetProcess.LISTENING, from);
        return m != null ? Integer.parseInt(m.group(1)) : fail("the server did not start:\n" + log);
    }
}

package io.signet.interop;

import static io.signet.interop.raw.RawSmb2Client.STATUS_MORE_PROCESSING_REQUIRED;
import static io.signet.interop.raw.RawSmb2Client.STATUS_PENDING;
import static io.signet.interop.raw.RawSmb2Client.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.auth.ntlm.NtlmInitiator;
import io.signet.config.Limits;
import io.signet.interop.raw.RawMessages;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.ChangeNotifyRequest;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import io.signet.protocol.smb2.message.SessionSetupResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits of {@link Limits} on the wire, each tested the same way: the client at the limit is refused with the
 * documented outcome, and the next client (another address, connection, session or account) is served. No assertion
 * depends on how long anything takes; the handshake timeout and the failed-logon delay are checked by the order in
 * which things happen.
 *
 * <p>127.0.0.1 and 127.0.0.2 are distinct client addresses on Linux loopback.
 */
class LimitsInteropTest {
    private static final int STATUS_INSUFFICIENT_RESOURCES = NtStatus.STATUS_INSUFFICIENT_RESOURCES.code();
    private static final int STATUS_INSUFF_SERVER_RESOURCES = NtStatus.STATUS_INSUFF_SERVER_RESOURCES.code();
    private static final int STATUS_LOGON_FAILURE = NtStatus.STATUS_LOGON_FAILURE.code();
    private static final int STATUS_USER_SESSION_DELETED = NtStatus.STATUS_USER_SESSION_DELETED.code();

    @TempDir
    Path share;

    private SignetServer server;
    private final List<RawSmb2Client> clients = new ArrayList<>();

    private void start(UnaryOperator<Limits> limits) throws IOException {
        server = SignetServer.builder().share("data", share).user("alice", "secret").user("bob", "secret")
                .port(0).bindAddress("127.0.0.1").limits(limits).start();
    }

    @AfterEach
    void stop() throws IOException {
        for (RawSmb2Client c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static InetAddress address(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }

    private RawSmb2Client connect(String from) throws IOException {
        RawSmb2Client c = RawSmb2Client.connect(server.port(), address(from));
        clients.add(c);
        return c;
    }

    /** A connection from {@code from} with a session of {@code user}. */
    private RawSmb2Client logOn(String from, String user) throws IOException {
        RawSmb2Client c = connect(from);
        c.negotiate(Dialect.SMB3_1_1);
        RawResponse r = c.sessionSetup(user, "secret");
        assertEquals(STATUS_SUCCESS, r.status(), r.toString());
        return c;
    }

    private static int treeConnect(RawSmb2Client c) throws IOException {
        RawResponse r = c.treeConnect("data");
        assertEquals(STATUS_SUCCESS, r.status(), r.toString());
        return r.header().treeId();
    }

    private static RawResponse create(RawSmb2Client c, int treeId, String name) throws IOException {
        return c.call(Smb2Command.CREATE.code(), treeId, RawMessages.createNewFile(name));
    }

    private static RawResponse echo(RawSmb2Client c) throws IOException {
        return c.call(Smb2Command.ECHO.code(), 0, body -> new EchoRequest().encode(body));
    }

    // --- connections ---

    @Test
    void theConnectionOverTheAddressLimitIsClosedWhileAnotherAddressConnects() throws IOException {
        start(l -> l.withMaxConnectionsPerAddress(3));
        for (int i = 0; i < 3; i++) {
            logOn("127.0.0.1", "alice");
        }
        RawSmb2Client fourth = connect("127.0.0.1");
        assertThrows(IOException.class, () -> fourth.negotiate(Dialect.SMB3_1_1),
                "the fourth connection from 127.0.0.1 is closed at accept");
        RawSmb2Client other = logOn("127.0.0.2", "alice");
        assertEquals(STATUS_SUCCESS, echo(other).status());
        for (RawSmb2Client c : clients.subList(0, 3)) {
            assertEquals(STATUS_SUCCESS, echo(c).status(), "the connections within the limit are untouched");
        }
    }

    @Test
    void theServerTotalRefusesTheNextConnectionFromAnyAddress() throws IOException {
        start(l -> l.withMaxConnections(2));
        logOn("127.0.0.1", "alice");
        logOn("127.0.0.2", "bob");
        RawSmb2Client third = connect("127.0.0.3");
        assertThrows(IOException.class, () -> third.negotiate(Dialect.SMB3_1_1));
    }

    @Test
    void theDefaultsAdmitMoreThanAThousandSessionsFromOneHost() throws IOException {
        start(UnaryOperator.identity());
        for (int i = 0; i < 1100; i++) {
            logOn("127.0.0.1", "alice");
        }
        assertEquals(STATUS_SUCCESS, echo(clients.get(0)).status());
        assertEquals(STATUS_SUCCESS, echo(clients.get(clients.size() - 1)).status());
    }

    // --- sessions and opens ---

    @Test
    void theSessionOverTheConnectionLimitIsRefusedAndAnotherConnectionIsServed() throws IOException {
        start(l -> l.withMaxSessionsPerConnection(2));
        RawSmb2Client c = logOn("127.0.0.1", "alice");
        c.newSession();
        assertEquals(STATUS_SUCCESS, c.sessionSetup("bob", "secret").status());
        c.newSession();
        RawResponse third = c.sessionSetup("alice", "secret");
        assertEquals(STATUS_INSUFF_SERVER_RESOURCES, third.status(), third.toString());
        RawSmb2Client next = logOn("127.0.0.1", "alice");
        assertEquals(STATUS_SUCCESS, echo(next).status());
    }

    @Test
    void theOpenOverTheSessionLimitIsRefusedAndAnotherUserIsServed() throws IOException {
        start(l -> l.withMaxOpensPerSession(3));
        RawSmb2Client alice = logOn("127.0.0.1", "alice");
        int tree = treeConnect(alice);
        for (int i = 0; i < 3; i++) {
            assertEquals(STATUS_SUCCESS, create(alice, tree, "a" + i).status());
        }
        RawResponse refused = create(alice, tree, "a3");
        assertEquals(STATUS_INSUFFICIENT_RESOURCES, refused.status(), refused.toString());
        assertFalse(share.resolve("a3").toFile().exists(), "the refused CREATE did not create the file");
        RawSmb2Client bob = logOn("127.0.0.1", "bob");
        assertEquals(STATUS_SUCCESS, create(bob, treeConnect(bob), "b0").status());
    }

    @Test
    void theOpenOverTheAccountLimitIsRefusedOnEverySessionAndAnotherUserIsServed() throws IOException {
        start(l -> l.withMaxOpensPerUser(4));
        RawSmb2Client first = logOn("127.0.0.1", "alice");
        int firstTree = treeConnect(first);
        RawSmb2Client second = logOn("127.0.0.2", "alice");
        int secondTree = treeConnect(second);
        List<FileId> opened = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RawResponse r = i % 2 == 0 ? create(first, firstTree, "f" + i) : create(second, secondTree, "f" + i);
            assertEquals(STATUS_SUCCESS, r.status(), r.toString());
            opened.add(CreateResponse.decode(r.buf()).fileId());
        }
        assertEquals(STATUS_INSUFFICIENT_RESOURCES, create(first, firstTree, "f4").status());
        assertEquals(STATUS_INSUFFICIENT_RESOURCES, create(second, secondTree, "f5").status());
        RawSmb2Client bob = logOn("127.0.0.1", "bob");
        assertEquals(STATUS_SUCCESS, create(bob, treeConnect(bob), "b0").status());
        assertEquals(STATUS_SUCCESS, first.close(firstTree, opened.get(0)).status());
        assertEquals(STATUS_SUCCESS, create(second, secondTree, "f6").status(), "a closed open makes room");
    }

    // --- asynchronous requests ---

    @Test
    void theAsyncRequestOverTheConnectionLimitIsRefused() throws IOException {
        start(l -> l.withMaxAsyncRequestsPerConnection(2));
        RawSmb2Client c = logOn("127.0.0.1", "alice");
        int tree = treeConnect(c);
        RawResponse dir = c.call(Smb2Command.CREATE.code(), tree, body -> new CreateRequest(
                OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION,
                0x00100081, // FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES | SYNCHRONIZE
                0, ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE | ShareAccess.FILE_SHARE_DELETE,
                CreateDisposition.OPEN.code(), CreateOptions.DIRECTORY_FILE, "", List.of()).encode(body));
        assertEquals(STATUS_SUCCESS, dir.status(), dir.toString());
        FileId root = CreateResponse.decode(dir.buf()).fileId();
        for (int i = 0; i < 2; i++) {
            RawResponse interim = changeNotify(c, tree, root);
            assertEquals(STATUS_PENDING, interim.status(), "CHANGE_NOTIFY " + i + " waits: " + interim);
            assertTrue(interim.header().hasFlag(Smb2Header.FLAG_ASYNC_COMMAND));
        }
        RawResponse refused = changeNotify(c, tree, root);
        assertEquals(STATUS_INSUFFICIENT_RESOURCES, refused.status(), refused.toString());
        RawSmb2Client other = logOn("127.0.0.1", "alice");
        int otherTree = treeConnect(other);
        assertEquals(STATUS_SUCCESS, create(other, otherTree, "x").status(), "other connections go on");
    }

    /** Sends a CHANGE_NOTIFY on {@code dir} and returns the first answer, interim or final. */
    private static RawResponse changeNotify(RawSmb2Client c, int tree, FileId dir) throws IOException {
        ByteBuf request = c.newRequest(Smb2Command.CHANGE_NOTIFY.code(), tree);
        new ChangeNotifyRequest(0, 1024, dir, 0x00000001 /* FILE_NOTIFY_CHANGE_FILE_NAME */).encode(request);
        c.send(c.sign(request));
        return c.receiveUnlessClosed().orElseThrow();
    }

    // --- handshake timeout ---

    @Test
    void connectionsWithoutASessionAreClosedAfterTheHandshakeTimeoutWhileAnIdleLoggedOnOneStays()
            throws IOException {
        start(l -> l.withHandshakeTimeout(Duration.ofSeconds(1)));
        RawSmb2Client loggedOn = logOn("127.0.0.1", "alice");
        // A second session of the logged-on connection that never finishes authenticating.
        loggedOn.newSession();
        NtlmInitiator ntlm = new NtlmInitiator("alice", "", "secret", "RAWCLIENT");
        RawResponse challenge = loggedOn.sessionSetupToken(ntlm.negotiate());
        assertEquals(STATUS_MORE_PROCESSING_REQUIRED, challenge.status());
        long stalledSession = challenge.header().sessionId();

        // Connected after all of the above, so their timeouts end after those of the logged-on connection.
        RawSmb2Client silent = connect("127.0.0.1");
        RawSmb2Client negotiatedOnly = connect("127.0.0.1");
        negotiatedOnly.negotiate(Dialect.SMB3_1_1);
        assertEquals(Optional.empty(), silent.receiveUnlessClosed(), "nothing sent: closed");
        assertEquals(Optional.empty(), negotiatedOnly.receiveUnlessClosed(), "no SESSION_SETUP: closed");

        byte[] token = SessionSetupResponse.decode(challenge.buf()).securityBuffer();
        RawResponse late = loggedOn.sessionSetupToken(ntlm.authenticate(token));
        assertEquals(STATUS_USER_SESSION_DELETED, late.status(),
                "the stalled session " + Long.toHexString(stalledSession) + " expired: " + late);
        loggedOn.newSession();
        assertEquals(STATUS_SUCCESS, loggedOn.sessionSetup("alice", "secret").status(),
                "the logged-on connection is still served");
        assertEquals(STATUS_SUCCESS, echo(loggedOn).status());
    }

    // --- failed-logon delay ---

    @Test
    void aFailedLogonIsAnsweredAfterTheDelayWhileAnotherAddressLogsOnMeanwhile() throws IOException {
        start(l -> l.withAuthFailureDelay(Duration.ofSeconds(3)));
        RawSmb2Client guesser = connect("127.0.0.1");
        guesser.negotiate(Dialect.SMB3_1_1);
        NtlmInitiator wrong = new NtlmInitiator("alice", "", "wrong", "RAWCLIENT");
        RawResponse challenge = guesser.sessionSetupToken(wrong.negotiate());
        assertEquals(STATUS_MORE_PROCESSING_REQUIRED, challenge.status(), "the first leg is not delayed");
        byte[] token = SessionSetupResponse.decode(challenge.buf()).securityBuffer();
        guesser.send(authenticateLeg(guesser, wrong.authenticate(token)));

        RawSmb2Client other = logOn("127.0.0.2", "alice");
        assertFalse(guesser.responseWaiting(),
                "the failure's answer is held while another address logs on in full");
        assertEquals(STATUS_SUCCESS, echo(other).status());
        RawResponse failure = guesser.receive();
        assertEquals(STATUS_LOGON_FAILURE, failure.status(), failure.toString());
    }

    @Test
    void failuresFromOneAddressOverTwoConnectionsAreAnsweredOneAfterTheOther() throws IOException {
        // A long delay keeps the check below about order: the second answer is due a whole delay after the first,
        // far more than a loaded machine takes to hand the first one to this thread.
        start(l -> l.withAuthFailureDelay(Duration.ofSeconds(5)));
        RawSmb2Client first = connect("127.0.0.1");
        RawSmb2Client second = connect("127.0.0.1");
        for (RawSmb2Client c : List.of(first, second)) {
            c.negotiate(Dialect.SMB3_1_1);
        }
        NtlmInitiator wrongFirst = new NtlmInitiator("alice", "", "wrong1", "RAWCLIENT");
        NtlmInitiator wrongSecond = new NtlmInitiator("alice", "", "wrong2", "RAWCLIENT");
        byte[] tokenFirst = SessionSetupResponse.decode(first.sessionSetupToken(wrongFirst.negotiate()).buf())
                .securityBuffer();
        byte[] tokenSecond = SessionSetupResponse.decode(second.sessionSetupToken(wrongSecond.negotiate()).buf())
                .securityBuffer();
        first.send(authenticateLeg(first, wrongFirst.authenticate(tokenFirst)));
        second.send(authenticateLeg(second, wrongSecond.authenticate(tokenSecond)));

        // The two connections are served by different threads, so either failure may take the earlier slot.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!first.responseWaiting() && !second.responseWaiting() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        RawSmb2Client early = first.responseWaiting() ? first : second;
        RawSmb2Client late = early == first ? second : first;
        assertEquals(STATUS_LOGON_FAILURE, early.receive().status());
        assertFalse(late.responseWaiting(), "the other failure of the address waits a delay more");
        assertEquals(STATUS_LOGON_FAILURE, late.receive().status());
    }

    /** The second SESSION_SETUP leg carrying {@code token}, on the client's session in progress. */
    private static ByteBuf authenticateLeg(RawSmb2Client c, byte[] token) {
        ByteBuf request = c.newRequest(Smb2Command.SESSION_SETUP.code(), 0);
        new SessionSetupRequest(0, SessionSetupRequest.SIGNING_ENABLED, 0, 0, Unpooled.wrappedBuffer(token))
                .encode(request);
        return request;
    }
}

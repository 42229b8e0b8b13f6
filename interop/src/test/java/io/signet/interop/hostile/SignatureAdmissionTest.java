package io.signet.interop.hostile;

import static io.signet.interop.raw.RawSmb2Client.STATUS_ACCESS_DENIED;
import static io.signet.interop.raw.RawSmb2Client.STATUS_INVALID_PARAMETER;
import static io.signet.interop.raw.RawSmb2Client.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.signet.interop.raw.RawMessages;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.support.ServerLog;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.ErrorResponse;
import io.signet.protocol.smb2.message.NegotiateContext;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.TreeConnectRequest;
import io.signet.protocol.smb2.message.TreeConnectResponse;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * [MS-SMB2] 3.3.5.2.4 Verifying the Signature, and 3.3.5.2.3 Verifying the Sequence Number: what mandatory signing
 * means on the wire, checked with a raw client that can misbehave: a correctly signed request
 * is served; an unsigned or badly signed one is answered STATUS_ACCESS_DENIED and never executed; a truncated frame
 * or a replayed message id ends the connection (and only that connection); an unknown command is
 * STATUS_INVALID_PARAMETER and the session goes on.
 *
 * <p>"Never executed" is checked on the share's directory: the refused request is a CREATE of a new file, and the
 * same CREATE correctly signed afterwards must succeed, which shows the check would have seen the file.
 */
class SignatureAdmissionTest {
    /** An SMB2 command code [MS-SMB2] 2.2.1.2 does not define (the last defined one is OPLOCK_BREAK, 0x0012). */
    private static final int UNDEFINED_COMMAND = 0x0013;
    /** [MS-SMB2] 2.2.13: the Buffer (the file name) starts right after the 64-byte header and 56 fixed bytes. */
    private static final int CREATE_NAME_OFFSET = 0x78;

    @TempDir
    Path share;
    @TempDir
    Path state;

    private SignetServer server;
    private int logMark;

    @BeforeEach
    void startServer() throws IOException {
        server = SignetServer.builder().share("data", share).user("alice", "secret")
                .port(0).bindAddress("127.0.0.1").stateDir(state).start();
        logMark = ServerLog.mark();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"SMB3_0_2", "SMB3_1_1"})
    void signedTreeConnectSucceeds(Dialect dialect) throws IOException {
        try (RawSmb2Client client = RawSmb2Client.connect(server.port())) {
            NegotiateResponse negotiated = client.negotiate(dialect);
            assertEquals(dialect.code(), negotiated.dialectRevision(), "dialect");
            assertTrue((negotiated.securityMode() & NegotiateResponse.SIGNING_REQUIRED) != 0,
                    "the server must announce that it requires signing");
            if (dialect == Dialect.SMB3_1_1) {
                assertTrue(negotiated.contexts().stream()
                                .anyMatch(c -> c.type() == NegotiateContext.SIGNING_CAPABILITIES),
                        "a 3.1.1 NEGOTIATE offering SIGNING_CAPABILITIES must be answered with one");
            }
            assertEquals(SigningAlgorithm.AES_CMAC, client.signingAlgorithm(), "signing algorithm");
            logOn(client);

            RawResponse tree = client.treeConnect("data");
            assertStatus(STATUS_SUCCESS, tree);
            assertSignedBySession(tree);
            assertNotEquals(0, tree.header().treeId(), "TreeId of the new tree connect");
            assertEquals(TreeConnectResponse.SHARE_TYPE_DISK, TreeConnectResponse.decode(tree.buf()).shareType());
        }
    }

    @Test
    void unsignedTreeConnectIsDenied() throws IOException {
        try (RawSmb2Client client = loggedOn()) {
            ByteBuf request = client.newRequest(Smb2Command.TREE_CONNECT.code(), 0);
            new TreeConnectRequest(0, "\\\\127.0.0.1\\data").encode(request);
            long mid = client.nextMessageId() - 1;
            client.send(request);
            RawResponse denied = client.receive();
            assertEquals(mid, denied.header().messageId(), "the answer must be to the unsigned request");
            assertStatus(STATUS_ACCESS_DENIED, denied);
            assertSignatureHolds(denied);
            assertEquals(0, denied.header().treeId(), "a refused TREE_CONNECT must not hand out a TreeId");

            // The refusal costs the request, not the session.
            RawResponse tree = client.treeConnect("data");
            assertStatus(STATUS_SUCCESS, tree);
        }
    }

    @Test
    void unsignedCreateIsDeniedAndNotExecuted() throws IOException {
        try (RawSmb2Client client = loggedOn()) {
            int treeId = treeConnect(client);
            ByteBuf request = client.newRequest(Smb2Command.CREATE.code(), treeId);
            RawMessages.createNewFile("unsigned.txt").accept(request);
            client.send(request);
            RawResponse denied = client.receive();
            assertStatus(STATUS_ACCESS_DENIED, denied);
            assertSignatureHolds(denied);
            assertFalse(Files.exists(share.resolve("unsigned.txt")), "the unsigned CREATE was executed");

            createSignedAndClose(client, treeId, "unsigned.txt");
        }
    }

    /** Ways to send a request whose SMB2_FLAGS_SIGNED is set but whose signature does not match it. */
    enum Tamper {
        /** One bit of the signature flipped. */
        FLIPPED_SIGNATURE_BIT {
            @Override
            void apply(ByteBuf m) {
                m.setByte(Smb2Header.OFFSET_SIGNATURE + 7, m.getByte(Smb2Header.OFFSET_SIGNATURE + 7) ^ 0x01);
            }
        },
        /** The flag set, the signature field left zero. */
        ZERO_SIGNATURE {
            @Override
            void apply(ByteBuf m) {
                m.setZero(Smb2Header.OFFSET_SIGNATURE, Smb2Header.SIGNATURE_SIZE);
            }
        },
        /** The file name changed after signing ("tampered.txt" becomes "tampered.txu"). */
        BODY_CHANGED_AFTER_SIGNING {
            @Override
            void apply(ByteBuf m) {
                int lastChar = CREATE_NAME_OFFSET + 2 * ("tampered.txt".length() - 1);
                m.setByte(lastChar, 'u');
            }
        },
        /** The CreditRequest field of the header changed after signing. */
        HEADER_CHANGED_AFTER_SIGNING {
            @Override
            void apply(ByteBuf m) {
                m.setShortLE(Smb2Header.OFFSET_CREDITS, m.getUnsignedShortLE(Smb2Header.OFFSET_CREDITS) + 1);
            }
        };

        abstract void apply(ByteBuf message);
    }

    @ParameterizedTest
    @EnumSource(Tamper.class)
    void badlySignedCreateIsDeniedAndNotExecuted(Tamper tamper) throws IOException {
        try (RawSmb2Client client = loggedOn()) {
            int treeId = treeConnect(client);
            ByteBuf request = client.newRequest(Smb2Command.CREATE.code(), treeId);
            RawMessages.createNewFile("tampered.txt").accept(request);
            client.sign(request);
            tamper.apply(request);
            client.send(request);
            RawResponse denied = client.receive();
            assertStatus(STATUS_ACCESS_DENIED, denied);
            assertSignatureHolds(denied);
            assertFalse(Files.exists(share.resolve("tampered.txt")), "the badly signed CREATE was executed");
            assertFalse(Files.exists(share.resolve("tampered.txu")), "the tampered CREATE was executed");
            assertTrue(ServerLog.since(logMark).stream().anyMatch(l -> l.contains("bad signature on CREATE")),
                    "expected the server to log the bad signature; " + ServerLog.dump(logMark));

            createSignedAndClose(client, treeId, "tampered.txt");
        }
    }

    @Test
    void truncatedMessageClosesTheConnectionOnly() throws IOException {
        try (RawSmb2Client client = loggedOn()) {
            treeConnect(client);
            ByteBuf echo = client.newRequest(Smb2Command.ECHO.code(), 0);
            new EchoRequest().encode(echo);
            client.sign(echo);
            byte[] whole = ByteBufUtil.getBytes(echo);
            echo.release();
            // A frame of 40 bytes: the start of a valid, signed header, cut before the SessionId and Signature.
            client.sendBytes(Arrays.copyOf(whole, 40));
            assertClosed(client, "a frame shorter than the 64-byte SMB2 header");
        }
        assertServerStillServes();
    }

    /**
     * [MS-SMB2] 3.3.5.2.3: a message id used before ends the connection, even correctly signed (a captured request
     * injected again); another client's connection, open all along, goes on.
     */
    @Test
    void replayedMessageIdClosesTheConnectionAndIsNotExecuted() throws IOException {
        try (RawSmb2Client client = loggedOn();
             RawSmb2Client bystander = loggedOn()) {
            int bystanderTree = treeConnect(bystander);
            int treeId = treeConnect(client);
            long mid = client.nextMessageId();
            RawResponse first = client.call(Smb2Command.CREATE.code(), treeId,
                    RawMessages.createNewFile("first.txt"));
            assertStatus(STATUS_SUCCESS, first);
            assertTrue(Files.exists(share.resolve("first.txt")));

            ByteBuf replay = client.newRequest(Smb2Command.CREATE.code(), treeId, mid);
            RawMessages.createNewFile("replayed.txt").accept(replay);
            client.send(client.sign(replay));
            assertClosed(client, "a correctly signed request reusing message id " + mid);
            assertFalse(Files.exists(share.resolve("replayed.txt")), "the replayed request was executed");
            createSignedAndClose(bystander, bystanderTree, "bystander.txt");
        }
        assertServerStillServes();
    }

    @Test
    void unknownCommandIsInvalidParameterAndTheSessionGoesOn() throws IOException {
        try (RawSmb2Client client = loggedOn()) {
            int treeId = treeConnect(client);
            ByteBuf request = client.newRequest(UNDEFINED_COMMAND, treeId);
            request.writeShortLE(4);                       // a plausible StructureSize
            request.writeShortLE(0);
            client.sign(request);
            long mid = request.getLongLE(Smb2Header.OFFSET_MESSAGE_ID);
            byte[] requestSignature = ByteBufUtil.getBytes(request, Smb2Header.OFFSET_SIGNATURE,
                    Smb2Header.SIGNATURE_SIZE);
            client.send(request);
            RawResponse unknown = client.receive();
            assertEquals(mid, unknown.header().messageId(), "MessageId of the answer");
            assertEquals(UNDEFINED_COMMAND, unknown.header().commandCode(), "Command of the answer");
            assertTrue(unknown.header().hasFlag(Smb2Header.FLAG_SERVER_TO_REDIR), "a response must be flagged so");
            assertStatus(STATUS_INVALID_PARAMETER, unknown);
            assertEquals(0, ErrorResponse.decode(unknown.buf()).errorContextCount(), "an SMB2 ERROR body");

            createSignedAndClose(client, treeId, "after-unknown.txt");

            // [MS-SMB2] 3.3.4.1.1: the request was signed on a session that requires signing, so the answer is signed
            // with the session's key; a response that sets SMB2_FLAGS_SIGNED must in any case carry a signature
            // that verifies, or a client checking it drops the response.
            byte[] responseSignature = Arrays.copyOfRange(unknown.bytes(), Smb2Header.OFFSET_SIGNATURE,
                    Smb2Header.OFFSET_SIGNATURE + Smb2Header.SIGNATURE_SIZE);
            assertTrue(unknown.signed() && unknown.signatureValid(), "the STATUS_INVALID_PARAMETER answer to a signed "
                    + "request must be signed with the session's key: " + unknown
                    + (Arrays.equals(requestSignature, responseSignature)
                    ? " (its Signature field is a copy of the request's)" : ""));
        }
    }

    private RawSmb2Client loggedOn() throws IOException {
        RawSmb2Client client = RawSmb2Client.connect(server.port());
        client.negotiate(Dialect.SMB3_1_1);
        logOn(client);
        return client;
    }

    private void logOn(RawSmb2Client client) throws IOException {
        RawResponse done = client.sessionSetup("alice", "secret");
        assertStatus(STATUS_SUCCESS, done);
        assertTrue(done.signed() && done.signatureValid(), "the final SESSION_SETUP response must be signed with the "
                + "key the client derived (" + client.dialect() + "): " + done);
    }

    private int treeConnect(RawSmb2Client client) throws IOException {
        RawResponse tree = client.treeConnect("data");
        assertStatus(STATUS_SUCCESS, tree);
        return tree.header().treeId();
    }

    /** The signed CREATE of {@code name} succeeds and creates the file, then CLOSE: the session works. */
    private void createSignedAndClose(RawSmb2Client client, int treeId, String name) throws IOException {
        Consumer<ByteBuf> create = RawMessages.createNewFile(name);
        RawResponse created = client.call(Smb2Command.CREATE.code(), treeId, create);
        assertStatus(STATUS_SUCCESS, created);
        assertSignedBySession(created);
        assertTrue(Files.exists(share.resolve(name)), "the signed CREATE did not create " + name);
        assertStatus(STATUS_SUCCESS, client.close(treeId, CreateResponse.decode(created.buf()).fileId()));
    }

    private void assertClosed(RawSmb2Client client, String what) throws IOException {
        Optional<RawResponse> answer = client.receiveUnlessClosed();
        assertTrue(answer.isEmpty(), "the server answered " + what + " instead of closing the connection: "
                + answer.orElse(null) + "\n" + ServerLog.dump(logMark));
    }

    /** A new connection can still log on and connect to the share. */
    private void assertServerStillServes() throws IOException {
        try (RawSmb2Client fresh = loggedOn()) {
            treeConnect(fresh);
        }
    }

    /** A response that sets SMB2_FLAGS_SIGNED must carry a signature that verifies with the session's key. */
    private static void assertSignatureHolds(RawResponse response) {
        assertTrue(!response.signed() || response.signatureValid(), "signed, but the signature does not verify: "
                + response);
    }

    private static void assertSignedBySession(RawResponse response) {
        assertTrue(response.signed() && response.signatureValid(),
                "a response on a signing-required session must be signed with the session's key: " + response);
    }

    private void assertStatus(int expected, RawResponse response) {
        assertEquals(String.format("0x%08X", expected), String.format("0x%08X", response.status()),
                "status of " + response + "\n" + ServerLog.dump(logMark));
    }
}

package io.signet.server;

import static io.signet.server.testclient.Smb2TestClient.echo;
import static io.signet.server.testclient.Smb2TestClient.negotiate;
import static io.signet.server.testclient.Smb2TestClient.preauthSha512;
import static io.signet.server.testclient.Smb2TestClient.signing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.config.SigningPolicy;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.NegotiateContext;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import io.signet.protocol.smb2.message.TreeConnectRequest;
import io.signet.protocol.status.NtStatus;
import io.signet.server.testclient.Smb2Response;
import io.signet.server.testclient.Smb2TestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real {@link SignetServer} on a free port, driven by raw SMB2 messages over a socket: NEGOTIATE in all its forms
 * ([MS-SMB2] 3.3.5.3, 3.3.5.4), and what the connection does with requests that break the protocol (3.3.5.2).
 */
class Smb2ConnectionTest {
    private static final int SMB2_0_2 = 0x0202;
    private static final int SMB2_1 = 0x0210;
    private static final int SMB3_0 = 0x0300;
    private static final int SMB3_0_2 = 0x0302;
    private static final int SMB3_1_1 = 0x0311;
    private static final int MIB_8 = 8 * 1024 * 1024;
    private static final int KIB_64 = 64 * 1024;

    @TempDir
    static Path shareDir;

    private static SignetServer mandatory;
    private static SignetServer auto;

    private Smb2TestClient client;

    @BeforeAll
    static void startServers() throws IOException {
        mandatory = SignetServer.builder().share("data", shareDir).user("alice", "secret").port(0)
                .bindAddress("127.0.0.1").start();
        auto = SignetServer.builder().share("data", shareDir).user("alice", "secret").port(0)
                .bindAddress("127.0.0.1").signing(SigningPolicy.AUTO).start();
    }

    @AfterAll
    static void stopServers() {
        if (mandatory != null) {
            mandatory.close();
        }
        if (auto != null) {
            auto.close();
        }
    }

    @BeforeEach
    void connect() throws IOException {
        client = Smb2TestClient.connect("127.0.0.1", mandatory.port());
    }

    @AfterEach
    void disconnect() throws IOException {
        client.close();
    }

    private Smb2Response negotiateOk(int... dialects) throws IOException {
        Smb2Response r = client.call(client.request(Smb2Command.NEGOTIATE, 16), negotiate(dialects));
        assertEquals(NtStatus.STATUS_SUCCESS, r.status(), r.toString());
        return r;
    }

    private static NegotiateResponse decode(Smb2Response r) {
        return NegotiateResponse.decode(r.buf());
    }

    // --- NEGOTIATE ---

    @Test
    void negotiateResponseLayoutWithMandatorySigning() throws IOException {
        Smb2Response r = negotiateOk(SMB2_0_2, SMB2_1, SMB3_0);
        assertEquals(Smb2Command.NEGOTIATE, r.header().command());
        assertTrue(r.header().hasFlag(Smb2Header.FLAG_SERVER_TO_REDIR));
        assertEquals(0, r.header().messageId());
        assertTrue(r.header().credits() >= 1, "a NEGOTIATE response grants at least one credit");
        assertEquals(65, r.structureSize());
        NegotiateResponse n = decode(r);
        assertEquals(NegotiateResponse.SIGNING_ENABLED | NegotiateResponse.SIGNING_REQUIRED, n.securityMode());
        assertEquals(SMB3_0, n.dialectRevision());
        assertEquals(0x80, r.bodyU16(56), "SecurityBufferOffset: right after the 64-byte fixed part");
        assertTrue(r.bodyU16(58) > 0, "SecurityBufferLength: the SPNEGO init token");
        assertTrue(n.securityBuffer().length > 0);
        assertEquals(0x60, n.securityBuffer()[0] & 0xFF, "a GSS-API InitialContextToken starts with [APPLICATION 0]");
        assertEquals(16, n.serverGuid().length);
        assertTrue(n.systemTime() > 0);
    }

    @Test
    void autoSigningServerEnablesButDoesNotRequireSigning() throws IOException {
        try (Smb2TestClient c = Smb2TestClient.connect("127.0.0.1", auto.port())) {
            Smb2Response r = c.call(c.request(Smb2Command.NEGOTIATE), negotiate(SMB2_1, SMB3_0_2));
            assertEquals(NtStatus.STATUS_SUCCESS, r.status());
            NegotiateResponse n = decode(r);
            assertEquals(NegotiateResponse.SIGNING_ENABLED, n.securityMode());
        }
    }

    @ParameterizedTest(name = "{0} -> 0x{1}")
    @CsvSource({
            "0202,                0202",
            "0210,                0210",
            "0202 0210,           0210",
            "0300 0202,           0300",
            "0202 0210 0300 0302, 0302",
            "0302 0300 0210 0202, 0302",
            "0222 0202 02FF,      0202", // unknown codes and the wildcard are ignored, not chosen
    })
    void highestCommonDialectIsChosen(String offered, String expected) throws IOException {
        int[] dialects = java.util.Arrays.stream(offered.trim().split("\\s+"))
                .mapToInt(s -> Integer.parseInt(s, 16)).toArray();
        NegotiateResponse n = decode(negotiateOk(dialects));
        assertEquals(Integer.parseInt(expected, 16), n.dialectRevision());
    }

    @ParameterizedTest(name = "dialect 0x{0}")
    @CsvSource({"0210", "0300", "0302"})
    void largeMtuFrom21On(String dialect) throws IOException {
        NegotiateResponse n = decode(negotiateOk(Integer.parseInt(dialect, 16)));
        assertEquals(NegotiateResponse.CAP_LARGE_MTU, n.capabilities() & NegotiateResponse.CAP_LARGE_MTU);
        assertEquals(MIB_8, n.maxReadSize());
        assertEquals(MIB_8, n.maxWriteSize());
        assertEquals(MIB_8, n.maxTransactSize());
    }

    @Test
    void smb202GetsSixtyFourKilobytesAndNoLargeMtu() throws IOException {
        NegotiateResponse n = decode(negotiateOk(SMB2_0_2));
        assertEquals(SMB2_0_2, n.dialectRevision());
        assertEquals(0, n.capabilities() & NegotiateResponse.CAP_LARGE_MTU);
        assertEquals(KIB_64, n.maxReadSize());
        assertEquals(KIB_64, n.maxWriteSize());
        assertEquals(KIB_64, n.maxTransactSize());
    }

    /** [MS-SMB2] 3.3.5.4: the signing algorithm is the first of the client's list that the server supports. */
    @ParameterizedTest(name = "client offers {0} -> {1}")
    @CsvSource({
            "0002 0001 0000, 0002",
            "0001 0002,      0001",
            "0000 0002,      0000",
            "0007 0002 0001, 0002", // an id the server does not know is skipped
    })
    void smb311SelectsTheClientsFirstSupportedSigningAlgorithm(String offered, String expected) throws IOException {
        int[] ids = java.util.Arrays.stream(offered.trim().split("\\s+"))
                .mapToInt(s -> Integer.parseInt(s, 16)).toArray();
        Smb2Response r = client.call(client.request(Smb2Command.NEGOTIATE),
                negotiate(Smb2TestClient.SIGNING_ENABLED, List.of(preauthSha512(), signing(ids)),
                        SMB2_1, SMB3_0_2, SMB3_1_1));
        assertEquals(NtStatus.STATUS_SUCCESS, r.status(), r.toString());
        NegotiateResponse n = decode(r);
        assertEquals(SMB3_1_1, n.dialectRevision());
        assertEquals(MIB_8, n.maxReadSize());
        assertEquals(0x80, r.bodyU16(56));
        assertTrue(n.securityBuffer().length > 0);

        NegotiateContext preauth = context(n, NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES);
        assertEquals(1, preauth.data().getUnsignedShortLE(0), "HashAlgorithmCount");
        assertEquals(0x0001, preauth.data().getUnsignedShortLE(4), "SHA-512");
        assertEquals(preauth.data().getUnsignedShortLE(2), preauth.data().readableBytes() - 6, "SaltLength");

        NegotiateContext signingContext = context(n, NegotiateContext.SIGNING_CAPABILITIES);
        assertEquals(1, signingContext.data().getUnsignedShortLE(0), "SigningAlgorithmCount");
        assertEquals(Integer.parseInt(expected, 16), signingContext.data().getUnsignedShortLE(2));
    }

    private static NegotiateContext context(NegotiateResponse n, int type) {
        List<NegotiateContext> found = n.contexts().stream().filter(c -> c.type() == type).toList();
        assertEquals(1, found.size(), "exactly one response context of type " + type + " in " + n.contexts());
        return found.get(0);
    }

    @Test
    void smb311WithoutPreauthContextIsInvalidParameter() throws IOException {
        Smb2Response r = client.call(client.request(Smb2Command.NEGOTIATE),
                negotiate(Smb2TestClient.SIGNING_ENABLED, List.of(signing(0x0001)), SMB3_0, SMB3_1_1));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, r.status());
        assertEquals(9, r.structureSize(), "an ERROR response body");
    }

    @Test
    void smb311WithNoContextsAtAllIsInvalidParameter() throws IOException {
        Smb2Response r = client.call(client.request(Smb2Command.NEGOTIATE), negotiate(SMB3_1_1));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, r.status());
    }

    @Test
    void noCommonDialectIsNotSupportedAndTheConnectionMayNegotiateAgain() throws IOException {
        Smb2Response r = client.call(client.request(Smb2Command.NEGOTIATE), negotiate(0x0100, 0x0222));
        assertEquals(NtStatus.STATUS_NOT_SUPPORTED, r.status());
        assertTrue(r.header().credits() >= 1);
        // nothing was negotiated, so a second NEGOTIATE is the first one that counts
        Smb2Response again = client.call(client.request(Smb2Command.NEGOTIATE), negotiate(SMB2_1));
        assertEquals(NtStatus.STATUS_SUCCESS, again.status());
        assertEquals(SMB2_1, decode(again).dialectRevision());
    }

    @Test
    void secondNegotiateClosesTheConnection() throws IOException {
        negotiateOk(SMB2_1);
        client.send(client.request(Smb2Command.NEGOTIATE), negotiate(SMB2_1));
        assertTrue(client.awaitClosedByServer());
    }

    @Test
    void requestBeforeNegotiateClosesTheConnection() throws IOException {
        client.send(client.request(Smb2Command.ECHO), echo());
        assertTrue(client.awaitClosedByServer());
    }

    // --- SMB1 multi-protocol negotiate ([MS-SMB2] 3.3.5.3) ---

    /** An SMB_COM_NEGOTIATE request ([MS-CIFS] 2.2.4.52.1) offering {@code dialects}. */
    private static byte[] smb1Negotiate(String... dialects) {
        ByteBuf strings = Unpooled.buffer();
        for (String d : dialects) {
            strings.writeByte(0x02);                                  // BufferFormat: dialect
            strings.writeBytes(d.getBytes(StandardCharsets.US_ASCII));
            strings.writeByte(0);
        }
        ByteBuf b = Unpooled.buffer();
        b.writeIntLE(0x424D53FF);     // 0xFF 'S' 'M' 'B'
        b.writeByte(0x72);            // Command: SMB_COM_NEGOTIATE
        b.writeIntLE(0);              // Status
        b.writeByte(0x18);            // Flags
        b.writeShortLE(0xC853);       // Flags2
        b.writeZero(12);              // PIDHigh, SecurityFeatures, Reserved
        b.writeShortLE(0xFFFF);       // TID
        b.writeShortLE(0xFEFF);       // PIDLow
        b.writeShortLE(0);            // UID
        b.writeShortLE(0);            // MID
        b.writeByte(0);               // WordCount
        b.writeShortLE(strings.readableBytes()); // ByteCount
        b.writeBytes(strings);
        return ByteBufUtil.getBytes(b);
    }

    @Test
    void smb1NegotiateWithWildcardGetsAnSmb2ResponseWith02ff() throws IOException {
        client.sendFrame(smb1Negotiate("NT LM 0.12", "SMB 2.002", "SMB 2.???"));
        Smb2Response r = client.receive();
        assertEquals(NtStatus.STATUS_SUCCESS, r.status());
        assertEquals(Smb2Command.NEGOTIATE, r.header().command());
        assertEquals(0, r.header().messageId());
        assertEquals(65, r.structureSize());
        NegotiateResponse n = decode(r);
        assertEquals(0x02FF, n.dialectRevision());
        assertEquals(NegotiateResponse.SIGNING_REQUIRED, n.securityMode() & NegotiateResponse.SIGNING_REQUIRED);

        // the client goes on with an SMB2 NEGOTIATE carrying message id 1
        client.nextMessageId(1);
        Smb2Response smb2 = client.call(client.request(Smb2Command.NEGOTIATE), negotiate(SMB2_0_2, SMB2_1, SMB3_0));
        assertEquals(NtStatus.STATUS_SUCCESS, smb2.status(), smb2.toString());
        assertEquals(SMB3_0, decode(smb2).dialectRevision());
    }

    @Test
    void smb1NegotiateWithOnlySmb1DialectsClosesTheConnection() throws IOException {
        client.sendFrame(smb1Negotiate("NT LM 0.12"));
        assertTrue(client.awaitClosedByServer());
    }

    @Test
    void transformHeaderClosesTheConnection() throws IOException {
        byte[] transform = new byte[52 + 80];
        transform[0] = (byte) 0xFD;
        transform[1] = 'S';
        transform[2] = 'M';
        transform[3] = 'B';
        negotiateOk(SMB3_0);
        client.sendFrame(transform);
        assertTrue(client.awaitClosedByServer());
    }

    // --- after NEGOTIATE ---

    @Test
    void echoWorksWithSessionIdZero() throws IOException {
        negotiateOk(SMB2_1);
        Smb2Response r = client.call(client.request(Smb2Command.ECHO), echo());
        assertEquals(NtStatus.STATUS_SUCCESS, r.status());
        assertEquals(Smb2Command.ECHO, r.header().command());
        assertEquals(1, r.header().messageId());
        assertEquals(4, r.structureSize());
    }

    @Test
    void messageIdReplayClosesTheConnection() throws IOException {
        negotiateOk(SMB2_1);
        Smb2Header first = client.request(Smb2Command.ECHO);
        assertEquals(NtStatus.STATUS_SUCCESS, client.call(first, echo()).status());
        client.send(new Smb2Header().command(Smb2Command.ECHO).messageId(first.messageId()).credits(1), echo());
        assertTrue(client.awaitClosedByServer());
    }

    @Test
    void messageIdBeyondTheGrantedCreditsClosesTheConnection() throws IOException {
        Smb2Response n = negotiateOk(SMB2_1);
        client.nextMessageId(1 + n.header().credits());
        client.send(client.request(Smb2Command.ECHO), echo());
        assertTrue(client.awaitClosedByServer());
    }

    @Test
    void unknownCommandIsInvalidParameter() throws IOException {
        negotiateOk(SMB2_1);
        Smb2Header h = client.request(Smb2Command.ECHO).commandCode(0x0013);
        Smb2Response r = client.call(h, echo());
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, r.status());
        assertEquals(0x0013, r.header().commandCode());
        assertEquals(9, r.structureSize());
        // and the connection carries on
        assertEquals(NtStatus.STATUS_SUCCESS, client.call(client.request(Smb2Command.ECHO), echo()).status());
    }

    @Test
    void sessionSetupWithGarbageTokenFailsAndTheConnectionStillAnswers() throws IOException {
        negotiateOk(SMB2_1, SMB3_0_2);
        byte[] garbage = "this is not a GSS-API token at all".getBytes(StandardCharsets.US_ASCII);
        SessionSetupRequest setup = new SessionSetupRequest(0, SessionSetupRequest.SIGNING_ENABLED, 0, 0,
                Unpooled.wrappedBuffer(garbage));
        Smb2Response r = client.call(client.request(Smb2Command.SESSION_SETUP), setup::encode);
        assertEquals(Smb2Command.SESSION_SETUP, r.header().command());
        assertEquals(0xC0000000, r.statusCode() & 0xC0000000, "an error severity status, got " + r);
        assertNotEquals(NtStatus.STATUS_MORE_PROCESSING_REQUIRED, r.status());

        Smb2Response echo = client.call(client.request(Smb2Command.ECHO), echo());
        assertEquals(NtStatus.STATUS_SUCCESS, echo.status());
    }

    @Test
    void treeConnectOnAnUnknownSessionIsUserSessionDeleted() throws IOException {
        negotiateOk(SMB2_1);
        Smb2Header h = client.request(Smb2Command.TREE_CONNECT).sessionId(0x1234);
        Smb2Response r = client.call(h, new TreeConnectRequest(0, "\\\\127.0.0.1\\data")::encode);
        assertEquals(NtStatus.STATUS_USER_SESSION_DELETED, r.status());
        assertEquals(0x1234, r.header().sessionId());
    }

    /** The close assertions above are only worth something if an open connection is not mistaken for a closed one. */
    @Test
    void openConnectionIsNotReportedAsClosed() throws IOException {
        try (Smb2TestClient c = Smb2TestClient.connect("127.0.0.1", mandatory.port(), java.time.Duration.ofMillis(300))) {
            assertEquals(NtStatus.STATUS_SUCCESS,
                    c.call(c.request(Smb2Command.NEGOTIATE), negotiate(SMB2_1)).status());
            assertFalse(c.awaitClosedByServer());
            assertEquals(NtStatus.STATUS_SUCCESS, c.call(c.request(Smb2Command.ECHO), echo()).status());
        }
    }

    @Test
    void signedNegotiateIsInvalidParameter() throws IOException {
        Smb2Header h = client.request(Smb2Command.NEGOTIATE).flags(Smb2Header.FLAG_SIGNED);
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, client.call(h, negotiate(SMB2_1)).status());
    }

    @Test
    void asyncFlagOnARequestIsInvalidParameter() throws IOException {
        negotiateOk(SMB2_1);
        Smb2Header h = client.request(Smb2Command.ECHO).flags(Smb2Header.FLAG_ASYNC_COMMAND);
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, client.call(h, echo()).status());
    }

    @Test
    void treeConnectWithoutASessionIsUserSessionDeleted() throws IOException {
        negotiateOk(SMB2_1);
        Smb2Response r = client.call(client.request(Smb2Command.TREE_CONNECT),
                new TreeConnectRequest(0, "\\\\127.0.0.1\\data")::encode);
        assertEquals(NtStatus.STATUS_USER_SESSION_DELETED, r.status());
    }

    @Test
    void dialectCountZeroIsInvalidParameter() throws IOException {
        Smb2Response r = client.call(client.request(Smb2Command.NEGOTIATE), negotiate(new int[0]));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, r.status()); // [MS-SMB2] 3.3.5.4
    }

    @Test
    void smb311PreauthWithoutSha512IsNoHashOverlap() throws IOException {
        ByteBuf d = Unpooled.buffer();
        d.writeShortLE(1);          // HashAlgorithmCount
        d.writeShortLE(0);          // SaltLength
        d.writeShortLE(0x0002);     // an undefined hash algorithm
        NegotiateContext preauth = new NegotiateContext(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES, d);
        Smb2Response r = client.call(client.request(Smb2Command.NEGOTIATE),
                negotiate(Smb2TestClient.SIGNING_ENABLED, List.of(preauth), SMB3_1_1));
        assertEquals(NtStatus.STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP, r.status());
    }

    /** [MS-SMB2] 3.3.5.3.1: "SMB 2.002" without the wildcard settles on 2.0.2 at once; no SMB2 NEGOTIATE follows. */
    @Test
    void smb1NegotiateWithOnlySmb2002NegotiatesSmb202Directly() throws IOException {
        client.sendFrame(smb1Negotiate("NT LM 0.12", "SMB 2.002"));
        Smb2Response r = client.receive();
        assertEquals(NtStatus.STATUS_SUCCESS, r.status());
        NegotiateResponse n = decode(r);
        assertEquals(SMB2_0_2, n.dialectRevision());
        assertEquals(KIB_64, n.maxReadSize());
        assertEquals(0, n.capabilities() & NegotiateResponse.CAP_LARGE_MTU);
        client.nextMessageId(1);
        assertEquals(NtStatus.STATUS_SUCCESS, client.call(client.request(Smb2Command.ECHO), echo()).status());
        // the connection is negotiated now: an SMB2 NEGOTIATE is a second one
        client.send(client.request(Smb2Command.NEGOTIATE), negotiate(SMB2_1));
        assertTrue(client.awaitClosedByServer());
    }
}

package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.support.ServerLog;
import io.signet.interop.support.Smbd;
import io.signet.protocol.smb2.message.NegotiateContext;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.server.SignetServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * smbj 0.14.0 offering exactly two dialects, 3.1.1 among them (e.g. {3.1.1, 3.0.2}), sends a malformed NEGOTIATE:
 * its Dialects end at 104, already on an 8-byte boundary, and it writes its only negotiate context there, but it puts
 * 112 in NegotiateContextOffset (it pads by a whole 8 bytes when no padding is due, yet writes none). [MS-SMB2] 2.2.3:
 * NegotiateContextOffset is the offset of the first negotiate context, which starts at the first 8-byte boundary
 * after the Dialects. Read where the offset points, the "context" is the tail of the PREAUTH_INTEGRITY_CAPABILITIES
 * data, whose DataLength runs past the end of the message.
 *
 * <p>Signet refuses it with STATUS_INVALID_PARAMETER ("negotiate context data past message end"), as Samba's smbd
 * does (it requires NegotiateContextOffset to be that boundary) and as Windows Server does (smbj's tracker, issue
 * 777: {2.1, 3.1.1} refused by Windows Server 2016). Signet is not stricter than either: the same bytes with 104 in
 * NegotiateContextOffset are accepted by both servers, unpadded last context and all. smbj offering 1, 3, 4 or 5
 * dialects is well formed and works; these tests fail, and are to be turned into a positive test, once the pinned
 * smbj sends the right offset.
 */
class SmbjTwoDialectNegotiateInteropTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "Secret-Pass-1";
    /** Where NegotiateContextOffset lies: 64-byte header, then 28 bytes into the NEGOTIATE body. */
    private static final int OFFSET_FIELD = 64 + 28;
    private static final List<SMB2Dialect> TWO = List.of(SMB2Dialect.SMB_3_1_1, SMB2Dialect.SMB_3_0_2);

    @TempDir
    Path share;
    @TempDir
    Path state;
    @TempDir
    Path smbdDir;

    private SignetServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = SignetServer.builder().share("data", share).user(USER, PASSWORD)
                .port(0).bindAddress("127.0.0.1").stateDir(state).start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    static Stream<List<SMB2Dialect>> offersWith311() {
        return Stream.of(
                List.of(SMB2Dialect.SMB_3_1_1),
                TWO,
                List.of(SMB2Dialect.SMB_3_1_1, SMB2Dialect.SMB_2_1),
                List.of(SMB2Dialect.SMB_3_1_1, SMB2Dialect.SMB_3_0_2, SMB2Dialect.SMB_3_0),
                List.of(SMB2Dialect.SMB_3_1_1, SMB2Dialect.SMB_3_0_2, SMB2Dialect.SMB_3_0, SMB2Dialect.SMB_2_1),
                List.of(SMB2Dialect.SMB_2_0_2, SMB2Dialect.SMB_2_1, SMB2Dialect.SMB_3_0, SMB2Dialect.SMB_3_0_2,
                        SMB2Dialect.SMB_3_1_1));
    }

    /**
     * The defect on the wire: smbj always writes its PREAUTH context at the first 8-byte boundary after the Dialects
     * and ends the message with it, but with two dialects its NegotiateContextOffset is 8 bytes past that.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("offersWith311")
    void smbjNegotiateContextOffsetIsEightBytesOffWithTwoDialects(List<SMB2Dialect> offer) throws IOException {
        byte[] request = captureNegotiate(offer);
        ByteBuffer msg = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN);
        int count = Short.toUnsignedInt(msg.getShort(64 + 2));
        assertEquals(offer.size(), count, "DialectCount");
        int contextAt = (64 + 36 + 2 * count + 7) & ~7;
        assertEquals(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES, Short.toUnsignedInt(msg.getShort(contextAt)),
                "smbj's PREAUTH context lies at the first 8-byte boundary after the Dialects");
        assertEquals(contextAt + 8 + Short.toUnsignedInt(msg.getShort(contextAt + 2)), request.length,
                "and ends the message");
        int expectedOffset = offer.size() == 2 ? contextAt + 8 : contextAt;
        assertEquals(expectedOffset, msg.getInt(OFFSET_FIELD),
                "smbj's NegotiateContextOffset (8 bytes past its context with two dialects)");
    }

    /**
     * smbj's two-dialect request as it is, and with the offset of its context: Signet and smbd answer both alike,
     * STATUS_INVALID_PARAMETER and then SMB 3.1.1; Signet logs why it refused, once.
     */
    @Test
    void signetAndSmbdRefuseSmbjsBytesAndAcceptThemWithTheRightOffset() throws IOException {
        byte[] asSent = captureNegotiate(TWO);
        byte[] corrected = asSent.clone();
        ByteBuffer.wrap(corrected).order(ByteOrder.LITTLE_ENDIAN).putInt(OFFSET_FIELD, 104);

        Logger loop = (Logger) LoggerFactory.getLogger("io.signet.server.conn.CompoundLoop");
        Level level = loop.getLevel();
        loop.setLevel(Level.DEBUG);
        int mark = ServerLog.mark();
        try {
            assertAnswers(server.port(), asSent, corrected, "Signet");
        } finally {
            loop.setLevel(level);
        }
        List<String> refusals = ServerLog.since(mark).stream()
                .filter(l -> l.contains("NEGOTIATE") && l.contains("STATUS_INVALID_PARAMETER")).toList();
        assertEquals(1, refusals.size(), ServerLog.dump(mark));
        assertTrue(refusals.get(0).contains("negotiate context data past message end"), refusals.get(0));

        try (Smbd smbd = Smbd.start(smbdDir, "mandatory", USER, PASSWORD)) {
            assertAnswers(smbd.port(), asSent, corrected, "smbd\n" + smbd.output());
            SMBApiException e = assertThrows(SMBApiException.class, () -> connect(TWO, smbd.port()).close());
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, e.getStatus(), "smbd's answer to smbj: " + e);
        }
    }

    /**
     * smbj itself offering {3.1.1, 3.0.2} gets STATUS_INVALID_PARAMETER; the server goes on serving, and smbj
     * offering {3.1.1, 3.0.2, 3.0} (well formed) negotiates 3.1.1, signs, and writes and reads a file.
     */
    @Test
    void smbjOfferingTwoDialectsIsRefusedAndThreeWork() throws IOException {
        SMBApiException e = assertThrows(SMBApiException.class, () -> connect(TWO, server.port()).close());
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, e.getStatus(), "Signet's answer to smbj: " + e);

        List<SMB2Dialect> three = List.of(SMB2Dialect.SMB_3_1_1, SMB2Dialect.SMB_3_0_2, SMB2Dialect.SMB_3_0);
        byte[] content = "written over a signed 3.1.1 session\n".getBytes(StandardCharsets.UTF_8);
        try (SMBClient client = new SMBClient(config(three));
             Connection connection = client.connect("127.0.0.1", server.port())) {
            assertEquals(SMB2Dialect.SMB_3_1_1, connection.getNegotiatedProtocol().getDialect());
            Session session = connection.authenticate(new AuthenticationContext(USER, PASSWORD.toCharArray(), ""));
            assertTrue(session.isSigningRequired(), "the session must be signed");
            try (DiskShare disk = (DiskShare) session.connectShare("data")) {
                try (File file = disk.openFile("pair.txt", EnumSet.of(AccessMask.GENERIC_WRITE), null,
                        SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_CREATE, null)) {
                    assertEquals(content.length, file.write(content, 0));
                }
                try (File file = disk.openFile("pair.txt", EnumSet.of(AccessMask.GENERIC_READ), null,
                        SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null);
                     InputStream in = file.getInputStream()) {
                    assertArrayEquals(content, in.readAllBytes(), "file read back");
                }
            }
            session.logoff();
        }
        assertArrayEquals(content, Files.readAllBytes(share.resolve("pair.txt")), "file on the share");
    }

    /** Sends {@code asSent}, then {@code corrected} on a second connection, to the server at {@code port}. */
    private static void assertAnswers(int port, byte[] asSent, byte[] corrected, String server) throws IOException {
        try (RawSmb2Client client = RawSmb2Client.connect(port)) {
            client.sendBytes(asSent);
            RawResponse refused = client.receive();
            assertEquals(RawSmb2Client.STATUS_INVALID_PARAMETER, refused.status(),
                    "answer to smbj's bytes: " + refused + "\n" + server);
        }
        try (RawSmb2Client client = RawSmb2Client.connect(port)) {
            client.sendBytes(corrected);
            RawResponse accepted = client.receive();
            assertEquals(RawSmb2Client.STATUS_SUCCESS, accepted.status(),
                    "answer to the corrected bytes: " + accepted + "\n" + server);
            assertEquals(0x0311, NegotiateResponse.decode(accepted.buf()).dialectRevision(), server);
        }
    }

    private static Connection connect(List<SMB2Dialect> dialects, int port) throws IOException {
        SMBClient client = new SMBClient(config(dialects));
        try {
            return client.connect("127.0.0.1", port);
        } finally {
            client.close();
        }
    }

    /**
     * The NEGOTIATE smbj sends when offering {@code dialects}, as it crossed the wire (without the 4-byte Direct TCP
     * frame header): a loopback listener takes smbj's first frame and hangs up.
     */
    private static byte[] captureNegotiate(List<SMB2Dialect> dialects) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(30_000);
            Thread client = new Thread(() -> {
                try (SMBClient smbj = new SMBClient(config(dialects))) {
                    smbj.connect("127.0.0.1", listener.getLocalPort()).close();
                } catch (IOException | RuntimeException expected) {
                    // the listener hangs up after the NEGOTIATE: smbj fails to connect, as it must
                }
            }, "smbj-negotiate-capture");
            client.start();
            try (Socket accepted = listener.accept()) {
                accepted.setSoTimeout(30_000);
                DataInputStream in = new DataInputStream(accepted.getInputStream());
                int length = in.readInt();
                assertTrue(length > 64 && length < 1024, "a Direct TCP frame of one NEGOTIATE: " + length);
                byte[] message = new byte[length];
                in.readFully(message);
                assertEquals(0xFE, message[0] & 0xFF, "an SMB2 message, not SMB1");
                assertEquals(0, message[12] | message[13], "Command NEGOTIATE");
                return message;
            } finally {
                try {
                    client.join(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static SmbConfig config(List<SMB2Dialect> dialects) {
        return SmbConfig.builder()
                .withDialects(dialects)
                .withSigningRequired(true)
                .withTimeout(30, TimeUnit.SECONDS)
                .build();
    }
}

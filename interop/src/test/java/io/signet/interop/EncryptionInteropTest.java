package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMB3EncryptionCipher;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import io.signet.interop.support.ExternalCommand;
import io.signet.interop.support.ServerLog;
import io.signet.interop.support.Smbclient;
import io.signet.server.SignetServer;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real clients that insist on SMB3 encryption against a server with the default policy (encrypt when the client
 * asks): smbclient once per cipher it can be limited to, and smbj at 3.1.1 and 3.0.2.
 *
 * <p>Every connection goes through a {@link WireTap} on the loopback interface, so the assertions do not rest on the
 * client's word alone: the tap reads the cipher out of the server's NEGOTIATE response and checks that, once the
 * session is set up, every message in both directions is an SMB2 TRANSFORM_HEADER message.
 */
class EncryptionInteropTest {
    private static final int SMBCLIENT_FILE_SIZE = 6 * 1024 * 1024;
    private static final int SMBJ_FILE_SIZE = 2 * 1024 * 1024;

    @TempDir
    Path share;
    @TempDir
    Path local;

    private SignetServer server;
    private WireTap tap;

    /**
     * @param protocol   smbclient's {@code -m}
     * @param dialect    how the server names that dialect in its log
     * @param algorithms for 3.1.1, the only cipher smbclient offers; {@code null} for 3.0, which has only AES-128-CCM
     * @param cipher     the cipher the server must choose, as {@link WireTap#cipher()} names it
     */
    record Case(String protocol, String dialect, String algorithms, String cipher) {
        List<String> options() {
            List<String> options = new ArrayList<>(List.of("-U", "alice%secret", "-m", protocol,
                    "--option=client smb encrypt=required", "--option=client signing=required"));
            if (algorithms != null) {
                options.add("--option=client smb3 encryption algorithms=" + algorithms);
            }
            return options;
        }

        @Override
        public String toString() {
            return protocol + " " + (algorithms == null ? "(AES-128-CCM implied)" : algorithms);
        }
    }

    static Stream<Case> smbclientCases() {
        return Stream.of(
                new Case("SMB3_11", "3.1.1", "AES-128-CCM", "AES_128_CCM"),
                new Case("SMB3_11", "3.1.1", "AES-128-GCM", "AES_128_GCM"),
                new Case("SMB3_11", "3.1.1", "AES-256-CCM", "AES_256_CCM"),
                new Case("SMB3_11", "3.1.1", "AES-256-GCM", "AES_256_GCM"),
                new Case("SMB3_00", "3.0", null, "AES_128_CCM"));
    }

    /** @param cipher what smbj and the wire must both show: the server's first preference among those smbj offers */
    record SmbjCase(SMB2Dialect dialect, SMB3EncryptionCipher cipher) {
        @Override
        public String toString() {
            return dialect.name();
        }
    }

    static Stream<SmbjCase> smbjCases() {
        return Stream.of(
                new SmbjCase(SMB2Dialect.SMB_3_1_1, SMB3EncryptionCipher.AES_128_GCM),
                new SmbjCase(SMB2Dialect.SMB_3_0_2, SMB3EncryptionCipher.AES_128_CCM));
    }

    @BeforeEach
    void startServer() throws IOException {
        server = SignetServer.builder().share("data", share).user("alice", "secret")
                .port(0).bindAddress("127.0.0.1").stateDir(local.resolve("state")).start();
        tap = new WireTap(server.port());
    }

    @AfterEach
    void stopServer() {
        if (tap != null) {
            tap.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smbclientCases")
    void smbclientRequiringEncryptionRoundTripsAFile(Case c) throws IOException {
        byte[] content = randomBytes(SMBCLIENT_FILE_SIZE);
        Files.write(local.resolve("upload.bin"), content);

        int mark = ServerLog.mark();
        ExternalCommand.Result result = new Smbclient(tap.port(), local).run(c.options(),
                "put upload.bin sealed.bin; get sealed.bin download.bin");
        Smbclient.assertSucceeded(result, mark);
        assertArrayEquals(content, Files.readAllBytes(share.resolve("sealed.bin")), "file on the share after put");
        assertArrayEquals(content, Files.readAllBytes(local.resolve("download.bin")), "file fetched back with get");

        Pattern established = Pattern.compile("session \\p{XDigit}+ established for \\S*\\\\alice \\("
                + Pattern.quote(c.dialect()) + ", signing required");
        assertFalse(ServerLog.matching(mark, established).isEmpty(),
                "expected a " + c.dialect() + " session with signing required; " + ServerLog.dump(mark));
        assertEquals(c.cipher(), tap.cipher(), "cipher in the server's NEGOTIATE response\n" + tap.describe());
        tap.assertEncryptedAfterLogon(Set.of(), ServerLog.dump(mark));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smbjCases")
    void smbjWithEncryptDataWritesAndReadsAFile(SmbjCase c) throws IOException {
        byte[] content = randomBytes(SMBJ_FILE_SIZE);
        SmbConfig config = SmbConfig.builder()
                .withDialects(c.dialect())
                .withEncryptData(true)
                .withSigningRequired(true)
                .withTimeout(30, TimeUnit.SECONDS)
                .build();
        int mark = ServerLog.mark();
        try (SMBClient client = new SMBClient(config);
             Connection connection = client.connect("127.0.0.1", tap.port())) {
            Session session = connection.authenticate(new AuthenticationContext("alice", "secret".toCharArray(), ""));
            assertEquals(c.dialect(), connection.getNegotiatedProtocol().getDialect(), "negotiated dialect");
            assertTrue(connection.getConnectionContext().supportsEncryption(),
                    "smbj does not see encryption support in the server's NEGOTIATE response");
            assertTrue(session.shouldEncryptData(), "smbj would not encrypt this session");
            if (c.dialect() == SMB2Dialect.SMB_3_1_1) {
                assertEquals(c.cipher(), connection.getConnectionContext().getCipherId(), "cipher smbj negotiated");
            }
            try (DiskShare disk = (DiskShare) session.connectShare("data")) {
                try (File file = disk.openFile("sealed.bin", EnumSet.of(AccessMask.GENERIC_WRITE), null,
                        SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_CREATE, null)) {
                    assertEquals(content.length, file.write(content, 0));
                }
                assertArrayEquals(content, Files.readAllBytes(share.resolve("sealed.bin")), "file on the share");
                try (File file = disk.openFile("sealed.bin", EnumSet.of(AccessMask.GENERIC_READ), null,
                        SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null);
                     InputStream in = file.getInputStream()) {
                    assertArrayEquals(content, in.readAllBytes(), "file read back");
                }
            }
            session.logoff();
        }
        assertEquals(c.cipher().name(), tap.cipher(), "cipher in the server's NEGOTIATE response\n" + tap.describe());
        tap.assertEncryptedAfterLogon(Set.of(), ServerLog.dump(mark));
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /**
     * A TCP relay on the loopback interface between a client and the server that records the Direct TCP frames
     * passing through it ([MS-SMB2] 2.1): whether each is a plain SMB2 message (protocol id 0xFE 'SMB') or a
     * TRANSFORM_HEADER message (0xFD 'SMB', [MS-SMB2] 2.2.41), and for plain ones the command and first bytes.
     */
    static final class WireTap implements AutoCloseable {
        static final int SMB2_PROTOCOL_ID = 0xFE534D42;
        static final int TRANSFORM_PROTOCOL_ID = 0xFD534D42;
        static final int NEGOTIATE = 0x0000;
        static final int SESSION_SETUP = 0x0001;
        static final int TREE_CONNECT = 0x0003;
        private static final String[] COMMANDS = {"NEGOTIATE", "SESSION_SETUP", "LOGOFF", "TREE_CONNECT",
            "TREE_DISCONNECT", "CREATE", "CLOSE", "FLUSH", "READ", "WRITE", "LOCK", "IOCTL", "CANCEL", "ECHO",
            "QUERY_DIRECTORY", "CHANGE_NOTIFY", "QUERY_INFO", "SET_INFO", "OPLOCK_BREAK"};
        private static final int KEPT_BYTES = 4096;

        /** @param head the first bytes of a plain SMB2 message, empty for any other */
        record Frame(int connection, boolean fromClient, int protocolId, int command, byte[] head) {
            boolean plainSmb2() {
                return protocolId == SMB2_PROTOCOL_ID;
            }

            boolean transform() {
                return protocolId == TRANSFORM_PROTOCOL_ID;
            }

            @Override
            public String toString() {
                String kind = plainSmb2() ? "plain " + commandName(command)
                        : transform() ? "TRANSFORM" : String.format("protocol id %08x", protocolId);
                return "#" + connection + (fromClient ? " client->server " : " server->client ") + kind;
            }
        }

        private final ServerSocket listener;
        private final int target;
        private final List<Frame> frames = new ArrayList<>();
        private final List<Socket> sockets = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();
        private final AtomicInteger connections = new AtomicInteger();

        WireTap(int target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::acceptLoop, "wiretap-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        List<Frame> frames() {
            synchronized (frames) {
                return List.copyOf(frames);
            }
        }

        /**
         * The cipher the server chose, from its NEGOTIATE responses: at 3.1.1 the one cipher of its
         * SMB2_ENCRYPTION_CAPABILITIES context ([MS-SMB2] 2.2.4.1), at 3.0 and 3.0.2 AES_128_CCM when it set
         * SMB2_GLOBAL_CAP_ENCRYPTION; "none" when it chose none. Fails when connections disagree or none was seen.
         */
        String cipher() {
            Set<String> seen = new TreeSet<>();
            for (Frame f : frames()) {
                if (!f.fromClient() && f.plainSmb2() && f.command() == NEGOTIATE) {
                    seen.add(cipherOf(f.head()));
                }
            }
            if (seen.size() != 1) {
                return fail("expected one cipher in the server's NEGOTIATE responses, saw " + seen + "\n"
                        + describe());
            }
            return seen.iterator().next();
        }

        /**
         * Asserts that after the first successful SESSION_SETUP of each connection every message, both ways, was a
         * TRANSFORM message, apart from plain ones with the commands in {@code plainAllowed}; and that there were
         * encrypted messages in both directions.
         */
        void assertEncryptedAfterLogon(Set<Integer> plainAllowed, String context) {
            List<Frame> all = frames();
            List<Frame> plainAfterLogon = new ArrayList<>();
            Set<Integer> loggedOn = new TreeSet<>();
            int fromClient = 0;
            int fromServer = 0;
            for (Frame f : all) {
                if (f.transform()) {
                    if (f.fromClient()) {
                        fromClient++;
                    } else {
                        fromServer++;
                    }
                } else if (loggedOn.contains(f.connection()) && !(f.plainSmb2()
                        && (f.command() == NEGOTIATE || f.command() == SESSION_SETUP
                        || plainAllowed.contains(f.command())))) {
                    plainAfterLogon.add(f);
                }
                if (!f.fromClient() && f.plainSmb2() && f.command() == SESSION_SETUP && status(f.head()) == 0) {
                    loggedOn.add(f.connection());
                }
            }
            assertFalse(loggedOn.isEmpty(), "no successful SESSION_SETUP went through the tap\n" + describe()
                    + "\n" + context);
            assertEquals(List.of(), plainAfterLogon, "unencrypted messages after logon\n" + describe() + "\n"
                    + context);
            assertTrue(fromClient > 0 && fromServer > 0, "encrypted messages: " + fromClient + " from the client, "
                    + fromServer + " from the server\n" + describe() + "\n" + context);
        }

        /** How many TRANSFORM messages went through, both ways. */
        long transformCount() {
            return frames().stream().filter(Frame::transform).count();
        }

        /** The frames in order, runs of identical ones collapsed, and any relay errors. */
        String describe() {
            StringBuilder sb = new StringBuilder("frames through the tap:");
            String previous = null;
            int repeat = 0;
            for (Frame f : frames()) {
                String line = f.toString();
                if (line.equals(previous)) {
                    repeat++;
                    continue;
                }
                if (repeat > 0) {
                    sb.append(" (x").append(repeat + 1).append(')');
                }
                sb.append("\n  ").append(line);
                previous = line;
                repeat = 0;
            }
            if (repeat > 0) {
                sb.append(" (x").append(repeat + 1).append(')');
            }
            synchronized (errors) {
                if (!errors.isEmpty()) {
                    sb.append("\nrelay errors:\n  ").append(String.join("\n  ", errors));
                }
            }
            return sb.toString();
        }

        @Override
        public void close() {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            synchronized (sockets) {
                sockets.forEach(WireTap::closeQuietly);
            }
        }

        static String commandName(int command) {
            return command >= 0 && command < COMMANDS.length ? COMMANDS[command]
                    : String.format("command 0x%04x", command);
        }

        private static String cipherOf(byte[] m) {
            int body = 64;
            int dialect = u16(m, body + 4);
            if (dialect == 0x0300 || dialect == 0x0302) {
                long capabilities = u32(m, body + 24);
                return (capabilities & 0x40) != 0 ? "AES_128_CCM" : "none";
            }
            if (dialect != 0x0311) {
                return "none";
            }
            int count = u16(m, body + 6);
            int offset = (int) u32(m, body + 60);
            for (int i = 0; i < count; i++) {
                int type = u16(m, offset);
                int length = u16(m, offset + 2);
                if (type == 0x0002) {
                    int ciphers = u16(m, offset + 8);
                    if (ciphers != 1) {
                        return "cipher count " + ciphers;
                    }
                    return switch (u16(m, offset + 10)) {
                        case 0x0000 -> "none";
                        case 0x0001 -> "AES_128_CCM";
                        case 0x0002 -> "AES_128_GCM";
                        case 0x0003 -> "AES_256_CCM";
                        case 0x0004 -> "AES_256_GCM";
                        default -> String.format("cipher 0x%04x", u16(m, offset + 10));
                    };
                }
                offset = (offset + 8 + length + 7) & ~7;
            }
            return "none";
        }

        private static long status(byte[] m) {
            return u32(m, 8);
        }

        private static int u16(byte[] b, int at) {
            if (at + 2 > b.length) {
                return fail("message too short: wanted 2 bytes at " + at + " of " + b.length);
            }
            return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        }

        private static long u32(byte[] b, int at) {
            return u16(b, at) | (long) u16(b, at + 2) << 16;
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                Socket client;
                Socket upstream;
                try {
                    client = listener.accept();
                } catch (IOException e) {
                    return;
                }
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                } catch (IOException e) {
                    error("cannot connect to the server: " + e);
                    closeQuietly(client);
                    continue;
                }
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(upstream);
                }
                int id = connections.incrementAndGet();
                relay(id, true, client, upstream);
                relay(id, false, upstream, client);
            }
        }

        private void relay(int id, boolean fromClient, Socket from, Socket to) {
            Thread thread = new Thread(() -> {
                try {
                    DataInputStream in = new DataInputStream(new BufferedInputStream(from.getInputStream(), 65536));
                    OutputStream out = to.getOutputStream();
                    while (true) {
                        int header;
                        try {
                            header = in.readInt();
                        } catch (EOFException e) {
                            break;
                        }
                        int length = header & 0xFFFFFF;
                        byte[] payload = new byte[length];
                        in.readFully(payload);
                        record(id, fromClient, header, payload);
                        byte[] frame = new byte[4 + length];
                        frame[0] = (byte) (header >>> 24);
                        frame[1] = (byte) (header >>> 16);
                        frame[2] = (byte) (header >>> 8);
                        frame[3] = (byte) header;
                        System.arraycopy(payload, 0, frame, 4, length);
                        out.write(frame);
                        out.flush();
                    }
                } catch (IOException e) {
                    if (!from.isClosed() && !to.isClosed()) {
                        error("#" + id + (fromClient ? " client->server: " : " server->client: ") + e);
                    }
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "wiretap-" + id + (fromClient ? "-up" : "-down"));
            thread.setDaemon(true);
            thread.start();
        }

        private void record(int id, boolean fromClient, int header, byte[] payload) {
            if (header >>> 24 != 0) {
                error("#" + id + ": Direct TCP header with a non-zero first byte: " + Integer.toHexString(header));
            }
            int protocolId = payload.length < 4 ? -1 : (payload[0] & 0xFF) << 24 | (payload[1] & 0xFF) << 16
                    | (payload[2] & 0xFF) << 8 | (payload[3] & 0xFF);
            boolean plain = protocolId == SMB2_PROTOCOL_ID && payload.length >= 64;
            int command = plain ? (payload[12] & 0xFF) | (payload[13] & 0xFF) << 8 : -1;
            byte[] head = plain ? Arrays.copyOf(payload, Math.min(payload.length, KEPT_BYTES)) : new byte[0];
            synchronized (frames) {
                frames.add(new Frame(id, fromClient, protocolId, command, head));
            }
        }

        private void error(String message) {
            synchronized (errors) {
                errors.add(message);
            }
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed or broken: nothing left to release
            }
        }
    }
}

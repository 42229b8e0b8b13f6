package io.signet.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.status.NtStatus;
import io.signet.server.SignetServer;
import io.signet.server.testclient.Smb2TestClient;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The admin socket of {@code signet status}: where it goes, its permissions, what happens when its place is taken
 * (a live server keeps it, a crashed one's file is replaced, a regular file is left alone; either way SMB is served),
 * and what it does with requests that are not {@code status}.
 */
class AdminSocketTest {
    @TempDir
    Path share;
    @TempDir
    Path state;
    @TempDir
    Path tmp;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger serverLogger = (Logger) LoggerFactory.getLogger(SignetServer.class);
    private final ListAppender<ILoggingEvent> adminLog = new ListAppender<>();
    private final Logger adminLogger = (Logger) LoggerFactory.getLogger(AdminSocket.class);

    @BeforeEach
    void captureLog() {
        log.start();
        serverLogger.addAppender(log);
        adminLog.start();
        adminLogger.addAppender(adminLog);
    }

    @AfterEach
    void releaseLog() {
        serverLogger.detachAppender(log);
        adminLogger.detachAppender(adminLog);
    }

    private SignetServer start(Path stateDir) throws IOException {
        return SignetServer.builder().share("data", share).user("alice", "secret").port(0).bindAddress("127.0.0.1")
                .stateDir(stateDir).start();
    }

    @Test
    void socketIsOwnerOnlyInAnOwnerOnlyDirectoryAndGoesAwayOnClose() throws IOException {
        Path socket;
        try (SignetServer server = start(state)) {
            socket = server.adminSocket().orElseThrow();
            assertEquals(state.resolve("admin.sock").toAbsolutePath(), socket);
            assertEquals("rw-------", mode(socket));
            assertEquals("rwx------", mode(socket.getParent()));
            try (Stream<Path> files = Files.list(state)) {
                assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith(".admin-")),
                        "the directory the socket was bound in is gone");
            }
            assertTrue(AdminClient.request(socket, "status").startsWith("Signet "));
        }
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "removed on shutdown");
    }

    @Test
    void withoutStateDirectoryTheSocketGoesToAPrivateRuntimeDirectory() throws IOException {
        assertEquals(Path.of("/run/user/1000/signet/admin.sock"),
                AdminSocketPath.of(null, Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), tmp.toString(), "u"));
        Path path = AdminSocketPath.of(null, Map.of(), tmp.toString(), "u");
        assertEquals(tmp.resolve("signet-u").resolve("admin.sock"), path);
        try (AdminSocket socket = AdminSocket.open(path, true, AdminSocketTest::empty)) {
            assertEquals("rwx------", mode(path.getParent()));
            assertEquals("rw-------", mode(path));
            assertTrue(AdminClient.request(path, "status json").startsWith("{\"server\":\"TEST\",\"sessions\":[]}"));
        }
    }

    @Test
    void aRuntimeDirectoryOthersMayEnterIsRefused() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("signet-u"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException e = assertThrows(IOException.class,
                () -> AdminSocket.open(dir.resolve("admin.sock"), true, AdminSocketTest::empty));
        assertTrue(e.getMessage().contains("rwxr-xr-x"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("admin.sock")));
    }

    @Test
    void aSecondServerOnTheSameStateDirectoryServesSmbWithoutAnAdminSocket() throws IOException {
        try (SignetServer first = start(state)) {
            Path socket = first.adminSocket().orElseThrow();
            Object inode = Files.readAttributes(socket, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
            try (SignetServer second = start(state)) {
                assertTrue(second.adminSocket().isEmpty());
                assertNegotiates(second);
                List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                        .map(ILoggingEvent::getFormattedMessage).toList();
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains("another server answers on " + socket), warnings.get(0));
            }
            assertEquals(inode, Files.readAttributes(socket, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino"),
                    "the second server left the first one's socket alone");
            assertTrue(AdminClient.request(socket, "status").startsWith("Signet "));
            // Served one at a time, so the second server's check was handled before this request.
            assertTrue(adminLog.list.stream().noneMatch(e -> e.getLevel() == Level.WARN),
                    "the first server takes the second one's check for a probe: " + adminLog.list);
        }
    }

    @Test
    void theSocketFileOfACrashedServerIsReplaced() throws IOException {
        Path stale = state.resolve("admin.sock");
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            gone.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale, LinkOption.NOFOLLOW_LINKS), "closing a listener leaves its file behind");
        try (SignetServer server = start(state)) {
            assertEquals(stale.toAbsolutePath(), server.adminSocket().orElseThrow());
            assertTrue(AdminClient.request(stale, "status").startsWith("Signet "));
        }
    }

    @Test
    void aRegularFileInTheWayIsKeptAndSmbStillServed() throws IOException {
        Path file = Files.writeString(state.resolve("admin.sock"), "not a socket");
        try (SignetServer server = start(state)) {
            assertTrue(server.adminSocket().isEmpty());
            assertNegotiates(server);
        }
        assertEquals("not a socket", Files.readString(file));
    }

    @Test
    void aLineTooLongOrUnknownIsRefusedAndTheNextClientServed() throws IOException {
        Path path = tmp.resolve("admin.sock");
        try (AdminSocket socket = AdminSocket.open(path, false, AdminSocketTest::empty)) {
            // Exactly as many bytes as the server reads, so that it closes with nothing unread (which would reset).
            assertEquals("", exchange(path, "x".repeat(AdminSocket.MAX_LINE)), "closed without an answer");
            assertTrue(exchange(path, "shutdown\n").startsWith("error: unknown request"));
            IOException e = assertThrows(IOException.class, () -> AdminClient.request(path, "status xml"));
            assertTrue(e.getMessage().startsWith("error: unknown request"), e.getMessage());
            assertTrue(AdminClient.request(path, "status").startsWith("Signet TEST: 0 sessions"));
        }
    }

    @Test
    void noServerAnsweringIsSaidPlainly() {
        IOException e = assertThrows(IOException.class, () -> AdminClient.request(tmp.resolve("none.sock"), "status"));
        assertTrue(e.getMessage().startsWith("no Signet server answers on "), e.getMessage());
    }

    private static StatusSnapshot empty() {
        return new StatusSnapshot("TEST", List.of());
    }

    /** Sends raw bytes and returns everything the server wrote before it closed. */
    private static String exchange(Path socket, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (ch.read(in) >= 0 && in.hasRemaining()) {
                // read until the server closes
            }
            return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
        }
    }

    private static void assertNegotiates(SignetServer server) throws IOException {
        try (Smb2TestClient client = Smb2TestClient.connect("127.0.0.1", server.port())) {
            var r = client.call(client.request(Smb2Command.NEGOTIATE, 1),
                    Smb2TestClient.negotiate(Dialect.SMB2_1.code()));
            assertEquals(NtStatus.STATUS_SUCCESS, r.status());
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}

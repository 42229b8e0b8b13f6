package io.signet.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet status} without a named socket asks the default one, which without a runtime directory lies in
 * {@code signet-USER} under the shared temporary directory: anyone may create that first, with a socket of their own
 * in it. The client trusts it only where the server would bind (this user's own directory, mode 0700); otherwise it
 * would print whatever the planter answers (a made-up status, terminal escape sequences) as the server's.
 */
class AdminClientTrustTest {
    @TempDir
    Path tmp;

    private String savedTmpdir;

    @BeforeEach
    void pointTheDefaultAtTmp() {
        savedTmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
    }

    @AfterEach
    void restore() {
        System.setProperty("java.io.tmpdir", savedTmpdir);
    }

    private Path defaultSocket() {
        Path socket = AdminSocketPath.of((Path) null);
        assertEquals(tmp.resolve("signet-" + System.getProperty("user.name")).resolve(AdminSocketPath.FILE), socket,
                "the default socket is in the temporary directory only when XDG_RUNTIME_DIR is not set");
        return socket;
    }

    @Test
    void aSocketInADirectoryOthersMayWriteIsNotAsked() throws IOException {
        Path socket = defaultSocket();
        Path planted = Files.createDirectory(socket.getParent());
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Impostor impostor = new Impostor(socket)) {
            IOException e = assertThrows(IOException.class, () -> AdminClient.request(socket, "status"));
            assertTrue(e.getMessage().contains("rwxrwxrwx"), e.getMessage());
            assertEquals(0, impostor.answered.get(), "the client must not have connected to the planted socket");
        }
    }

    @Test
    void aSymbolicLinkInPlaceOfTheDirectoryIsNotFollowed() throws IOException {
        Path socket = defaultSocket();
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(socket.getParent(), elsewhere);
        try (Impostor impostor = new Impostor(elsewhere.resolve(AdminSocketPath.FILE))) {
            IOException e = assertThrows(IOException.class, () -> AdminClient.request(socket, "status"));
            assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
            assertEquals(0, impostor.answered.get(), "the client must not have connected through the link");
        }
    }

    /** Whoever planted the directory, answering every client with a made-up status and a terminal escape. */
    private static final class Impostor implements AutoCloseable {
        final AtomicInteger answered = new AtomicInteger();
        private final ServerSocketChannel listener;
        private final Thread thread;

        Impostor(Path at) throws IOException {
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(at));
            thread = new Thread(() -> {
                while (true) {
                    try (SocketChannel client = listener.accept()) {
                        client.read(ByteBuffer.allocate(256)); // the request line
                        client.write(ByteBuffer.wrap("Signet FAKE: 0 sessions\n\u001b[2J".getBytes(
                                StandardCharsets.UTF_8)));
                        answered.incrementAndGet();
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "impostor");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    @Test
    void theServersOwnDefaultSocketIsAsked() throws IOException {
        Path socket = defaultSocket();
        try (AdminSocket server = AdminSocket.open(socket, true,
                () -> new StatusSnapshot("TRUST", java.util.List.of()))) {
            assertTrue(AdminClient.request(socket, "status").startsWith("Signet TRUST: 0 sessions"));
        }
    }
}

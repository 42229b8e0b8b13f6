package io.signet.server.admin;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's local admin socket: a Unix domain socket that only its owner may use (mode 0600), never a network
 * port. A client writes one request line and reads the answer until the server closes:
 * <ul>
 *   <li>{@code status}: the tables {@code signet status} prints ({@link StatusTable});</li>
 *   <li>{@code status json}: the same as JSON ({@link StatusJson}).</li>
 * </ul>
 * A line longer than {@value #MAX_LINE} bytes, one that does not come within {@value #IO_TIMEOUT_MILLIS} ms, or
 * an unknown request ({@code error: ...} first) closes the connection, and so does a client that stops reading its
 * answer for as long. Requests are served one at
 * a time on the socket's own thread, which only reads the server's tables ({@link StatusCollector}).
 *
 * <p>The socket is bound inside a fresh directory of mode 0700 next to its final path, made 0600, and only then
 * renamed into place, so nobody can connect in between whatever the mode of the directory it ends up in. A socket
 * file left by a crashed server is replaced once nothing answers on it; a live one is left alone and this server
 * goes without an admin socket. On close the socket file is removed if it is still this server's.
 */
public final class AdminSocket implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminSocket.class);
    /** Longest request line, newline included. */
    static final int MAX_LINE = 256;
    /** How long a client may take to send its line, and may stop reading its answer, before it is dropped. */
    static final long IO_TIMEOUT_MILLIS = 5_000;

    private final Path path;
    private final Object fileKey;
    private final ServerSocketChannel listener;
    private final Supplier<StatusSnapshot> status;
    private final Thread thread;

    private AdminSocket(Path path, Object fileKey, ServerSocketChannel listener, Supplier<StatusSnapshot> status) {
        this.path = path;
        this.fileKey = fileKey;
        this.listener = listener;
        this.status = status;
        this.thread = new Thread(this::serve, "signet-admin");
        this.thread.setDaemon(true);
    }

    /**
     * Binds the socket at {@code path} and starts serving it.
     *
     * @param privateDirectory whether {@code path}'s directory is the server's own, to be made or checked 0700 (the
     *                         runtime default); false for the state directory or a path the operator chose
     * @throws IOException when it cannot: a live server answers there, the path is not a socket, the directory is
     *                     not private or not writable
     */
    public static AdminSocket open(Path path, boolean privateDirectory, Supplier<StatusSnapshot> status)
            throws IOException {
        Path target = path.toAbsolutePath().normalize();
        Path dir = target.getParent();
        if (privateDirectory) {
            AdminSocketPath.ensurePrivateDirectory(dir);
        } else {
            Files.createDirectories(dir);
        }
        clearStale(target);
        Path staging = Files.createTempDirectory(dir, ".admin-",
                PosixFilePermissions.asFileAttribute(AdminSocketPath.OWNER_ONLY_DIR));
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            Path bound = staging.resolve("s");
            listener.bind(UnixDomainSocketAddress.of(bound));
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            // rename(2) replaces a stale socket atomically; the listener keeps its inode under the new name.
            Files.move(bound, target, StandardCopyOption.ATOMIC_MOVE);
            Object key = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            AdminSocket socket = new AdminSocket(target, key, listener, status);
            socket.thread.start();
            return socket;
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        } finally {
            Files.deleteIfExists(staging.resolve("s"));
            Files.deleteIfExists(staging);
        }
    }

    /** Where the socket is. */
    public Path path() {
        return path;
    }

    /** A socket file nobody answers on is a crashed server's: it may go. Anything else stays, and we do not bind. */
    private static void clearStale(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isOther()) {
            throw new IOException(target + " exists and is not a socket");
        }
        boolean answers;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(target))) {
            answers = true; // closed at once: the server that answers takes it for a probe, not a bad request
        } catch (ConnectException e) {
            answers = false;
        } catch (IOException e) {
            throw new IOException("cannot tell whether a server answers on " + target + ": " + e.getMessage(), e);
        }
        if (answers) {
            throw new IOException("another server answers on " + target);
        }
        LOG.info("admin socket {} was left by a server that is gone; replacing it", target);
    }

    private void serve() {
        while (listener.isOpen()) {
            try (SocketChannel client = listener.accept()) {
                answer(client);
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!listener.isOpen()) {
                    return;
                }
                LOG.warn("admin socket {}: a request failed: {}", path, e.toString());
            }
        }
    }

    private void answer(SocketChannel client) throws IOException {
        client.configureBlocking(false); // every wait below has a deadline
        String line;
        try {
            line = readLine(client);
        } catch (EOFException e) {
            return; // connected and left without a word: another server checking whether this one is alive
        }
        if (line == null) {
            LOG.warn("admin socket {}: closed a client that sent no request line of at most {} bytes in {} ms",
                    path, MAX_LINE, IO_TIMEOUT_MILLIS);
            return;
        }
        String reply = switch (line.strip()) {
            case "status" -> StatusTable.write(status.get());
            case "status json" -> StatusJson.write(status.get());
            default -> {
                LOG.warn("admin socket {}: unknown request '{}'", path, printable(line));
                yield "error: unknown request; expected 'status' or 'status json'\n";
            }
        };
        if (!write(client, ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)))) {
            LOG.warn("admin socket {}: closed a client that did not read its answer within {} ms", path,
                    IO_TIMEOUT_MILLIS);
        }
    }

    /** Writes all of {@code out} unless the client stops reading for {@value #IO_TIMEOUT_MILLIS} ms. */
    private static boolean write(SocketChannel client, ByteBuffer out) throws IOException {
        try (Selector selector = Selector.open()) {
            client.register(selector, SelectionKey.OP_WRITE);
            long deadline = System.nanoTime() + IO_TIMEOUT_MILLIS * 1_000_000;
            while (out.hasRemaining()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                selector.select(left);
                selector.selectedKeys().clear();
                client.write(out);
            }
            return true;
        }
    }

    /**
     * The request line without its newline; null when it is too long, too slow to come, or cut short.
     *
     * @throws EOFException when the client closed without sending anything
     */
    private static String readLine(SocketChannel client) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(MAX_LINE);
        long deadline = System.nanoTime() + IO_TIMEOUT_MILLIS * 1_000_000;
        try (Selector selector = Selector.open()) {
            client.register(selector, SelectionKey.OP_READ);
            while (in.hasRemaining()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return null;
                }
                selector.select(left);
                selector.selectedKeys().clear();
                int n = client.read(in);
                if (n < 0) {
                    if (in.position() == 0) {
                        throw new EOFException();
                    }
                    return null;
                }
                for (int i = in.position() - n; i < in.position(); i++) {
                    if (in.get(i) == '\n') {
                        return new String(in.array(), 0, i, StandardCharsets.UTF_8);
                    }
                }
            }
            return null;
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** Stops serving and removes the socket file, unless another server has put its own there since. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            LOG.warn("closing admin socket {}: {}", path, e.toString());
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && Objects.equals(fileKey,
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())) {
                Files.delete(path);
            }
        } catch (IOException e) {
            LOG.warn("removing admin socket {}: {}", path, e.toString());
        }
    }
}

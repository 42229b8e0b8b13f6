package io.signet.server.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The client side of {@link AdminSocket}: sends one request line and returns the whole answer. */
public final class AdminClient {
    /** An answer larger than this is not a status report: the client stops reading rather than fill its memory. */
    static final int MAX_ANSWER = 64 * 1024 * 1024;

    private AdminClient() {
    }

    /**
     * @param request {@code status} or {@code status json}
     * @throws IOException when nothing listens at {@code socket} (the message says so), or the server answered
     *                     {@code error: ...}
     */
    public static String request(Path socket, String request) throws IOException {
        if (AdminSocketPath.isRuntimeDefault(socket)) {
            // The default directory may sit in a shared one (/tmp) where another user can plant it, socket and all:
            // only the directory the server would itself accept is trusted.
            try {
                AdminSocketPath.checkPrivateDirectory(socket.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new IOException("not asking " + socket + ", it is not this user's own: " + e.getMessage(), e);
            }
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new IOException("no Signet server answers on " + socket + " (" + e.getMessage() + ")", e);
            }
            ByteBuffer line = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                ch.write(line);
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (ch.read(buf) >= 0) {
                answer.write(buf.array(), 0, buf.position());
                buf.clear();
                if (answer.size() > MAX_ANSWER) {
                    throw new IOException("the answer on " + socket + " exceeds " + MAX_ANSWER + " bytes");
                }
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            if (text.startsWith("error: ")) {
                throw new IOException(text.strip());
            }
            return text;
        }
    }
}

package io.signet.server.testclient;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.NegotiateContext;
import io.signet.protocol.smb2.message.NegotiateRequest;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A raw SMB2 client for protocol tests: frames messages for [MS-SMB2] 2.1 Direct TCP, sends them over a plain
 * {@link Socket} and reads the answers, every read bounded by a receive timeout so that a server that never answers
 * fails the test instead of hanging it. It does no signing and keeps no state beyond the next message id.
 */
public final class Smb2TestClient implements Closeable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Largest frame this client accepts: the server's default maximum. */
    private static final int MAX_FRAME = 16 * 1024 * 1024;
    /** [MS-SMB2] 2.2.3 NEGOTIATE SecurityMode: SMB2_NEGOTIATE_SIGNING_ENABLED. */
    public static final int SIGNING_ENABLED = 0x0001;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private long nextMessageId;

    private Smb2TestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static Smb2TestClient connect(String host, int port) throws IOException {
        return connect(host, port, DEFAULT_TIMEOUT);
    }

    public static Smb2TestClient connect(String host, int port, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.setTcpNoDelay(true);
            return new Smb2TestClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** A request header for {@code command} with the next message id, asking for {@code creditRequest} credits. */
    public Smb2Header request(Smb2Command command, int creditRequest) {
        return new Smb2Header().command(command).messageId(nextMessageId++).credits(creditRequest);
    }

    public Smb2Header request(Smb2Command command) {
        return request(command, 1);
    }

    /** Sets the id {@link #request} uses next (after an SMB1 negotiate, or to send ids out of order). */
    public void nextMessageId(long id) {
        this.nextMessageId = id;
    }

    /** Encodes {@code header} then {@code body} into one message. */
    public static byte[] message(Smb2Header header, Consumer<ByteBuf> body) {
        ByteBuf b = Unpooled.buffer(256);
        header.write(b);
        body.accept(b);
        return ByteBufUtil.getBytes(b);
    }

    /** Sends one SMB2 message in its own Direct TCP frame. */
    public void send(Smb2Header header, Consumer<ByteBuf> body) throws IOException {
        sendFrame(message(header, body));
    }

    /** Sends {@code payload} behind a Direct TCP header (zero byte, 24-bit big-endian length). */
    public void sendFrame(byte[] payload) throws IOException {
        byte[] frame = new byte[4 + payload.length];
        frame[1] = (byte) (payload.length >>> 16);
        frame[2] = (byte) (payload.length >>> 8);
        frame[3] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 4, payload.length);
        sendRaw(frame);
    }

    /** Sends bytes as they are, no framing added. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads one frame.
     *
     * @throws SocketTimeoutException when nothing complete arrives within the receive timeout
     * @throws EOFException           when the server closed the connection
     */
    public Smb2Response receive() throws IOException {
        int header = in.readInt();
        if ((header >>> 24) != 0) {
            throw new IOException("not a Direct TCP frame: type byte 0x" + Integer.toHexString(header >>> 24));
        }
        int length = header & 0x00FFFFFF;
        if (length > MAX_FRAME) {
            throw new IOException("frame of " + length + " bytes");
        }
        byte[] message = new byte[length];
        in.readFully(message);
        return new Smb2Response(message);
    }

    public Smb2Response call(Smb2Header header, Consumer<ByteBuf> body) throws IOException {
        send(header, body);
        return receive();
    }

    /**
     * Waits for the server to close the connection.
     *
     * @return true once the server has closed it (end of stream or reset); false if it is still open when the receive
     *         timeout expires
     * @throws IllegalStateException if the server sent a message instead of closing
     */
    public boolean awaitClosedByServer() throws IOException {
        try {
            int b = in.read();
            if (b < 0) {
                return true;
            }
            throw new IllegalStateException("expected the connection to close, but the server sent data (first byte 0x"
                    + Integer.toHexString(b) + ")");
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // connection reset: the server closed with our bytes unread
        }
    }

    // --- message bodies for the commonly sent requests ---

    /** A NEGOTIATE body offering {@code dialects}, signing enabled, with the given 3.1.1 contexts. */
    public static Consumer<ByteBuf> negotiate(int securityMode, List<NegotiateContext> contexts, int... dialects) {
        byte[] guid = new byte[16];
        for (int i = 0; i < guid.length; i++) {
            guid[i] = (byte) (0xA0 + i);
        }
        NegotiateRequest req = new NegotiateRequest(securityMode, 0, guid, dialects, contexts);
        return req::encode;
    }

    public static Consumer<ByteBuf> negotiate(int... dialects) {
        return negotiate(SIGNING_ENABLED, List.of(), dialects);
    }

    public static Consumer<ByteBuf> echo() {
        return new EchoRequest()::encode;
    }

    /** [MS-SMB2] 2.2.3.1.1 SMB2_PREAUTH_INTEGRITY_CAPABILITIES offering SHA-512 with a 32-byte salt. */
    public static NegotiateContext preauthSha512() {
        ByteBuf d = Unpooled.buffer(38);
        d.writeShortLE(1);          // HashAlgorithmCount (2 bytes)
        d.writeShortLE(32);         // SaltLength (2 bytes)
        d.writeShortLE(0x0001);     // HashAlgorithms: SHA-512 (2 bytes)
        for (int i = 0; i < 32; i++) {
            d.writeByte(i);         // Salt (32 bytes)
        }
        return new NegotiateContext(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES, d);
    }

    /** [MS-SMB2] 2.2.3.1.7 SMB2_SIGNING_CAPABILITIES listing {@code algorithmIds} in preference order. */
    public static NegotiateContext signing(int... algorithmIds) {
        ByteBuf d = Unpooled.buffer(2 + 2 * algorithmIds.length);
        d.writeShortLE(algorithmIds.length); // SigningAlgorithmCount (2 bytes)
        for (int id : algorithmIds) {
            d.writeShortLE(id);              // SigningAlgorithms (2 bytes each)
        }
        return new NegotiateContext(NegotiateContext.SIGNING_CAPABILITIES, d);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

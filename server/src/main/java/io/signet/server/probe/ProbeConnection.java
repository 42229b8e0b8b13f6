package io.signet.server.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.status.NtStatus;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One TCP connection of the probe: [MS-SMB2] 2.1 Direct TCP framing (a zero byte and a 24-bit length, read here as
 * one big-endian 32-bit length) around SMB2 messages, with connect and read timeouts and a bound on the frame size,
 * so that neither a silent nor a hostile server can hold the probe or make it allocate by the lengths it announces.
 */
final class ProbeConnection implements Closeable {
    /** No answer the probe asks for comes near this; a larger announced frame is refused unread. */
    static final int MAX_FRAME = 1 << 20;
    /** None of the probe's requests goes async on a sane server; a few interim answers are tolerated, no more. */
    static final int MAX_INTERIM_RESPONSES = 8;
    private static final int CREDITS_REQUESTED = 8;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private long nextMessageId;

    private ProbeConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static ProbeConnection open(ProbeTarget target) throws IOException {
        Socket socket = new Socket();
        try {
            int millis = (int) target.timeout().toMillis();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(millis);
            socket.connect(new InetSocketAddress(target.host(), target.port()), millis);
            return new ProbeConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** A new request buffer holding the 64-byte header of {@code command}; the caller writes the body after it. */
    ByteBuf newRequest(Smb2Command command, long sessionId, int treeId) {
        ByteBuf buf = Unpooled.buffer(256);
        new Smb2Header().command(command).creditCharge(1).credits(CREDITS_REQUESTED).messageId(nextMessageId++)
                .sessionId(sessionId).treeId(treeId).write(buf);
        return buf;
    }

    /** Sends one message in a Direct TCP frame and releases it. */
    void send(ByteBuf message) throws IOException {
        try {
            byte[] frame = new byte[4 + message.readableBytes()];
            int length = message.readableBytes();
            frame[1] = (byte) (length >>> 16);               // 0x00, then StreamProtocolLength (3 bytes, big-endian)
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
            message.getBytes(message.readerIndex(), frame, 4, length);
            out.write(frame);
            out.flush();
        } finally {
            message.release();
        }
    }

    /** The next response that is not an interim STATUS_PENDING one; a server may send only a few of those. */
    Reply receive() throws IOException {
        for (int interims = 0; interims <= MAX_INTERIM_RESPONSES; interims++) {
            Reply reply = Reply.parse(readFrame());
            // STATUS_PENDING: an interim response, followed later by the real one ([MS-SMB2] 3.3.4.2).
            boolean interim = reply.status() == NtStatus.STATUS_PENDING.code()
                    && reply.header().hasFlag(Smb2Header.FLAG_ASYNC_COMMAND);
            if (!interim) {
                return reply;
            }
        }
        throw new IOException("the server sent more than " + MAX_INTERIM_RESPONSES + " interim responses in a row");
    }

    /** Sends {@code message} and waits for its response. */
    Reply exchange(ByteBuf message) throws IOException {
        send(message);
        return receive();
    }

    /** The bytes of {@code message} as they go on the wire, for the 3.1.1 preauthentication hash. */
    static byte[] bytesOf(ByteBuf message) {
        return ByteBufUtil.getBytes(message);
    }

    private byte[] readFrame() throws IOException {
        long length = Integer.toUnsignedLong(in.readInt());
        if (length > MAX_FRAME) {
            throw new FrameTooLargeException(length, MAX_FRAME);
        }
        if (length < Smb2Header.SIZE) {
            throw new IOException("the server sent a frame of " + length + " bytes, shorter than an SMB2 header");
        }
        byte[] frame = new byte[(int) length];
        in.readFully(frame);
        return frame;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

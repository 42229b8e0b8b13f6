package io.signet.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * [MS-SMB2] 2.1 Direct TCP transport: each message is preceded by a zero byte and a 3-byte big-endian length.
 *
 * <p>Emits one retained slice per frame (no copy). A frame larger than the maximum (the configured one once a session
 * is established on the connection, {@value #PRE_AUTH_MAX_FRAME_SIZE} bytes before), or a header whose
 * first byte is not zero (a NetBIOS session-service request or garbage), closes the connection: there is no way to
 * resynchronise a byte stream once framing is lost.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);

    /**
     * The largest frame before the connection has an established session: NEGOTIATE, SESSION_SETUP (a Kerberos
     * ticket with a large PAC stays under 64 KiB; Windows caps tokens at 65,535 bytes) and ECHO are all a client
     * sends then. Without it, a client with no account could make the server buffer a maximum-sized partial frame on
     * each of its connections until the handshake timeout.
     */
    public static final int PRE_AUTH_MAX_FRAME_SIZE = 128 * 1024;

    private final int maxFrameSize;
    private volatile int limit;

    /** @param maxFrameSize the largest frame once a session is established on the connection */
    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
        this.limit = Math.min(maxFrameSize, PRE_AUTH_MAX_FRAME_SIZE);
    }

    /** A session is established on this connection: from now on frames up to the configured maximum are read. */
    public void sessionEstablished() {
        limit = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int header = in.getInt(in.readerIndex());
        int type = header >>> 24;
        int length = header & 0x00FFFFFF;
        if (type != 0) {
            LOG.warn("{}: not a Direct TCP session message (type 0x{}), closing", ctx.channel().remoteAddress(),
                    Integer.toHexString(type));
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        int max = limit;
        if (length > max) {
            LOG.warn("{}: frame of {} bytes exceeds the maximum {}{}, closing", ctx.channel().remoteAddress(), length,
                    max, max < maxFrameSize ? " before a session is established" : "");
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        if (in.readableBytes() < 4 + length) {
            return;
        }
        in.skipBytes(4);
        out.add(in.readRetainedSlice(length));
    }
}

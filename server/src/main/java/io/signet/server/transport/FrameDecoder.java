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
 * <p>Emits one retained slice per frame (no copy). A frame larger than the configured maximum, or a header whose
 * first byte is not zero (a NetBIOS session-service request or garbage), closes the connection: there is no way to
 * resynchronise a byte stream once framing is lost.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);

    private final int maxFrameSize;

    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
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
        if (length > maxFrameSize) {
            LOG.warn("{}: frame of {} bytes exceeds the maximum {}, closing", ctx.channel().remoteAddress(), length,
                    maxFrameSize);
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

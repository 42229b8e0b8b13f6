package io.signet.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stops reading from a connection while too many of its bytes wait for the storage executor, so a client that
 * sends faster than the disk keeps up cannot make the server buffer without bound.
 */
final class InFlightLimiter extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<AtomicLong> PENDING = AttributeKey.valueOf("signet.pending");

    private final long highWater;

    InFlightLimiter(long highWater) {
        this.highWater = highWater;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long pending = pending(ctx.channel()).addAndGet(((ByteBuf) msg).readableBytes());
        if (pending > highWater) {
            ctx.channel().config().setAutoRead(false);
        }
        ctx.fireChannelRead(msg);
    }

    /** Called from the storage executor once a frame of {@code size} bytes has been handled. */
    void processed(Channel channel, int size) {
        long pending = pending(channel).addAndGet(-size);
        if (pending <= highWater / 2 && !channel.config().isAutoRead()) {
            channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
        }
    }

    private static AtomicLong pending(Channel channel) {
        AtomicLong p = channel.attr(PENDING).get();
        if (p == null) {
            p = new AtomicLong();
            AtomicLong prev = channel.attr(PENDING).setIfAbsent(p);
            if (prev != null) {
                p = prev;
            }
        }
        return p;
    }

    @Override
    public boolean isSharable() {
        return true;
    }
}

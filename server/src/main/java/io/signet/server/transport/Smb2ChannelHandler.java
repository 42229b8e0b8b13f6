package io.signet.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.signet.server.conn.Connection;
import io.signet.server.conn.ConnectionServices;
import java.io.IOException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin adapter from the pipeline to the per-connection {@link Connection}: one frame in, processed, released.
 *
 * <p>It runs on a storage executor rather than the I/O event loop (see {@link SignetChannelInitializer}), so the
 * blocking file I/O in handlers never stalls other connections' network I/O, and each connection's frames are still
 * taken strictly in order on one thread; a READ or WRITE alone in its frame may run its I/O on the connection's I/O
 * threads meanwhile, and the connection says when it must not be given more frames for now
 * ({@link Connection#holdsFrames}).
 */
final class Smb2ChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(Smb2ChannelHandler.class);

    private final ConnectionServices services;
    private final InFlightLimiter limiter;
    private Connection connection;
    /**
     * Frames waiting while the socket's outbound buffer is over its high-water mark, or while the connection holds
     * frames (a message waits for its READs and WRITEs in flight, or they hold as many bytes as one connection may):
     * a client that sends requests but does not read the answers stops being served, so unread responses cannot pile
     * up without bound. The in-flight limiter stops reading from the socket once these hold too many bytes.
     */
    private final ArrayDeque<ByteBuf> backlog = new ArrayDeque<>();

    Smb2ChannelHandler(ConnectionServices services, InFlightLimiter limiter) {
        this.services = services;
        this.limiter = limiter;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = new Connection(ctx.channel(), services, ctx.executor());
        connection.onFramesDone(size -> {
            limiter.processed(ctx.channel(), size);
            serveBacklog(ctx);
        }, () -> serveBacklog(ctx));
        FrameDecoder decoder = ctx.pipeline().get(FrameDecoder.class);
        if (decoder != null) {
            connection.onSessionEstablished(decoder::sessionEstablished);
        }
        connection.startHandshakeTimer();
        LOG.debug("{}: connected", ctx.channel().remoteAddress());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (!backlog.isEmpty() || !ctx.channel().isWritable() || connection.holdsFrames()) {
            backlog.add(frame);
            return;
        }
        process(ctx, frame);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        serveBacklog(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    private void serveBacklog(ChannelHandlerContext ctx) {
        while (!backlog.isEmpty() && ctx.channel().isWritable() && !connection.holdsFrames()) {
            process(ctx, backlog.poll());
        }
    }

    private void process(ChannelHandlerContext ctx, ByteBuf frame) {
        int size = frame.readableBytes();
        boolean done = true;
        try {
            done = connection.process(frame);
        } catch (RuntimeException e) {
            // A bug, not a client error: log it with its stack, drop this connection, keep serving everyone else.
            LOG.error("{}: internal error, closing connection", ctx.channel().remoteAddress(), e);
            ctx.close();
        } finally {
            frame.release();
            if (done) { // else it still counts until the connection has processed it (onFramesDone)
                limiter.processed(ctx.channel(), size);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ByteBuf pending;
        while ((pending = backlog.poll()) != null) {
            pending.release();
        }
        if (connection != null) {
            connection.closed();
        }
        LOG.debug("{}: disconnected", ctx.channel().remoteAddress());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("{}: closing after error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}

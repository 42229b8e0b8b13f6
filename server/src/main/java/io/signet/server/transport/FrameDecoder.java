package io.signet.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * [MS-SMB2] 2.1 Direct TCP transport: each message is preceded by a zero byte and a 3-byte big-endian length.
 *
 * <h2>One buffer per frame</h2>
 * Each frame is assembled in a direct buffer of its own, which goes to the next handler whole and is never touched
 * here again. The connection processes frames on the storage executor, not on this event loop, and it decrypts and
 * reads them in place while further bytes arrive; a frame that were a slice of a cumulation buffer that this event
 * loop keeps appending to (and growing, and compacting) would be shared by two threads, which Netty buffers do not
 * support: under the adaptive allocator, large encrypted WRITEs decrypted in place failed their tag check now and
 * then. The bytes are copied once, from the socket's read buffer into the frame's, as a cumulation copies them too;
 * the frame buffer starts with room for the frame's bytes already at hand and grows with the bytes that actually
 * arrive (Netty doubles it, so it holds at most about twice what was received), so a length field alone never sizes
 * an allocation: a header claiming a large frame, sent alone on each of thousands of connections, holds next to
 * nothing.
 *
 * <p>A frame larger than the maximum (the configured one once a session is established on the connection,
 * {@value #PRE_AUTH_MAX_FRAME_SIZE} bytes before), or a header whose first byte is not zero (a NetBIOS
 * session-service request or garbage), closes the connection: there is no way to resynchronise a byte stream once
 * framing is lost.
 */
public final class FrameDecoder extends ChannelInboundHandlerAdapter {
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

    /** The 4-byte header being read, and how many of its bytes have arrived. */
    private int header;
    private int headerBytes;
    /** The frame being assembled (its length is its maximum capacity), or null between frames. */
    private ByteBuf frame;
    private boolean failed;

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
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (!failed) {
                if (frame == null && !startFrame(ctx, in)) {
                    break;
                }
                frame.writeBytes(in, Math.min(in.readableBytes(), frame.maxCapacity() - frame.writerIndex()));
                if (frame.writerIndex() < frame.maxCapacity()) {
                    break; // all of in is used; the rest of the frame comes with a later read
                }
                ByteBuf complete = frame;
                frame = null;
                ctx.fireChannelRead(complete);
            }
        } finally {
            in.release();
        }
    }

    /**
     * Reads header bytes; once all four are in and valid, starts the frame buffer.
     *
     * @return false if more bytes are needed for the header, or the header closed the connection
     */
    private boolean startFrame(ChannelHandlerContext ctx, ByteBuf in) {
        while (headerBytes < 4 && in.isReadable()) {
            header = header << 8 | in.readUnsignedByte();
            headerBytes++;
        }
        if (headerBytes < 4) {
            return false;
        }
        headerBytes = 0;
        int type = header >>> 24;
        int length = header & 0x00FFFFFF;
        if (type != 0) {
            fail(ctx, "not a Direct TCP session message (type 0x" + Integer.toHexString(type) + ")");
            return false;
        }
        int max = limit;
        if (length > max) {
            fail(ctx, "frame of " + length + " bytes exceeds the maximum " + max
                    + (max < maxFrameSize ? " before a session is established" : ""));
            return false;
        }
        // Sized by what arrived with the header, not by the length it claims; it grows as the rest arrives.
        frame = ctx.alloc().directBuffer(Math.min(length, in.readableBytes()), length);
        return true;
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        LOG.warn("{}: {}, closing", ctx.channel().remoteAddress(), why);
        failed = true;
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartialFrame();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePartialFrame();
        ctx.fireChannelInactive();
    }

    private void releasePartialFrame() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }
}

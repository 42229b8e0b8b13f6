package io.signet.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.signet.server.io.DataPiecePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * [MS-SMB2] 2.1 Direct TCP transport: each message is preceded by a zero byte and a 3-byte big-endian length.
 *
 * <h2>One buffer per frame, in pooled chunks</h2>
 * Each frame is assembled in memory of its own, which goes to the next handler whole and is never touched here again.
 * The connection processes frames on the storage executor, not on this event loop, and it decrypts and reads them in
 * place while further bytes arrive; a frame that were a slice of a cumulation buffer that this event loop keeps
 * appending to (and growing, and compacting) would be shared by two threads, which Netty buffers do not support: under
 * the adaptive allocator, large encrypted WRITEs decrypted in place failed their tag check now and then. The bytes are
 * copied once, from the socket's read buffer into the frame's.
 *
 * <p>A frame is one buffer when it fits in one chunk of at most {@value #CHUNK} bytes, else a composite of such
 * chunks. A buffer that grew to the frame's size would be copied at each doubling, and past the allocator's largest
 * pooled size (1 MiB) every large WRITE would take fresh memory from the system: zeroed by the JVM, page-faulted in by
 * the kernel and unmapped again, which cost more CPU than the signature check of the data it held. Each chunk is sized
 * by bytes that actually arrived, never by the length field alone: at most the larger of the bytes at hand and the
 * frame's bytes already received, so the memory a partial frame holds stays within about twice what was sent, and a
 * header claiming a large frame, sent alone on each of thousands of connections, holds next to nothing.
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
    /** The largest piece of a frame. */
    static final int CHUNK = DataPiecePool.PIECE;
    private final int maxFrameSize;
    private final DataPiecePool chunks;
    private volatile int limit;

    /** The 4-byte header being read, and how many of its bytes have arrived. */
    private int header;
    private int headerBytes;
    /** The frame being assembled: its length, its full chunks, the chunk being filled (null until bytes arrive). */
    private boolean inFrame;
    private int frameLength;
    private int received;
    private CompositeByteBuf fullChunks;
    private ByteBuf chunk;
    private boolean failed;

    /** @param maxFrameSize the largest frame once a session is established on the connection */
    public FrameDecoder(int maxFrameSize) {
        this(maxFrameSize, null);
    }

    /**
     * @param maxFrameSize the largest frame once a session is established on the connection
     * @param chunks       where full-size pieces of large frames come from (shared by the server's connections), or
     *                     null to take them from the channel's allocator
     */
    public FrameDecoder(int maxFrameSize, DataPiecePool chunks) {
        this.maxFrameSize = maxFrameSize;
        this.chunks = chunks;
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
                if (!inFrame && !startFrame(ctx, in)) {
                    break;
                }
                if (!fill(ctx.alloc(), in)) {
                    break; // all of in is used; the rest of the frame comes with a later read
                }
                ctx.fireChannelRead(takeFrame(ctx.alloc()));
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
        inFrame = true;
        frameLength = length;
        received = 0;
        return true;
    }

    /** The next chunk's size: bytes at hand or already received (whichever is more), within the frame and CHUNK. */
    private int nextChunkSize(ByteBuf in) {
        return Math.min(Math.min(frameLength - received, CHUNK), Math.max(in.readableBytes(), received));
    }

    /**
     * Copies bytes of {@code in} into the frame, starting chunks as needed.
     *
     * @return true once the frame is complete
     */
    private boolean fill(ByteBufAllocator alloc, ByteBuf in) {
        while (received < frameLength) {
            if (!in.isReadable()) {
                return false;
            }
            if (chunk == null || !chunk.isWritable()) {
                if (chunk != null) {
                    if (fullChunks == null) {
                        fullChunks = alloc.compositeDirectBuffer(Integer.MAX_VALUE);
                    }
                    fullChunks.addComponent(true, chunk);
                    chunk = null; // the composite owns it now
                }
                int size = nextChunkSize(in);
                chunk = size == CHUNK && chunks != null ? chunks.take(alloc) : alloc.directBuffer(size, size);
            }
            int n = Math.min(in.readableBytes(), Math.min(chunk.writableBytes(), frameLength - received));
            chunk.writeBytes(in, n);
            received += n;
        }
        return true;
    }

    /** The complete frame, as one buffer or a composite of its chunks; the decoder holds no part of it any more. */
    private ByteBuf takeFrame(ByteBufAllocator alloc) {
        ByteBuf complete = chunk == null ? alloc.directBuffer(0, 0) : chunk;
        if (fullChunks != null) {
            complete = fullChunks.addComponent(true, chunk);
        }
        inFrame = false;
        chunk = null;
        fullChunks = null;
        return complete;
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
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
        if (fullChunks != null) {
            fullChunks.release();
            fullChunks = null;
        }
    }
}

package io.signet.server.io;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pieces of {@value #PIECE} bytes of direct memory for the data of large messages, kept for reuse once released: the
 * pieces a large request frame is assembled in (the transport's frame decoder) and those a large READ response
 * carries its file data in.
 *
 * <p>Netty's adaptive allocator pools buffers of this size, but a stream of large WRITEs or READs keeps many of them
 * in flight at once and releases them on other threads; its chunk reuse queue is short, so steady transfers made it
 * allocate new chunks over and over, each one zeroed by the JVM (about 6% of the server's CPU in a perf profile of a
 * signed upload), and a buffer grown past its largest pooled size (1 MiB) was fresh memory from the system every
 * time. The memory here is allocated once and never zeroed again; at most {@code maxIdle} pieces wait unused, beyond
 * that a released piece is freed at once, so an idle server holds at most {@code maxIdle * PIECE} bytes here.
 *
 * <p>Thread-safe: pieces are taken on event loops and I/O threads and released wherever their last user drops them.
 */
public final class DataPiecePool {
    /** The size of every piece: well inside the pooled sizes of Netty's allocators, for the pieces not taken here. */
    public static final int PIECE = 256 * 1024;
    /** Released pieces kept by default: 16 MiB, a connection's default I/O bytes in flight. */
    public static final int DEFAULT_MAX_IDLE = 64;

    /** Netty's unsafe direct buffers, which a piece is, need sun.misc.Unsafe; without it pieces come from Netty. */
    private static final boolean POOLED = PlatformDependent.hasUnsafe();

    private final ArrayBlockingQueue<ByteBuffer> idle;
    /** Pieces handed out and not yet released: Netty's leak detector does not see them, so they are counted. */
    private final AtomicInteger inUse = new AtomicInteger();

    /** @param maxIdle how many released pieces to keep for reuse */
    public DataPiecePool(int maxIdle) {
        this.idle = new ArrayBlockingQueue<>(Math.max(1, maxIdle));
    }

    /** Pieces waiting for reuse. */
    public int idle() {
        return idle.size();
    }

    /** Pieces handed out and not released yet; once everything that took one is done, a number above zero is a leak. */
    public int inUse() {
        return inUse.get();
    }

    /** An empty piece of {@link #PIECE} bytes; releasing its last reference gives its memory back here. */
    public ByteBuf take(ByteBufAllocator alloc) {
        if (!POOLED) {
            return alloc.directBuffer(PIECE, PIECE);
        }
        ByteBuffer memory = idle.poll();
        if (memory == null) {
            memory = ByteBuffer.allocateDirect(PIECE);
        }
        inUse.incrementAndGet();
        return new Piece(alloc, memory);
    }

    private void giveBack(ByteBuffer memory) {
        inUse.decrementAndGet();
        memory.clear();
        if (!idle.offer(memory)) {
            PlatformDependent.freeDirectBuffer(memory);
        }
    }

    /** A buffer over pooled memory: Netty's reference counting decides when it returns. */
    private final class Piece extends UnpooledUnsafeDirectByteBuf {
        private final ByteBuffer memory;

        Piece(ByteBufAllocator alloc, ByteBuffer memory) {
            super(alloc, memory, memory.capacity());
            this.memory = memory;
            clear(); // the wrapping constructor marks all of the memory readable; a piece starts empty
        }

        @Override
        protected void deallocate() {
            super.deallocate(); // drops this buffer's view; the memory itself was never Netty's to free
            giveBack(memory);
        }
    }
}

package io.signet.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The full-size pieces of large frames ({@link FrameDecoder#CHUNK} bytes each), kept for reuse once released.
 *
 * <p>Netty's adaptive allocator pools buffers of this size, but a stream of large WRITEs keeps many of them in flight
 * at once and releases them on the I/O threads; its chunk reuse queue is short, so steady uploads made it allocate new
 * chunks over and over, each one zeroed by the JVM (about 6% of the server's CPU in a perf profile of a signed
 * upload). The memory here is allocated once, never zeroed again, and at most {@code maxIdle} pieces wait unused:
 * beyond that, a released piece is freed at once, so an idle server holds at most {@code maxIdle * CHUNK} bytes.
 *
 * <p>Thread-safe: pieces are taken on event loops and released wherever the frame's last user drops it.
 */
final class FrameChunkPool {
    private final int chunkSize;
    private final ArrayBlockingQueue<ByteBuffer> idle;

    /**
     * @param chunkSize the size of every piece
     * @param maxIdle   how many released pieces to keep for reuse
     */
    FrameChunkPool(int chunkSize, int maxIdle) {
        this.chunkSize = chunkSize;
        this.idle = new ArrayBlockingQueue<>(Math.max(1, maxIdle));
    }

    /** Whether the pool can hand out pieces on this JVM (it needs Netty's unsafe direct buffers). */
    static boolean available() {
        return PlatformDependent.hasUnsafe();
    }

    int chunkSize() {
        return chunkSize;
    }

    /** Pieces waiting for reuse. */
    int idle() {
        return idle.size();
    }

    /** An empty piece of {@link #chunkSize()} bytes; releasing its last reference gives its memory back here. */
    ByteBuf take(ByteBufAllocator alloc) {
        ByteBuffer memory = idle.poll();
        if (memory == null) {
            memory = ByteBuffer.allocateDirect(chunkSize);
        }
        return new Piece(alloc, memory);
    }

    private void giveBack(ByteBuffer memory) {
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

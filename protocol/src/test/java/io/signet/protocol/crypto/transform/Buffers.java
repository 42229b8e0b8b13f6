package io.signet.protocol.crypto.transform;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * The kinds of buffer a transformed message arrives in or is written to. The offset kinds put the message after a
 * few bytes of unrelated data and leave a few after it, so that a transform touching bytes outside its range shows.
 */
enum Buffers {
    HEAP(0, 0),
    DIRECT(0, 0),
    HEAP_AT_OFFSET(7, 5),
    POOLED_DIRECT_AT_OFFSET(13, 3);

    static final byte SENTINEL = (byte) 0xA5;

    final int before;
    final int after;

    Buffers(int before, int after) {
        this.before = before;
        this.after = after;
    }

    /** A buffer holding {@code content} at index {@link #before}, with sentinel bytes around it. */
    ByteBuf holding(byte[] content) {
        ByteBuf buf = allocate(before + content.length + after);
        for (int i = 0; i < before; i++) {
            buf.writeByte(SENTINEL);
        }
        buf.writeBytes(content);
        for (int i = 0; i < after; i++) {
            buf.writeByte(SENTINEL);
        }
        return buf;
    }

    /** True if the sentinel bytes around {@code contentLength} bytes of content are all intact. */
    boolean sentinelsIntact(ByteBuf buf, int contentLength) {
        for (int i = 0; i < before; i++) {
            if (buf.getByte(i) != SENTINEL) {
                return false;
            }
        }
        for (int i = 0; i < after; i++) {
            if (buf.getByte(before + contentLength + i) != SENTINEL) {
                return false;
            }
        }
        return buf.writerIndex() == before + contentLength + after;
    }

    private ByteBuf allocate(int capacity) {
        return switch (this) {
            case HEAP, HEAP_AT_OFFSET -> Unpooled.buffer(capacity);
            case DIRECT -> Unpooled.directBuffer(capacity);
            case POOLED_DIRECT_AT_OFFSET -> PooledByteBufAllocator.DEFAULT.directBuffer(capacity);
        };
    }
}

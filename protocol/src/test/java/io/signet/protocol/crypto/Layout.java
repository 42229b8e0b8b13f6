package io.signet.protocol.crypto;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Ways a message can sit in a {@link ByteBuf} on its way through the server; signing and hashing must give the same
 * answer for all of them.
 */
enum Layout {
    /** Heap buffer, message at index 0. */
    HEAP,
    /** Heap buffer with unrelated bytes before and after the message (a compound element or a frame slice). */
    HEAP_AT_OFFSET,
    /** Direct buffer (what Netty's pooled allocator hands out), message at an odd offset. */
    DIRECT_AT_OFFSET,
    /** Three components split at odd, non-block-aligned points, e.g. header + payload from a file read. */
    COMPOSITE,
    /** A read-only view of a direct buffer. */
    READ_ONLY_DIRECT;

    static final int PREFIX = 13;
    static final int SUFFIX = 7;

    /** The message placed in a new buffer; close it to release the buffer. */
    Placed place(byte[] message) {
        switch (this) {
            case HEAP:
                return new Placed(Unpooled.wrappedBuffer(message.clone()), 0);
            case HEAP_AT_OFFSET:
                return new Placed(padded(Unpooled.buffer(PREFIX + message.length + SUFFIX), message), PREFIX);
            case DIRECT_AT_OFFSET:
                return new Placed(padded(Unpooled.directBuffer(PREFIX + message.length + SUFFIX), message), PREFIX);
            case COMPOSITE: {
                int a = Math.min(message.length, 37);
                int b = Math.min(message.length, a + (message.length - a) / 2 + 1);
                CompositeByteBuf c = Unpooled.compositeBuffer();
                c.addComponent(true, Unpooled.wrappedBuffer(message, 0, a).copy());
                ByteBuf mid = Unpooled.directBuffer(b - a);
                mid.writeBytes(message, a, b - a);
                c.addComponent(true, mid);
                c.addComponent(true, Unpooled.wrappedBuffer(message, b, message.length - b).copy());
                return new Placed(c, 0);
            }
            case READ_ONLY_DIRECT: {
                ByteBuf direct = padded(Unpooled.directBuffer(PREFIX + message.length + SUFFIX), message);
                return new Placed(direct.asReadOnly(), PREFIX, direct);
            }
            default:
                throw new AssertionError(this);
        }
    }

    private static ByteBuf padded(ByteBuf buf, byte[] message) {
        for (int i = 0; i < PREFIX; i++) {
            buf.writeByte(0xA5);
        }
        buf.writeBytes(message);
        for (int i = 0; i < SUFFIX; i++) {
            buf.writeByte(0x5A);
        }
        return buf;
    }

    /** A message at {@code offset} in {@code buf}. */
    static final class Placed implements AutoCloseable {
        final ByteBuf buf;
        final int offset;
        private final ByteBuf owner;

        Placed(ByteBuf buf, int offset) {
            this(buf, offset, buf);
        }

        Placed(ByteBuf buf, int offset, ByteBuf owner) {
            this.buf = buf;
            this.offset = offset;
            this.owner = owner;
        }

        /** Every byte of the buffer, to check that nothing outside (or inside) the message was touched. */
        byte[] allBytes() {
            byte[] all = new byte[buf.capacity()];
            buf.getBytes(0, all);
            return all;
        }

        byte[] message(int length) {
            byte[] m = new byte[length];
            buf.getBytes(offset, m);
            return m;
        }

        @Override
        public void close() {
            owner.release();
        }
    }
}

package io.signet.server.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.signet.server.io.DataPiecePool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** [MS-SMB2] 2.1 Direct TCP framing on an {@link EmbeddedChannel}; every frame read is released. */
class FrameDecoderTest {
    private static final int MAX = 1024;

    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel(new FrameDecoder(MAX));
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private static byte[] payload(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    private static ByteBuf frame(int type, byte[] payload) {
        ByteBuf b = Unpooled.buffer(4 + payload.length);
        b.writeByte(type);
        b.writeMedium(payload.length);
        b.writeBytes(payload);
        return b;
    }

    /** A channel whose decoder reads frames up to {@code max} bytes (a session established) into {@code alloc}. */
    private static EmbeddedChannel established(int max, DataPiecePool pool, ByteBufAllocator alloc) {
        EmbeddedChannel fresh = new EmbeddedChannel();
        fresh.config().setAllocator(alloc);
        FrameDecoder decoder = new FrameDecoder(max, pool);
        decoder.sessionEstablished();
        fresh.pipeline().addLast(decoder);
        return fresh;
    }

    /** Sends {@code whole} in reads of the given sizes, in turn, and releases it. */
    private static void sendInReads(EmbeddedChannel ch, ByteBuf whole, int... reads) {
        for (int i = 0; whole.isReadable(); i++) {
            ch.writeInbound(whole.readRetainedSlice(Math.min(whole.readableBytes(), reads[i % reads.length])));
        }
        whole.release();
    }

    /** Reads the next decoded frame, checks its bytes and releases it. */
    private void assertNextFrame(byte[] expected) {
        ByteBuf got = channel.readInbound();
        try {
            assertArrayEquals(expected, ByteBufUtil.getBytes(got));
        } finally {
            got.release();
        }
    }

    @Test
    void beforeASessionIsEstablishedOnlySmallFramesAreRead() {
        EmbeddedChannel fresh = new EmbeddedChannel(new FrameDecoder(1 << 20));
        ByteBuf header = Unpooled.buffer(4);
        header.writeByte(0);
        header.writeMedium(FrameDecoder.PRE_AUTH_MAX_FRAME_SIZE + 1);
        fresh.writeInbound(header);
        assertFalse(fresh.isOpen(), "a pre-authentication frame over the limit closes the connection at its header");
        fresh.finishAndReleaseAll();

        FrameDecoder decoder = new FrameDecoder(1 << 20);
        EmbeddedChannel established = new EmbeddedChannel(decoder);
        decoder.sessionEstablished();
        byte[] big = payload(FrameDecoder.PRE_AUTH_MAX_FRAME_SIZE + 1, 3);
        established.writeInbound(frame(0, big));
        ByteBuf got = established.readInbound();
        try {
            assertEquals(big.length, got.readableBytes(), "once a session exists the configured maximum applies");
        } finally {
            got.release();
            established.finishAndReleaseAll();
        }
    }

    @Test
    void frameSplitAcrossReadsIsEmittedOnceComplete() {
        byte[] p = payload(100, 7);
        ByteBuf whole = frame(0, p);
        // split inside the 4-byte header, then inside the payload
        assertFalse(channel.writeInbound(whole.retainedSlice(0, 2)));
        assertFalse(channel.writeInbound(whole.retainedSlice(2, 30)));
        assertNull(channel.readInbound());
        assertTrue(channel.writeInbound(whole.retainedSlice(32, whole.readableBytes() - 32)));
        whole.release();
        assertNextFrame(p);
        assertNull(channel.readInbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void twoFramesInOneReadAreEmittedSeparately() {
        byte[] a = payload(10, 1);
        byte[] b = payload(MAX, 50);
        ByteBuf both = Unpooled.wrappedBuffer(frame(0, a), frame(0, b));
        assertTrue(channel.writeInbound(both));
        assertNextFrame(a);
        assertNextFrame(b);
        assertNull(channel.readInbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void trailingPartialFrameWaitsForTheRest() {
        byte[] a = payload(8, 1);
        byte[] b = payload(20, 2);
        ByteBuf second = frame(0, b);
        ByteBuf firstAndHalf = Unpooled.wrappedBuffer(frame(0, a), second.retainedSlice(0, 10));
        assertTrue(channel.writeInbound(firstAndHalf));
        assertNextFrame(a);
        assertNull(channel.readInbound());
        channel.writeInbound(second.retainedSlice(10, second.readableBytes() - 10));
        second.release();
        assertNextFrame(b);
    }

    @Test
    void zeroLengthFrameIsEmittedEmpty() {
        assertTrue(channel.writeInbound(frame(0, new byte[0])));
        assertNextFrame(new byte[0]);
    }

    @Test
    void frameOverTheMaximumClosesTheChannelFromItsHeaderAlone() {
        ByteBuf header = Unpooled.buffer(4);
        header.writeByte(0);
        header.writeMedium(MAX + 1);
        // only the header arrives: the decoder must not wait (and buffer) for a payload it will refuse
        assertFalse(channel.writeInbound(header));
        assertFalse(channel.isOpen());
        assertNull(channel.readInbound());
    }

    @Test
    void largestLengthFieldClosesTheChannel() {
        ByteBuf b = Unpooled.buffer(4 + 16);
        b.writeInt(0x00FFFFFF);
        b.writeZero(16);
        assertFalse(channel.writeInbound(b));
        assertFalse(channel.isOpen());
    }

    @Test
    void nonZeroTypeByteClosesTheChannel() {
        // 0x81 is a NetBIOS SESSION REQUEST, which Direct TCP does not use
        assertFalse(channel.writeInbound(frame(0x81, payload(16, 0))));
        assertFalse(channel.isOpen());
        assertNull(channel.readInbound());
    }

    @Test
    void badFrameAfterAGoodOneStillDeliversTheGoodOneThenCloses() {
        byte[] good = payload(12, 3);
        assertTrue(channel.writeInbound(Unpooled.wrappedBuffer(frame(0, good), frame(0x85, payload(4, 0)))));
        assertNextFrame(good);
        assertFalse(channel.isOpen());
    }

    @Test
    void frameExactlyAtTheMaximumIsAccepted() {
        byte[] p = payload(MAX, 9);
        assertTrue(channel.writeInbound(frame(0, p)));
        assertNextFrame(p);
        assertEquals(true, channel.isOpen());
    }

    /**
     * A frame is a direct buffer of its own, not a view of the bytes read: the connection decrypts it in place on
     * another thread while this event loop goes on reading into its read buffers.
     */
    @Test
    void eachFrameIsADirectBufferOfItsOwn() {
        byte[] a = payload(40, 1);
        byte[] b = payload(30, 2);
        ByteBuf in = Unpooled.buffer(78).writeBytes(frame(0, a)).writeBytes(frame(0, b));
        in.retain(); // kept to overwrite after decoding, as a read buffer's memory is reused
        assertTrue(channel.writeInbound(in));
        ByteBuf first = channel.readInbound();
        ByteBuf second = channel.readInbound();
        try {
            in.setZero(0, in.capacity());
            assertTrue(first.isDirect() && second.isDirect());
            assertArrayEquals(a, ByteBufUtil.getBytes(first));
            assertArrayEquals(b, ByteBufUtil.getBytes(second));
            first.setByte(0, 0x55);
            assertArrayEquals(b, ByteBufUtil.getBytes(second));
        } finally {
            in.release();
            first.release();
            second.release();
        }
    }

    /** A header split over reads, then the payload byte by byte: one frame, once complete. */
    @Test
    void headerAndPayloadTricklingInByteByByte() {
        byte[] p = payload(20, 5);
        ByteBuf whole = frame(0, p);
        while (whole.isReadable()) {
            channel.writeInbound(whole.readRetainedSlice(1));
        }
        whole.release();
        assertNextFrame(p);
        assertNull(channel.readInbound());
    }

    /**
     * The memory a partial frame holds follows the bytes that arrived, not its length field: a header claiming
     * 100,000 bytes followed by ten bytes must not make the server hold 64 KiB. Otherwise each of thousands of
     * connections could pin that much with four bytes sent.
     */
    @Test
    void aPartialFrameHoldsMemoryForTheBytesReceivedNotItsLengthField() {
        RecordingAllocator alloc = new RecordingAllocator();
        EmbeddedChannel fresh = new EmbeddedChannel();
        fresh.config().setAllocator(alloc);
        fresh.pipeline().addLast(new FrameDecoder(1 << 20));
        ByteBuf start = Unpooled.buffer(14);
        start.writeByte(0);
        start.writeMedium(100_000);
        start.writeBytes(payload(10, 1));
        fresh.writeInbound(start);
        try {
            int held = alloc.held();
            assertTrue(held <= 256, "10 bytes received, but the partial frame holds " + held + " bytes");
            fresh.writeInbound(Unpooled.wrappedBuffer(payload(5000, 2)));
            held = alloc.held();
            assertTrue(held <= 2 * 5010, "5,010 bytes received, but the partial frame holds " + held + " bytes");
        } finally {
            fresh.finishAndReleaseAll();
        }
    }

    /**
     * A frame larger than a chunk arrives as a composite of pooled-size pieces: no piece is larger than
     * {@link FrameDecoder#CHUNK} (a buffer grown to the frame's size would leave the allocator's pools) and the bytes
     * are the frame's, in order, whatever the sizes of the reads.
     */
    @Test
    void aLargeFrameIsAssembledInChunksOfBoundedSize() {
        RecordingAllocator alloc = new RecordingAllocator();
        EmbeddedChannel fresh = established(4 << 20, null, alloc);
        byte[] p = payload(3 * FrameDecoder.CHUNK + 12_345, 9);
        sendInReads(fresh, frame(0, p), 7, 65_536, 100_000, 1, 300_000, 65_536);
        ByteBuf got = fresh.readInbound();
        try {
            assertArrayEquals(p, ByteBufUtil.getBytes(got));
            for (ByteBuf b : alloc.allocated) {
                assertTrue(b.capacity() <= FrameDecoder.CHUNK, "a piece of " + b.capacity() + " bytes");
            }
            assertTrue(alloc.held() <= p.length, "pieces hold " + alloc.held() + " bytes for " + p.length);
        } finally {
            got.release();
            fresh.finishAndReleaseAll();
        }
    }

    /**
     * Full-size pieces come from the pool and go back to it when the frame is released, up to its idle bound; the
     * next frame reuses them and still reads its own bytes.
     */
    @Test
    void fullSizePiecesAreReusedThroughThePool() {
        DataPiecePool pool = new DataPiecePool(2);
        EmbeddedChannel fresh = established(4 << 20, pool, ByteBufAllocator.DEFAULT);
        try {
            for (int seed = 1; seed <= 2; seed++) {
                byte[] p = payload(3 * FrameDecoder.CHUNK + 100, seed);
                sendInReads(fresh, frame(0, p), FrameDecoder.CHUNK);
                ByteBuf got = fresh.readInbound();
                assertArrayEquals(p, ByteBufUtil.getBytes(got));
                assertEquals(0, pool.idle(), "pieces are in use while the frame is");
                got.release();
                assertEquals(2, pool.idle(), "released pieces wait for reuse, at most the idle bound");
            }
        } finally {
            fresh.finishAndReleaseAll();
        }
    }

    /** Bytes trickling in one at a time: the memory held stays within twice the bytes received. */
    @Test
    void aTricklingFrameHoldsAtMostTwiceWhatArrived() {
        RecordingAllocator alloc = new RecordingAllocator();
        EmbeddedChannel fresh = established(1 << 20, null, alloc);
        ByteBuf start = Unpooled.buffer(4).writeByte(0).writeMedium(1 << 20);
        fresh.writeInbound(start);
        try {
            for (int received = 1; received <= 3000; received++) {
                fresh.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) received}));
                assertTrue(alloc.held() <= 2 * received, received + " bytes received, " + alloc.held() + " held");
            }
        } finally {
            fresh.finishAndReleaseAll();
        }
    }

    /** Hands out unpooled buffers and remembers them, so that a test can see how much memory each holds. */
    private static final class RecordingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> allocated = new ArrayList<>();

        /** Bytes of memory the buffers handed out and not yet released hold. */
        int held() {
            return allocated.stream().filter(b -> b.refCnt() > 0).mapToInt(ByteBuf::capacity).sum();
        }

        RecordingAllocator() {
            super(true);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return record(Unpooled.buffer(initialCapacity, maxCapacity));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return record(Unpooled.directBuffer(initialCapacity, maxCapacity));
        }

        private ByteBuf record(ByteBuf b) {
            allocated.add(b);
            return b;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}

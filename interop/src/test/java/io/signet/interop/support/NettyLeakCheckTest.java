package io.signet.interop.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves that the leak check sees a leak: without this, a broken check would look exactly like a clean server. */
class NettyLeakCheckTest {
    private static final String HINT = "leaked on purpose by NettyLeakCheckTest";

    @Test
    void aBufferThatIsNeverReleasedIsReported() {
        int mark = LeakReports.mark();
        leakOneBuffer();
        List<String> seen = List.of();
        for (int attempt = 0; attempt < 10 && seen.isEmpty(); attempt++) {
            NettyLeakCheck.drain();
            seen = LeakReports.acknowledge(mark, HINT);
        }
        assertFalse(seen.isEmpty(), "a ByteBuf dropped without release() was not reported by the leak detector");
        assertTrue(seen.get(0).contains("LEAK:"), seen.get(0));
    }

    @Test
    void releasedBuffersAreNotReported() {
        int mark = LeakReports.mark();
        for (int i = 0; i < 100; i++) {
            ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(64);
            buf.touch(HINT);
            buf.writeLong(i);
            buf.release();
        }
        NettyLeakCheck.drain();
        assertTrue(LeakReports.acknowledge(mark, HINT).isEmpty(), "released buffers were reported as leaks");
    }

    /** A separate frame, so that no local variable of the test keeps the buffer reachable. */
    private static void leakOneBuffer() {
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(64);
        buf.touch(HINT);
        buf.writeLong(42);
    }
}

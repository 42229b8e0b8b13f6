package io.signet.interop.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class when Netty's leak detector reported a buffer that was never released while the class ran.
 *
 * <p>Registered for every class of this module through {@code META-INF/services} (extension auto-detection is on in
 * {@code junit-platform.properties}). Netty only notices a leak when the garbage collector has cleared the leaked
 * buffer and a later allocation polls the detector's queue, so after the class's own {@code @AfterAll} methods (which
 * stop its servers) this check collects garbage and allocates until the queue has been drained.
 *
 * <p>The check refuses to run in a configuration where it could not fail: leak detection must be {@code PARANOID}
 * (every buffer tracked, as the parent POM's surefire argLine sets) and the reports must reach {@link LeakReports}.
 */
public final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NettyLeakCheck.class);
    private static final String MARK = "mark";
    /** Rounds of collect-then-allocate; a cleared reference can take a moment to reach the detector's queue. */
    private static final int DRAIN_ROUNDS = 4;

    @Override
    public void beforeAll(ExtensionContext context) {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel(),
                "Netty leak detection must run at PARANOID (-Dio.netty.leakDetection.level=paranoid in surefire's "
                        + "argLine); at a lower level leaks go unnoticed");
        assertTrue(LeakReports.attached(), "the LeakReports appender is not running: logback-test.xml is not the "
                + "logging configuration in use, so leak reports would be lost");
        assertTrue(LoggerFactory.getLogger(ResourceLeakDetector.class).isErrorEnabled(),
                "Netty reports leaks only when ERROR is enabled for " + ResourceLeakDetector.class.getName());
        // Leaks of earlier classes that surface only now belong to them, not to this class.
        drain();
        context.getStore(NAMESPACE).put(MARK, LeakReports.mark());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        drain();
        int mark = context.getStore(NAMESPACE).get(MARK, Integer.class);
        List<String> leaks = LeakReports.since(mark);
        if (!leaks.isEmpty()) {
            fail(leaks.size() + " ByteBuf leak(s) reported while " + context.getDisplayName() + " ran:\n"
                    + String.join("\n\n", leaks));
        }
    }

    /**
     * Makes Netty report every leak whose buffer is already unreachable: collects garbage, then allocates (at
     * PARANOID every allocation is tracked, and tracking first reports what the queue holds).
     */
    public static void drain() {
        for (int i = 0; i < DRAIN_ROUNDS; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            ByteBuf heap = ByteBufAllocator.DEFAULT.heapBuffer(8);
            heap.release();
            ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer(8);
            direct.release();
        }
    }
}

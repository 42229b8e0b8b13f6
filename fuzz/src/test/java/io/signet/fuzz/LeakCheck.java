package io.signet.fuzz;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a ByteBuf leak into a fuzzing finding. Netty's leak detector only logs; this factory makes every detector
 * record what it reports, and {@link #assertNoLeaks()} throws on the first report.
 *
 * <p>It must be installed before Netty creates its buffer leak detector (a static of {@code AbstractByteBuf}), so
 * each fuzz test calls {@link #install()} from its static initializer. A leak is found when the collector has
 * reclaimed the buffer, so it may be reported during a later input than the one that leaked; the report carries
 * the buffer's access records.
 */
public final class LeakCheck {
    private static final List<String> LEAKS = new ArrayList<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    private LeakCheck() {
    }

    /** Installs the recording factory (the class initializer does the work). */
    public static void install() {
    }

    /** Throws if any detector has reported a leak since the last call. */
    public static void assertNoLeaks() {
        String first;
        synchronized (LEAKS) {
            if (LEAKS.isEmpty()) {
                return;
            }
            first = LEAKS.get(0);
            LEAKS.clear();
        }
        throw new AssertionError("ByteBuf leak: " + first);
    }

    private static void record(String report) {
        synchronized (LEAKS) {
            LEAKS.add(report);
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            record(resourceType + records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            record(resourceType + " (no access records)");
        }
    }
}

package io.signet.server.limits;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A WARN line that a flood cannot turn into a flood of log lines: the first event is logged, further ones within the
 * interval are only counted, and the next line logged says how many were left out. Thread-safe.
 */
public final class RateLimitedWarning {
    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private boolean started;
    private long nextAllowed;
    private long suppressed;

    public RateLimitedWarning(Logger log, long intervalNanos, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    /** One line per ten seconds at most. */
    public RateLimitedWarning(Logger log) {
        this(log, 10_000_000_000L, System::nanoTime);
    }

    /**
     * Logs {@code message} at WARN unless a line went out less than the interval ago.
     *
     * @return true when the line was logged
     */
    public boolean warn(String message) {
        long left;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (started && now - nextAllowed < 0) {
                suppressed++;
                return false;
            }
            started = true;
            nextAllowed = now + intervalNanos;
            left = suppressed;
            suppressed = 0;
        }
        if (left > 0) {
            log.warn("{} ({} similar events in the last interval not logged)", message, left);
        } else {
            log.warn(message);
        }
        return true;
    }
}

package io.signet.server.limits;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedWarningTest {

    @Test
    void oneLinePerIntervalHoweverManyEvents() {
        AtomicLong clock = new AtomicLong(-5); // nanoTime may be negative
        RateLimitedWarning warning = new RateLimitedWarning(LoggerFactory.getLogger(RateLimitedWarningTest.class),
                100, clock::get);
        assertTrue(warning.warn("first"));
        for (int i = 0; i < 1000; i++) {
            assertFalse(warning.warn("flood " + i));
        }
        clock.addAndGet(100);
        assertTrue(warning.warn("after the interval, with the count of the others"));
        assertFalse(warning.warn("again too soon"));
    }
}

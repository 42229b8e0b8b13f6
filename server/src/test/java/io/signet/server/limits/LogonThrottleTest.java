package io.signet.server.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The send times {@link LogonThrottle} computes, on a clock the test moves by hand. */
class LogonThrottleTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long DELAY = 2 * SECOND;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final LogonThrottle throttle = new LogonThrottle(Duration.ofMillis(2000), clock::get);
    private final InetAddress one = address(1);
    private final InetAddress two = address(2);

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFailureIsAnsweredOneDelayLater() {
        LogonThrottle.Slot slot = throttle.reserve(one);
        assertEquals(DELAY, slot.delayNanos());
        assertEquals(clock.get() + DELAY, slot.at());
    }

    @Test
    void simultaneousFailuresFromOneAddressAreAnsweredOneDelayApart() {
        long start = clock.get();
        for (int i = 1; i <= 20; i++) {
            LogonThrottle.Slot slot = throttle.reserve(one);
            assertEquals(start + i * DELAY, slot.at(), "failure " + i);
        }
        // 20 failures over parallel connections take 20 delays: 40 s with the default 2 s.
        assertEquals(40 * SECOND, throttle.reserve(one).at() - start - DELAY);
    }

    @Test
    void anotherAddressIsNotDelayedByTheFirstOnesQueue() {
        for (int i = 0; i < 10; i++) {
            throttle.reserve(one);
        }
        assertEquals(DELAY, throttle.reserve(two).delayNanos());
    }

    @Test
    void failuresSpreadOverTimeEachWaitOnlyTheirOwnDelay() {
        LogonThrottle.Slot first = throttle.reserve(one);
        clock.addAndGet(3 * SECOND); // the first answer went out a second ago
        throttle.passed(first);
        assertEquals(DELAY, throttle.reserve(one).delayNanos());
    }

    @Test
    void aFailureArrivingWhileAnotherWaitsQueuesBehindIt() {
        throttle.reserve(one);               // answered at +2 s
        clock.addAndGet(SECOND / 2);
        LogonThrottle.Slot second = throttle.reserve(one);
        assertEquals(DELAY + DELAY - SECOND / 2, second.delayNanos()); // at +4 s, 3.5 s from now
    }

    @Test
    void theAddressIsForgottenOnceItsLastSlotPassed() {
        LogonThrottle.Slot first = throttle.reserve(one);
        LogonThrottle.Slot second = throttle.reserve(one);
        throttle.passed(first);
        assertEquals(1, throttle.addressesHeld(), "a later slot is still reserved");
        throttle.passed(second);
        assertEquals(0, throttle.addressesHeld());
    }

    @Test
    void zeroTurnsTheThrottleOff() {
        assertFalse(new LogonThrottle(Duration.ZERO, clock::get).enabled());
        assertTrue(throttle.enabled());
    }
}

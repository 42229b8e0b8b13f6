package io.signet.server.limits;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When the answer to a failed logon may go out: {@code auth failure delay} after the failure, and never sooner than
 * one delay after the previous failed logon of the same client address was answered. Failures from one address are
 * thus answered one delay apart however many connections they come over, so N wrong passwords take at least N
 * delays; other addresses are not affected. Like Windows Server 2025's SMB authentication rate limiter, whose
 * default delay is 2 seconds.
 *
 * <p>This class only computes the times; the caller schedules the send on a timer, so no thread waits. Addresses are
 * forgotten once their last slot has passed. Thread-safe.
 */
public final class LogonThrottle {
    /** Above this many remembered addresses, each reservation also sweeps out those whose slot has passed. */
    private static final int SWEEP_ABOVE = 1024;

    private final long delayNanos;
    private final LongSupplier nanoClock;
    /** The time, on {@link #nanoClock}, at which each address's last reserved answer goes out. */
    private final ConcurrentHashMap<InetAddress, Long> lastSlot = new ConcurrentHashMap<>();

    /** A reserved send time: {@code delayNanos} from the time of the reservation. */
    public record Slot(InetAddress address, long at, long delayNanos) {
    }

    public LogonThrottle(Duration delay, LongSupplier nanoClock) {
        this.delayNanos = delay.toNanos();
        this.nanoClock = nanoClock;
    }

    /** False when the delay is zero: failed logons are answered at once. */
    public boolean enabled() {
        return delayNanos > 0;
    }

    /** Reserves the send time of the answer to a failed logon from {@code address}. */
    public Slot reserve(InetAddress address) {
        long now = nanoClock.getAsLong();
        if (lastSlot.size() > SWEEP_ABOVE) {
            lastSlot.values().removeIf(at -> at - now <= 0);
        }
        long at = lastSlot.merge(address, now + delayNanos,
                (previous, fromNow) -> previous - now > 0 ? previous + delayNanos : fromNow);
        return new Slot(address, at, at - now);
    }

    /** The answer of {@code slot} went out: forget the address unless a later failure reserved a later slot. */
    public void passed(Slot slot) {
        lastSlot.remove(slot.address(), slot.at());
    }

    /** Addresses whose failed-logon answers are still being held, for tests and monitoring. */
    public int addressesHeld() {
        return lastSlot.size();
    }
}

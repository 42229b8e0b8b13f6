package io.signet.server.limits;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process's file descriptors, shared by connections and file opens, so that neither can take the last ones: file
 * opens stop well before the limit, which keeps a reserve for accepting connections, and connections stop a little
 * before it, which keeps a few for the server's own short-lived use (directory listings, extended attributes, logs).
 *
 * <p>It counts what it hands out instead of asking the system at each open (listing {@code /proc/self/fd} costs a
 * descriptor scan); the descriptors open before the first client (libraries, the listening socket, the event loops'
 * pollers) are counted once, at startup. Thread-safe.
 */
public final class DescriptorBudget {
    /** Descriptors kept for the server's own use: at least this many, or 1/64 of what clients may use. */
    static final long MIN_INTERNAL_RESERVE = 32;
    /** Descriptors file opens may not take: at least this many, or 1/8 of what clients may use. */
    static final long MIN_ACCEPT_RESERVE = 64;

    private final long limit;
    private final long connectionCeiling;
    private final long openCeiling;
    private final AtomicLong inUse = new AtomicLong();

    /**
     * @param limit    the process's descriptor limit (RLIMIT_NOFILE)
     * @param baseline descriptors already open that clients did not cause
     */
    public DescriptorBudget(long limit, long baseline) {
        this.limit = limit;
        long usable = Math.max(0, limit - baseline);
        long internalReserve = Math.max(MIN_INTERNAL_RESERVE, usable / 64);
        long acceptReserve = Math.max(MIN_ACCEPT_RESERVE, usable / 8);
        this.connectionCeiling = Math.max(0, usable - internalReserve);
        this.openCeiling = Math.max(0, usable - internalReserve - acceptReserve);
    }

    /** The budget of this process; unlimited where the JVM cannot tell the descriptor limit (not Unix). */
    public static DescriptorBudget ofProcess() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix && unix.getMaxFileDescriptorCount() > 0) {
            return new DescriptorBudget(unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount());
        }
        return new DescriptorBudget(Long.MAX_VALUE, 0);
    }

    /** Takes a descriptor for an accepted connection; false when none is left for connections. */
    public boolean acquireConnection() {
        return acquire(connectionCeiling);
    }

    /** Takes a descriptor for a file open; false when only the reserve for connections is left. */
    public boolean acquireOpen() {
        return acquire(openCeiling);
    }

    /** Gives back a descriptor taken by either acquire method. */
    public void release() {
        inUse.decrementAndGet();
    }

    private boolean acquire(long ceiling) {
        if (inUse.incrementAndGet() > ceiling) {
            inUse.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * How many opens one account may hold: the configured number, but never more than half of what all file opens
     * may take, so that one account reaching its limit leaves the other half to everyone else.
     */
    public int maxOpensPerUser(int configured) {
        return (int) Math.min(configured, Math.max(1, openCeiling / 2));
    }

    public long limit() {
        return limit;
    }

    /** Descriptors connections and opens hold now. */
    public long inUse() {
        return inUse.get();
    }

    /** The most descriptors file opens may hold together. */
    public long openCeiling() {
        return openCeiling;
    }

    /** The most descriptors connections and opens may hold together. */
    public long connectionCeiling() {
        return connectionCeiling;
    }
}

package io.signet.storage;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Byte-range locks of every file, as [MS-FSA] 2.1.5.7 (Server Requests a Byte-Range Lock) and 2.1.5.8 (Unlock)
 * define them and Windows applies them; the SMB2 side is [MS-SMB2] 3.3.5.14.
 *
 * <p>A file is any key the caller chooses (equal keys, same file); an owner is the open that took the lock. Offsets
 * and lengths are unsigned 64-bit values. The rules:
 * <ul>
 *   <li>a shared lock conflicts with an overlapping exclusive lock of another owner only: an owner may stack shared
 *       locks on its own exclusive lock;</li>
 *   <li>an exclusive lock conflicts with every overlapping lock, the owner's own included;</li>
 *   <li>a zero-length lock at X overlaps a range only when X lies inside it past its first byte, and never overlaps
 *       another zero-length lock;</li>
 *   <li>a range whose last byte lies past 2^64 - 1 is STATUS_INVALID_LOCK_RANGE;</li>
 *   <li>an unlock names one lock of its owner exactly (offset and length) and removes it, exclusive before shared.</li>
 * </ul>
 *
 * <p>Blocking requests wait in {@link Waiter}s, retried in arrival order whenever a lock of their file goes away.
 * Thread-safe: locks of one file come from many connections. Callbacks run outside the table's monitor.
 */
public final class ByteRangeLocks {
    /** One granted lock. */
    private record Lock(Object owner, long offset, long length, boolean exclusive) {
    }

    /** A blocking lock request waiting for a conflicting lock to go away. */
    public static final class Waiter {
        private final Object file;
        private final Lock lock;
        private final Runnable granted;
        private final Runnable abandoned;

        private Waiter(Object file, Lock lock, Runnable granted, Runnable abandoned) {
            this.file = file;
            this.lock = lock;
            this.granted = granted;
            this.abandoned = abandoned;
        }

        public Object owner() {
            return lock.owner;
        }
    }

    private final Map<Object, List<Lock>> files = new HashMap<>();
    private final Map<Object, List<Waiter>> waiting = new HashMap<>();

    /**
     * [MS-FSA] 2.1.5.7: whether {@code offset}, {@code length} name a lockable range: its last byte must not lie past
     * 2^64 - 1. A zero-length range is valid at any offset.
     */
    public static boolean isValidRange(long offset, long length) {
        if (length == 0) {
            return true;
        }
        long last = offset + (length - 1);
        return Long.compareUnsigned(last, offset) >= 0;
    }

    /**
     * Grants the lock if nothing conflicts.
     *
     * @return true if granted, false on a conflict
     * @throws SmbException STATUS_INVALID_LOCK_RANGE for a range past 2^64
     */
    public boolean tryLock(Object file, Object owner, long offset, long length, boolean exclusive) {
        Lock wanted = checked(owner, offset, length, exclusive);
        synchronized (this) {
            return grant(file, wanted);
        }
    }

    /**
     * Grants the lock now, or queues it: {@code granted} runs once it is granted, {@code abandoned} if its owner
     * releases everything first ({@link #releaseAll}).
     *
     * @return null when granted at once ({@code granted} is not run); else the waiter, to {@link #cancel}
     * @throws SmbException STATUS_INVALID_LOCK_RANGE for a range past 2^64
     */
    public Waiter lockOrWait(Object file, Object owner, long offset, long length, boolean exclusive,
                             Runnable granted, Runnable abandoned) {
        Lock wanted = checked(owner, offset, length, exclusive);
        synchronized (this) {
            if (grant(file, wanted)) {
                return null;
            }
            Waiter w = new Waiter(file, wanted, granted, abandoned);
            waiting.computeIfAbsent(file, f -> new ArrayList<>()).add(w);
            return w;
        }
    }

    /**
     * Takes a waiter out of the queue.
     *
     * @return true if it was still waiting (its callbacks will never run); false if already granted or abandoned
     */
    public boolean cancel(Waiter w) {
        synchronized (this) {
            List<Waiter> queue = waiting.get(w.file);
            if (queue == null || !queue.remove(w)) {
                return false;
            }
            if (queue.isEmpty()) {
                waiting.remove(w.file);
            }
            return true;
        }
    }

    /**
     * [MS-FSA] 2.1.5.8: removes one lock of {@code owner} with exactly this offset and length, an exclusive one if
     * there is one, then lets waiters of the file retry.
     *
     * @return false if the owner holds no such lock (STATUS_RANGE_NOT_LOCKED)
     */
    public boolean unlock(Object file, Object owner, long offset, long length) {
        List<Waiter> toGrant;
        synchronized (this) {
            List<Lock> locks = files.get(file);
            if (locks == null) {
                return false;
            }
            Lock match = null;
            for (Lock l : locks) {
                if (l.owner == owner && l.offset == offset && l.length == length
                        && (match == null || (l.exclusive && !match.exclusive))) {
                    match = l;
                }
            }
            if (match == null) {
                return false;
            }
            locks.remove(match);
            if (locks.isEmpty()) {
                files.remove(file);
            }
            toGrant = retryWaiters(file);
        }
        toGrant.forEach(w -> w.granted.run());
        return true;
    }

    /**
     * The owner's open closed: drops all its locks and abandons its waiters (their {@code abandoned} callbacks run),
     * then lets the other waiters of the file retry.
     */
    public void releaseAll(Object file, Object owner) {
        List<Waiter> abandonedWaiters = new ArrayList<>();
        List<Waiter> toGrant;
        synchronized (this) {
            List<Lock> locks = files.get(file);
            if (locks != null) {
                locks.removeIf(l -> l.owner == owner);
                if (locks.isEmpty()) {
                    files.remove(file);
                }
            }
            List<Waiter> queue = waiting.get(file);
            if (queue != null) {
                for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
                    Waiter w = it.next();
                    if (w.lock.owner == owner) {
                        it.remove();
                        abandonedWaiters.add(w);
                    }
                }
                if (queue.isEmpty()) {
                    waiting.remove(file);
                }
            }
            toGrant = retryWaiters(file);
        }
        abandonedWaiters.forEach(w -> w.abandoned.run());
        toGrant.forEach(w -> w.granted.run());
    }

    /**
     * [MS-FSA] 2.1.4.10 Algorithm to Check for a Byte-Range Lock Conflict, for a read: only another owner's
     * exclusive lock stands in the way. A zero-length read never conflicts.
     */
    public synchronized boolean canRead(Object file, Object owner, long offset, long length) {
        if (length == 0) {
            return true;
        }
        List<Lock> locks = files.get(file);
        if (locks == null) {
            return true;
        }
        Lock io = new Lock(owner, offset, length, false);
        for (Lock l : locks) {
            if (l.exclusive && l.owner != owner && overlaps(io, l)) {
                return false;
            }
        }
        return true;
    }

    /**
     * [MS-FSA] 2.1.4.10, for a write: any overlapping lock stands in the way except the writer's own exclusive
     * one (the writer's own shared lock does too). A zero-length write never conflicts.
     */
    public synchronized boolean canWrite(Object file, Object owner, long offset, long length) {
        if (length == 0) {
            return true;
        }
        List<Lock> locks = files.get(file);
        if (locks == null) {
            return true;
        }
        Lock io = new Lock(owner, offset, length, true);
        for (Lock l : locks) {
            if (!(l.exclusive && l.owner == owner) && overlaps(io, l)) {
                return false;
            }
        }
        return true;
    }

    /** How many locks the file has (tests and diagnostics). */
    public synchronized int lockCount(Object file) {
        List<Lock> locks = files.get(file);
        return locks == null ? 0 : locks.size();
    }

    private static Lock checked(Object owner, long offset, long length, boolean exclusive) {
        if (!isValidRange(offset, length)) {
            throw new SmbException(NtStatus.STATUS_INVALID_LOCK_RANGE, "lock range past 2^64");
        }
        return new Lock(owner, offset, length, exclusive);
    }

    /** Adds {@code wanted} if nothing conflicts. Caller holds the monitor. */
    private boolean grant(Object file, Lock wanted) {
        List<Lock> locks = files.computeIfAbsent(file, f -> new ArrayList<>());
        for (Lock l : locks) {
            if (conflicts(wanted, l)) {
                if (locks.isEmpty()) {
                    files.remove(file);
                }
                return false;
            }
        }
        locks.add(wanted);
        return true;
    }

    /** Grants, in arrival order, each waiter of the file that no longer conflicts. Caller holds the monitor. */
    private List<Waiter> retryWaiters(Object file) {
        List<Waiter> queue = waiting.get(file);
        if (queue == null) {
            return List.of();
        }
        List<Waiter> granted = new ArrayList<>();
        for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (grant(file, w.lock)) {
                it.remove();
                granted.add(w);
            }
        }
        if (queue.isEmpty()) {
            waiting.remove(file);
        }
        return granted;
    }

    /** [MS-FSA] 2.1.5.7: whether {@code wanted} cannot be granted while {@code held} stands. */
    private static boolean conflicts(Lock wanted, Lock held) {
        if (!overlaps(wanted, held)) {
            return false;
        }
        if (wanted.exclusive) {
            return true;
        }
        return held.exclusive && held.owner != wanted.owner;
    }

    /**
     * Whether two ranges share a byte. A zero-length range at X counts as inside a range that holds X past its first
     * byte (Windows' rule: a zero-byte lock at 10 conflicts with [9, 10] but not with [10, 11] or [9]).
     */
    static boolean overlaps(Lock a, Lock b) {
        if (a.length == 0 && b.length == 0) {
            return false;
        }
        if (a.length == 0) {
            return strictlyInside(a.offset, b);
        }
        if (b.length == 0) {
            return strictlyInside(b.offset, a);
        }
        return Long.compareUnsigned(a.offset, last(b)) <= 0 && Long.compareUnsigned(b.offset, last(a)) <= 0;
    }

    private static boolean strictlyInside(long point, Lock range) {
        return Long.compareUnsigned(point, range.offset) > 0 && Long.compareUnsigned(point, last(range)) <= 0;
    }

    private static long last(Lock l) {
        return l.offset + (l.length - 1);
    }
}

package io.signet.storage.lock;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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
 * Thread-safe: locks of one file come from many connections. Each file has its own {@link FileLockTable} with its own
 * monitor, found in a concurrent map, so a file's locks never hold up I/O on another file, and a file without locks
 * costs a READ or WRITE one map lookup. Callbacks run outside the table's monitor.
 *
 * <p>One owner (an open) holds at most {@link #MAX_LOCKS_PER_OPEN} locks; a lock beyond that is refused with
 * STATUS_INSUFFICIENT_RESOURCES, as Windows answers when its lock structures are exhausted.
 */
public final class ByteRangeLocks {
    /**
     * Locks one open may hold at once. Windows bounds them only by its nonpaged pool, Samba by the size of a file's
     * lock record; a database that locks every record or page of a large file stays well below this, while one
     * open's locks stay within a few MiB of memory and a file's conflict checks within a bounded table.
     */
    public static final int MAX_LOCKS_PER_OPEN = 65_536;

    /** A blocking lock request waiting for a conflicting lock to go away. */
    public static final class Waiter {
        private final Object file;
        private final FileLockTable.Lock lock;
        private final Runnable granted;
        private final Runnable abandoned;

        private Waiter(Object file, FileLockTable.Lock lock, Runnable granted, Runnable abandoned) {
            this.file = file;
            this.lock = lock;
            this.granted = granted;
            this.abandoned = abandoned;
        }

        public Object owner() {
            return lock.owner();
        }

        FileLockTable.Lock lock() {
            return lock;
        }
    }

    private final ConcurrentHashMap<Object, FileLockTable> files = new ConcurrentHashMap<>();

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
     * @throws SmbException STATUS_INVALID_LOCK_RANGE for a range past 2^64; STATUS_INSUFFICIENT_RESOURCES when the
     *                      owner already holds {@link #MAX_LOCKS_PER_OPEN} locks
     */
    public boolean tryLock(Object file, Object owner, long offset, long length, boolean exclusive) {
        FileLockTable.Lock wanted = checked(owner, offset, length, exclusive);
        return update(file, t -> {
            requireRoom(t, owner);
            return t.grant(wanted);
        });
    }

    /**
     * Grants the lock now, or queues it: {@code granted} runs once it is granted, {@code abandoned} if its owner
     * releases everything first ({@link #releaseAll}).
     *
     * @return null when granted at once ({@code granted} is not run); else the waiter, to {@link #cancel}
     * @throws SmbException STATUS_INVALID_LOCK_RANGE for a range past 2^64; STATUS_INSUFFICIENT_RESOURCES when the
     *                      owner already holds {@link #MAX_LOCKS_PER_OPEN} locks
     */
    public Waiter lockOrWait(Object file, Object owner, long offset, long length, boolean exclusive,
                             Runnable granted, Runnable abandoned) {
        FileLockTable.Lock wanted = checked(owner, offset, length, exclusive);
        return update(file, t -> {
            requireRoom(t, owner);
            if (t.grant(wanted)) {
                return null;
            }
            Waiter w = new Waiter(file, wanted, granted, abandoned);
            t.waiting.add(w);
            return w;
        });
    }

    /**
     * Takes a waiter out of the queue.
     *
     * @return true if it was still waiting (its callbacks will never run); false if already granted or abandoned
     */
    public boolean cancel(Waiter w) {
        FileLockTable t = files.get(w.file);
        if (t == null) {
            return false;
        }
        synchronized (t) {
            boolean removed = t.waiting.remove(w);
            retireIfEmpty(w.file, t);
            return removed;
        }
    }

    /**
     * [MS-FSA] 2.1.5.8: removes one lock of {@code owner} with exactly this offset and length, an exclusive one if
     * there is one, then lets waiters of the file retry.
     *
     * @return false if the owner holds no such lock (STATUS_RANGE_NOT_LOCKED)
     */
    public boolean unlock(Object file, Object owner, long offset, long length) {
        FileLockTable t = files.get(file);
        if (t == null) {
            return false;
        }
        List<Waiter> toGrant;
        synchronized (t) {
            if (!t.remove(owner, offset, length)) {
                return false;
            }
            toGrant = t.retryWaiters();
            retireIfEmpty(file, t);
        }
        toGrant.forEach(w -> w.granted.run());
        return true;
    }

    /**
     * The owner's open closed: drops all its locks and abandons its waiters (their {@code abandoned} callbacks run),
     * then lets the other waiters of the file retry.
     */
    public void releaseAll(Object file, Object owner) {
        FileLockTable t = files.get(file);
        if (t == null) {
            return;
        }
        List<Waiter> abandonedWaiters = new ArrayList<>();
        List<Waiter> toGrant;
        synchronized (t) {
            t.removeAll(owner);
            t.waiting.removeIf(w -> {
                boolean mine = w.lock.owner() == owner;
                if (mine) {
                    abandonedWaiters.add(w);
                }
                return mine;
            });
            toGrant = t.retryWaiters();
            retireIfEmpty(file, t);
        }
        abandonedWaiters.forEach(w -> w.abandoned.run());
        toGrant.forEach(w -> w.granted.run());
    }

    /**
     * [MS-FSA] 2.1.4.10 Algorithm to Check for a Byte-Range Lock Conflict, for a read: only another owner's
     * exclusive lock stands in the way. A zero-length read never conflicts.
     */
    public boolean canRead(Object file, Object owner, long offset, long length) {
        return length == 0 || !standsInWay(file, new FileLockTable.Lock(owner, offset, length, false), false);
    }

    /**
     * [MS-FSA] 2.1.4.10, for a write: any overlapping lock stands in the way except the writer's own exclusive
     * one (the writer's own shared lock does too). A zero-length write never conflicts.
     */
    public boolean canWrite(Object file, Object owner, long offset, long length) {
        return length == 0 || !standsInWay(file, new FileLockTable.Lock(owner, offset, length, true), true);
    }

    /** How many locks the file has (tests and diagnostics). */
    public int lockCount(Object file) {
        FileLockTable t = files.get(file);
        if (t == null) {
            return 0;
        }
        synchronized (t) {
            return t.size();
        }
    }

    /** One granted lock as its owner holds it: what a persistent open keeps across a restart. */
    public record Held(long offset, long length, boolean exclusive) {
    }

    /** The locks {@code owner} holds on the file, in offset order (unsigned). */
    public List<Held> held(Object file, Object owner) {
        FileLockTable t = files.get(file);
        if (t == null) {
            return List.of();
        }
        synchronized (t) {
            return t.of(owner).stream().map(l -> new Held(l.offset(), l.length(), l.exclusive())).toList();
        }
    }

    /** How many locks {@code owner} holds on the file (diagnostics: {@code signet status}). */
    public int lockCount(Object file, Object owner) {
        FileLockTable t = files.get(file);
        if (t == null) {
            return 0;
        }
        synchronized (t) {
            return t.countOf(owner);
        }
    }

    /** The file's own table, or null when it has no locks (tests: its monitor is all a file's I/O may wait on). */
    Object tableOf(Object file) {
        return files.get(file);
    }

    private boolean standsInWay(Object file, FileLockTable.Lock io, boolean writing) {
        FileLockTable t = files.get(file);
        if (t == null) {
            return false;
        }
        synchronized (t) {
            // A retired table is empty; a lock granted since went into a new table, and racing with it either way
            // is the caller's own race.
            return t.anyOverlap(io, writing);
        }
    }

    /** Runs {@code change} on the file's table under its monitor, creating the table when the file has none. */
    private <T> T update(Object file, Function<FileLockTable, T> change) {
        while (true) {
            FileLockTable t = files.computeIfAbsent(file, f -> new FileLockTable());
            synchronized (t) {
                if (t.retired) {
                    continue; // emptied and removed while this thread waited for it: find or make the current one
                }
                try {
                    return change.apply(t);
                } finally {
                    retireIfEmpty(file, t);
                }
            }
        }
    }

    /** Takes an empty table out of the map. Caller holds its monitor. */
    private void retireIfEmpty(Object file, FileLockTable t) {
        if (t.isEmpty() && !t.retired) {
            t.retired = true;
            files.remove(file, t);
        }
    }

    private static void requireRoom(FileLockTable t, Object owner) {
        if (t.countOf(owner) >= MAX_LOCKS_PER_OPEN) {
            throw new SmbException(NtStatus.STATUS_INSUFFICIENT_RESOURCES,
                    "an open holds " + MAX_LOCKS_PER_OPEN + " byte-range locks");
        }
    }

    private static FileLockTable.Lock checked(Object owner, long offset, long length, boolean exclusive) {
        if (!isValidRange(offset, length)) {
            throw new SmbException(NtStatus.STATUS_INVALID_LOCK_RANGE, "lock range past 2^64");
        }
        return new FileLockTable.Lock(owner, offset, length, exclusive);
    }
}

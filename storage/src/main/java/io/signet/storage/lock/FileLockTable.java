package io.signet.storage.lock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The byte-range locks and waiting lock requests of one file. Its own monitor guards it, so that the locks of one
 * file never make the reads, writes and locks of another file wait ({@link ByteRangeLocks} finds the table without
 * any server-wide monitor).
 *
 * <p>Locks are kept sorted by offset (unsigned). A conflict check looks only at locks that start at or before the
 * last byte of the range asked for (a binary search) and walks back from there until no earlier lock can reach the
 * range: every lock ends at most {@link #widest} bytes after it starts. Locks of similar sizes, the usual case (a
 * database locking records or pages), are so checked in logarithmic time; a file that mixes one very wide lock with
 * many small ones falls back to a scan of its own table, bounded by {@link ByteRangeLocks#MAX_LOCKS_PER_OPEN} per
 * open and, like everything here, confined to that file.
 *
 * <p>Not thread-safe by itself: callers hold this table's monitor.
 */
final class FileLockTable {
    /** One granted lock. */
    record Lock(Object owner, long offset, long length, boolean exclusive) {
        /** The last byte, or the offset itself for a zero-length lock. */
        long last() {
            return length == 0 ? offset : offset + (length - 1);
        }
    }

    private final List<Lock> locks = new ArrayList<>();
    private final Map<Object, Integer> perOwner = new HashMap<>();
    final List<ByteRangeLocks.Waiter> waiting = new ArrayList<>();
    /**
     * An upper bound (unsigned) of the length of every lock in the table, a zero-length lock counting as 1; never
     * lowered while the table lives.
     */
    private long widest;
    /** Set once the table is empty and has left the map: a caller holding it must look the file up again. */
    boolean retired;

    boolean isEmpty() {
        return locks.isEmpty() && waiting.isEmpty();
    }

    int size() {
        return locks.size();
    }

    int countOf(Object owner) {
        return perOwner.getOrDefault(owner, 0);
    }

    /** Adds {@code wanted} if nothing conflicts. */
    boolean grant(Lock wanted) {
        if (firstConflict(wanted) != null) {
            return false;
        }
        locks.add(insertionPoint(wanted.offset), wanted);
        perOwner.merge(wanted.owner, 1, Integer::sum);
        long span = wanted.length == 0 ? 1 : wanted.length;
        if (Long.compareUnsigned(span, widest) > 0) {
            widest = span; // unsigned: a lock may be up to 2^64 - 1 bytes long
        }
        return true;
    }

    /** Removes one lock of {@code owner} with exactly this offset and length, an exclusive one first. */
    boolean remove(Object owner, long offset, long length) {
        int match = -1;
        for (int i = insertionPoint(offset) - 1; i >= 0 && locks.get(i).offset == offset; i--) {
            Lock l = locks.get(i);
            if (l.owner == owner && l.length == length && (match < 0 || (l.exclusive && !locks.get(match).exclusive))) {
                match = i;
            }
        }
        if (match < 0) {
            return false;
        }
        locks.remove(match);
        decrement(owner, 1);
        return true;
    }

    /** Drops every lock of {@code owner}. */
    /** The locks {@code owner} holds, in offset order. */
    List<Lock> of(Object owner) {
        return locks.stream().filter(l -> l.owner == owner).toList();
    }

    void removeAll(Object owner) {
        int before = locks.size();
        locks.removeIf(l -> l.owner == owner);
        decrement(owner, before - locks.size());
    }

    /**
     * [MS-FSA] 2.1.4.10: whether a lock stands in the way of I/O on {@code io}'s range by {@code io.owner}. For a read
     * only another owner's exclusive lock does; for a write every overlapping lock except the writer's own exclusive
     * one.
     */
    boolean anyOverlap(Lock io, boolean writing) {
        int from = insertionPoint(io.last()) - 1;
        for (int i = from; i >= 0; i--) {
            Lock l = locks.get(i);
            if (cannotReach(l.offset, io.offset)) {
                break;
            }
            boolean standsInWay = writing ? !(l.exclusive && l.owner == io.owner) : l.exclusive && l.owner != io.owner;
            if (standsInWay && overlaps(io, l)) {
                return true;
            }
        }
        return false;
    }

    /** Grants, in arrival order, each waiter that no longer conflicts, and returns them. */
    List<ByteRangeLocks.Waiter> retryWaiters() {
        if (waiting.isEmpty()) {
            return List.of();
        }
        List<ByteRangeLocks.Waiter> granted = new ArrayList<>();
        for (Iterator<ByteRangeLocks.Waiter> it = waiting.iterator(); it.hasNext(); ) {
            ByteRangeLocks.Waiter w = it.next();
            if (grant(w.lock())) {
                it.remove();
                granted.add(w);
            }
        }
        return granted;
    }

    private Lock firstConflict(Lock wanted) {
        int from = insertionPoint(wanted.last()) - 1;
        for (int i = from; i >= 0; i--) {
            Lock l = locks.get(i);
            if (cannotReach(l.offset, wanted.offset)) {
                break;
            }
            if (conflicts(wanted, l)) {
                return l;
            }
        }
        return null;
    }

    /**
     * True when no lock starting at or before {@code start} can reach {@code target}: with every lock at most
     * {@link #widest} long, such a lock ends before {@code target}.
     */
    private boolean cannotReach(long start, long target) {
        long reach = start + (widest - 1);
        boolean saturated = Long.compareUnsigned(reach, start) < 0;
        return !saturated && Long.compareUnsigned(reach, target) < 0;
    }

    /** The index after the last lock whose offset is at or before {@code offset} (unsigned). */
    private int insertionPoint(long offset) {
        int lo = 0;
        int hi = locks.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(locks.get(mid).offset, offset) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void decrement(Object owner, int by) {
        if (by == 0) {
            return;
        }
        int left = perOwner.getOrDefault(owner, 0) - by;
        if (left <= 0) {
            perOwner.remove(owner);
        } else {
            perOwner.put(owner, left);
        }
    }

    /** [MS-FSA] 2.1.5.7: whether {@code wanted} cannot be granted while {@code held} stands. */
    static boolean conflicts(Lock wanted, Lock held) {
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
        return Long.compareUnsigned(a.offset, b.last()) <= 0 && Long.compareUnsigned(b.offset, a.last()) <= 0;
    }

    private static boolean strictlyInside(long point, Lock range) {
        return Long.compareUnsigned(point, range.offset) > 0 && Long.compareUnsigned(point, range.last()) <= 0;
    }
}

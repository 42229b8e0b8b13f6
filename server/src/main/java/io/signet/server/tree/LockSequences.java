package io.signet.server.tree;

import java.util.Arrays;

/**
 * [MS-SMB2] 3.3.1.10 Open.LockSequenceArray and the lock replay detection of 3.3.5.14: a client that may resend a
 * LOCK after a channel failure numbers it (LockSequenceNumber, 4 bits) in one of 64 buckets (LockSequenceIndex, 1 to
 * 64). A LOCK whose number equals the one that last succeeded in its bucket is a replay of it and is answered
 * STATUS_SUCCESS without being carried out again; any other LOCK naming the bucket empties it until it succeeds. An
 * index of 0 or past 64 is no bucket: the LOCK is simply carried out. Requests of an open come from every channel of
 * its session, so the buckets are under this object's monitor.
 */
public final class LockSequences {
    private static final int BUCKETS = 64;
    /** An empty bucket (Valid FALSE): no number of 4 bits equals it. */
    private static final byte EMPTY = -1;

    /** Allocated at the first LOCK that names a bucket; most opens never do. */
    private byte[] buckets;

    /** The bucket (LockSequenceIndex, the upper 28 bits) of a LOCK's LockSequence field; 0 when none. */
    static int index(int lockSequence) {
        int index = lockSequence >>> 4;
        return index >= 1 && index <= BUCKETS ? index : 0;
    }

    /**
     * Whether the LOCK with this LockSequence field replays the last one that succeeded in its bucket (the caller
     * answers it STATUS_SUCCESS at once). When it does not, its bucket is emptied: until this LOCK succeeds
     * ({@link #succeeded}), a resend of it is carried out again.
     */
    public synchronized boolean isReplay(int lockSequence) {
        int index = index(lockSequence);
        if (index == 0) {
            return false;
        }
        if (buckets == null) {
            buckets = new byte[BUCKETS];
            Arrays.fill(buckets, EMPTY);
        }
        if (buckets[index - 1] == (lockSequence & 0xF)) {
            return true;
        }
        buckets[index - 1] = EMPTY;
        return false;
    }

    /**
     * The buckets as text, for a persistent open's record: 64 characters, each a bucket's number as one hexadecimal
     * digit or '-' when it is empty; null when no LOCK ever named a bucket.
     */
    public synchronized String toText() {
        if (buckets == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(BUCKETS);
        for (byte n : buckets) {
            b.append(n == EMPTY ? '-' : Character.forDigit(n, 16));
        }
        return b.toString();
    }

    /** Whether {@code text} is what {@link #toText} writes (other than null). */
    public static boolean isText(String text) {
        return text.length() == BUCKETS
                && text.chars().allMatch(c -> c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** Takes back the buckets {@link #toText} wrote (a persistent open restored after a restart). */
    public synchronized void fromText(String text) {
        if (!isText(text)) {
            throw new IllegalArgumentException("not a lock sequence array");
        }
        buckets = new byte[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            char c = text.charAt(i);
            buckets[i] = c == '-' ? EMPTY : (byte) Character.digit(c, 16);
        }
    }

    /** The LOCK with this LockSequence field succeeded: a resend of it is a replay. */
    public synchronized void succeeded(int lockSequence) {
        int index = index(lockSequence);
        if (index != 0 && buckets != null) {
            buckets[index - 1] = (byte) (lockSequence & 0xF);
        }
    }
}

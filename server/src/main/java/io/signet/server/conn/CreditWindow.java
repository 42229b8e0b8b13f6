package io.signet.server.conn;

/**
 * [MS-SMB2] 3.3.1.1 Algorithm for Handling Available Message Sequence Numbers by the Server.
 *
 * <p>The client may use message ids in {@code [low, high)}; each id once. Granting credits moves {@code high} up;
 * using the lowest outstanding ids moves {@code low} up. Ids used out of order are remembered in a ring the size of
 * the largest window, so the memory is fixed whatever the client sends.
 */
public final class CreditWindow {
    private final int maxCredits;
    private final boolean[] used;
    private long low;
    private long high = 1; // [MS-SMB2] 3.3.5.1: a new connection may send message id 0 only (the NEGOTIATE)

    /** @param maxCredits largest number of ids the client may hold at once; a power of two */
    public CreditWindow(int maxCredits) {
        if (Integer.bitCount(maxCredits) != 1) {
            throw new IllegalArgumentException("maxCredits must be a power of two");
        }
        this.maxCredits = maxCredits;
        this.used = new boolean[maxCredits];
    }

    /**
     * Consumes ids {@code messageId .. messageId + charge - 1}.
     *
     * @return false, consuming nothing, if any of them lies outside the window or was already used
     */
    public boolean consume(long messageId, int charge) {
        int n = Math.max(charge, 1);
        if (messageId < low || messageId + n > high || messageId + n < messageId) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (used[slot(messageId + i)]) {
                return false;
            }
        }
        for (int i = 0; i < n; i++) {
            used[slot(messageId + i)] = true;
        }
        while (low < high && used[slot(low)]) {
            used[slot(low)] = false;
            low++;
        }
        return true;
    }

    /**
     * Grants up to {@code requested} new credits, never letting the window exceed the maximum.
     *
     * @return the number granted, for the response's CreditResponse field
     */
    public int grant(int requested) {
        long room = maxCredits - (high - low);
        int granted = (int) Math.max(0, Math.min(requested, room));
        high += granted;
        return granted;
    }

    /** Credits the client holds now: ids it may still use. */
    public long outstanding() {
        long count = 0;
        for (long id = low; id < high; id++) {
            if (!used[slot(id)]) {
                count++;
            }
        }
        return count;
    }

    private int slot(long id) {
        return (int) (id & (maxCredits - 1));
    }
}

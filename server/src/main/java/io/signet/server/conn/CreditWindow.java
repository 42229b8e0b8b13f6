package io.signet.server.conn;

/**
 * [MS-SMB2] 3.3.1.1 Algorithm for Handling Available Message Sequence Numbers by the Server.
 *
 * <p>The client may use message ids in {@code [low, high)}; each id once. Granting credits moves {@code high} up;
 * using the lowest outstanding ids moves {@code low} up. Ids used out of order are remembered in a ring the size of
 * the largest window (rounded up to a power of two), so the memory is fixed whatever the client sends.
 */
public final class CreditWindow {
    private final int maxCredits;
    private final boolean[] used;
    private long low;
    private long high = 1; // [MS-SMB2] 3.3.5.1: a new connection may send message id 0 only (the NEGOTIATE)

    /** @param maxCredits largest number of ids the client may hold at once ({@code smb2 max credits}) */
    public CreditWindow(int maxCredits) {
        if (maxCredits < 1 || maxCredits > 65535) {
            throw new IllegalArgumentException("maxCredits must be between 1 and 65535, got " + maxCredits);
        }
        this.maxCredits = maxCredits;
        this.used = new boolean[Integer.highestOneBit(maxCredits * 2 - 1)];
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

    /**
     * [MS-SMB2] 3.3.1.2 / 3.3.4.1.2: the credits for the response to a request that consumed {@code charge} and asked
     * for {@code requested}. The charge is given back, so a client asking for nothing more keeps its window, and what
     * it asks for beyond one credit is added, as Windows Server 2016 and later and Samba do ("grant all credits as
     * requested"); never beyond the window's maximum. A client asking for them thus gets enough to keep 8 MiB or
     * more of READ and WRITE in flight (8 requests of 1 MiB, 16 credits each, are 128 credits).
     *
     * @param charge    the request's CreditCharge, 0 counting as 1 (3.3.5.2.5)
     * @param requested the request's CreditRequest, 0 counting as 1
     * @return the number granted, for the response's CreditResponse field
     */
    public int grantFor(int charge, int requested) {
        return grant(Math.max(charge, 1) + Math.max(requested, 1) - 1);
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
        return (int) (id & (used.length - 1));
    }
}

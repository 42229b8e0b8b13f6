package io.signet.server.tree;

/**
 * [MS-SMB2] 3.3.1.10 Open.ChannelSequence, Open.OutstandingRequestCount and Open.OutstandingPreRequestCount, and the
 * rules of 3.3.5.2.10 over them: a client that fails over to another channel raises its ChannelSequence, after which
 * a WRITE, SET_INFO or IOCTL still carrying the old one (stale, from before the failure) is refused with
 * STATUS_FILE_NOT_AVAILABLE, and so is a replay while requests of the old sequence may still be in flight. Requests
 * of an open come from every channel of its session, so the counters are under this object's monitor.
 */
public final class ChannelSequence {
    private int current;
    private long outstanding;
    private long preOutstanding;

    /**
     * Admits a request carrying {@code sequence} (the 16-bit ChannelSequence of its header).
     *
     * @return true when the request is counted (the caller must call {@link #completed} with the same sequence when
     *         it is answered); false when it is stale, or a replay that may overtake requests of an older sequence:
     *         then WRITE, SET_INFO and IOCTL fail with STATUS_FILE_NOT_AVAILABLE and other commands go on uncounted
     */
    public synchronized boolean admit(int sequence, boolean replay) {
        int seq = sequence & 0xFFFF;
        if (seq == current) {
            if (replay && preOutstanding != 0) {
                return false;
            }
            outstanding++;
            return true;
        }
        if (((seq - current) & 0xFFFF) <= 0x7FFF) { // newer, in 16-bit sequence arithmetic
            preOutstanding += outstanding;
            outstanding = 1;
            current = seq;
            return true;
        }
        return false;
    }

    /** [MS-SMB2] 3.3.4.1: a counted request was answered. */
    public synchronized void completed(int sequence) {
        if ((sequence & 0xFFFF) == current) {
            outstanding = Math.max(0, outstanding - 1);
        } else {
            preOutstanding = Math.max(0, preOutstanding - 1);
        }
    }
}

package io.signet.protocol.smb2;

/**
 * The LeaseState bits of [MS-SMB2] 2.2.13.2.8 (SMB2_CREATE_REQUEST_LEASE), 2.2.23.2 (Lease Break Notification) and
 * 2.2.24.2 (Lease Break Acknowledgment): which kinds of caching a lease grants. Any combination travels on the wire;
 * which ones a server grants is the server's decision.
 */
public final class LeaseState {
    public static final int NONE = 0x00;
    /** SMB2_LEASE_READ_CACHING. */
    public static final int READ = 0x01;
    /** SMB2_LEASE_HANDLE_CACHING. */
    public static final int HANDLE = 0x02;
    /** SMB2_LEASE_WRITE_CACHING. */
    public static final int WRITE = 0x04;

    private LeaseState() {
    }

    /** "RWH"-style text, as smbtorture and Windows tools print a state; "" for none. */
    public static String toString(int state) {
        StringBuilder b = new StringBuilder(3);
        if ((state & READ) != 0) {
            b.append('R');
        }
        if ((state & WRITE) != 0) {
            b.append('W');
        }
        if ((state & HANDLE) != 0) {
            b.append('H');
        }
        return b.toString();
    }
}

package io.signet.server.oplock;

import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseKey;
import java.util.concurrent.TimeUnit;

/**
 * Where the oplock or lease break of an open goes ([MS-SMB2] 3.3.4.6, 3.3.4.7): a connection of the open's session. The caching
 * table is shared by every connection and knows none of them; it reaches the holder of an oplock through this.
 * Called from any thread.
 */
public interface BreakSink {
    /** True while the transport can carry a break. */
    boolean isActive();

    /** Sends an Oplock Break Notification for {@code fileId} to {@code level}; hops to the connection's thread. */
    void sendOplockBreak(FileId fileId, int level);

    /**
     * Sends a Lease Break Notification ([MS-SMB2] 2.2.23.2) lowering the lease {@code key} from {@code from} to
     * {@code to}; hops to the connection's thread.
     *
     * @param epoch the lease's epoch (version 2 leases), 0 for a version 1 lease
     * @param ackRequired the client must acknowledge (SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED)
     */
    void sendLeaseBreak(LeaseKey key, int epoch, boolean ackRequired, int from, int to);

    /**
     * Runs {@code task} after {@code delay} on a timer that does not die with the connection: the acknowledgment
     * timer of a break ([MS-SMB2] 3.3.2.1) must release the waiting open even when the holder's connection is gone.
     */
    void scheduleBreakTimeout(Runnable task, long delay, TimeUnit unit);
}

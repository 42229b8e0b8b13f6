package io.signet.server.oplock;

import io.signet.protocol.smb2.message.FileId;
import java.util.concurrent.TimeUnit;

/**
 * Where the oplock break of an open goes ([MS-SMB2] 3.3.4.6): a connection of the open's session. The table of
 * oplocks is shared by every connection and knows none of them; it reaches the holder of an oplock through this.
 * Called from any thread.
 */
public interface BreakSink {
    /** True while the transport can carry a break. */
    boolean isActive();

    /** Sends an Oplock Break Notification for {@code fileId} to {@code level}; hops to the connection's thread. */
    void sendOplockBreak(FileId fileId, int level);

    /**
     * Runs {@code task} after {@code delay} on a timer that does not die with the connection: the acknowledgment
     * timer of a break ([MS-SMB2] 3.3.2.1) must release the waiting open even when the holder's connection is gone.
     */
    void scheduleBreakTimeout(Runnable task, long delay, TimeUnit unit);
}

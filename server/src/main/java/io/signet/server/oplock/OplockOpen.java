package io.signet.server.oplock;

import io.signet.protocol.smb2.message.FileId;

/**
 * What the caching table knows of an open ([MS-SMB2] 3.3.1.10): the FileId its break names, and its identity
 * (holders are told apart by reference, as the opens themselves). The table is shared by every connection and sits
 * below the tree connects and opens, so it sees them only through this.
 */
public interface OplockOpen {
    /** The FileId an Oplock Break Notification for this open carries ([MS-SMB2] 2.2.23.1). */
    FileId fileId();

    /**
     * A break was aimed at this open while its session had no live channel to carry it ([MS-SMB2] 3.3.4.6/3.3.4.7):
     * it could not be acknowledged, so the table lowered the caching at once. An open kept for a disconnected
     * durable handle closes here, as Windows does when its handle caching is broken; others do nothing.
     * Called from any thread, outside the table's monitor.
     */
    default void breakWithoutChannel() {
    }
}

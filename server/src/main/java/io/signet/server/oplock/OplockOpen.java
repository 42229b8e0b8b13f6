package io.signet.server.oplock;

import io.signet.protocol.smb2.message.FileId;

/**
 * What the table of oplocks knows of an open ([MS-SMB2] 3.3.1.10): the FileId its break names, and its identity
 * (holders are told apart by reference, as the opens themselves). The table is shared by every connection and sits
 * below the tree connects and opens, so it sees them only through this.
 */
public interface OplockOpen {
    /** The FileId an Oplock Break Notification for this open carries ([MS-SMB2] 2.2.23.1). */
    FileId fileId();

    /**
     * [MS-SMB2] 3.3.4.6: a break meant for this open found no live channel of its session. An open kept for a
     * disconnected client (a durable open) closes, which releases its oplock; others do nothing, and the break's
     * timeout releases the waiter.
     */
    default void breakWithoutChannel() {
    }
}

package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/**
 * [MS-SMB2] 2.2.14.1 SMB2_FILEID: the persistent half (stable across a durable reconnect) and the volatile half (this
 * open on this connection), 16 bytes on the wire.
 */
public record FileId(long persistent, long volatileId) {
    public static final int SIZE = 16;

    /**
     * All bits set: in a related compound request it means "the file opened by the previous request"
     * ([MS-SMB2] 3.3.5.2.7.2); FSCTLs that need no open (VALIDATE_NEGOTIATE_INFO, DFS referrals, PIPE_WAIT) carry
     * it too.
     */
    public static final FileId ANY = new FileId(-1L, -1L);

    /** Reads 16 bytes at absolute {@code index} without moving indices. */
    public static FileId read(ByteBuf buf, int index) {
        return new FileId(buf.getLongLE(index), buf.getLongLE(index + 8));
    }

    /** Writes 16 bytes at the writer index. */
    public void write(ByteBuf out) {
        out.writeLongLE(persistent); // Persistent (8 bytes)
        out.writeLongLE(volatileId); // Volatile (8 bytes)
    }

    public boolean isAny() {
        return persistent == -1L && volatileId == -1L;
    }

    @Override
    public String toString() {
        return String.format("FileId[%016x:%016x]", persistent, volatileId);
    }
}

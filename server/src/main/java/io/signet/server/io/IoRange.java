package io.signet.server.io;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/**
 * Offset and length rules READ and WRITE share, as Windows applies them ([MS-SMB2] 3.3.5.12 / 3.3.5.13 leave them to
 * the object store; these are NTFS's).
 */
public final class IoRange {
    /**
     * NTFS's largest file size with 4 KiB clusters: 2^44 - 64 KiB. A write reaching it fails with
     * STATUS_DISK_FULL and one ending past it with STATUS_INVALID_PARAMETER.
     */
    static final long MAX_FILE_SIZE = 0xFFFFFFF0000L;

    private IoRange() {
    }

    /** Offsets are signed 64-bit in the object store: neither the offset nor offset + length may pass 2^63 - 1. */
    public static void checkRead(long offset, long length) {
        if (offset < 0 || offset + length < 0) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "read range past 2^63");
        }
    }

    public static void checkWrite(long offset, long length) {
        if (offset < 0 || offset + length < 0) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "write range past 2^63");
        }
        if (length == 0) {
            return;
        }
        long end = offset + length;
        if (end > MAX_FILE_SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "write past the maximum file size");
        }
        if (end == MAX_FILE_SIZE) {
            throw new SmbException(NtStatus.STATUS_DISK_FULL, "write reaching the maximum file size");
        }
    }
}

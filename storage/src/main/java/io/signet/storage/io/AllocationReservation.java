package io.signet.storage.io;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.open.OpenFileTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks an AllocationSize a client asks for ([MS-FSCC] 2.4.4 FileAllocationInformation, [MS-SMB2] 3.3.5.9.3
 * SMB2_CREATE_ALLOCATION_SIZE). The size is kept per open file in {@link OpenFileTable} and reported as
 * AllocationSize; no blocks are reserved, since java.nio cannot preallocate.
 */
public final class AllocationReservation {
    private AllocationReservation() {
    }

    /**
     * Refuses an allocation the volume could not hold, as NTFS does when it cannot reserve the clusters.
     *
     * @param requested the AllocationSize asked for, not negative
     * @param endOfFile the current end of file: only what lies beyond it would need new space
     * @param volume    a path on the volume holding the file
     * @throws SmbException STATUS_DISK_FULL if the space beyond the end of file exceeds the volume's usable space
     */
    public static void check(long requested, long endOfFile, Path volume) throws IOException {
        long needed = requested - endOfFile;
        if (needed > 0 && needed > Files.getFileStore(volume).getUsableSpace()) {
            throw new SmbException(NtStatus.STATUS_DISK_FULL, "cannot allocate " + requested + " bytes");
        }
    }
}

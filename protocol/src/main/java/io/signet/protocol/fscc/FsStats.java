package io.signet.protocol.fscc;

import java.util.Objects;

/**
 * The facts about a share's volume that the file system information classes report ({@link FsInfoEncoder}).
 *
 * @param totalBytes               the volume's size
 * @param freeBytes                bytes free on the volume
 * @param availableBytes           bytes free for the server's user (quotas, reserved blocks excluded)
 * @param bytesPerSector           the logical sector size
 * @param sectorsPerAllocationUnit sectors per cluster; bytesPerSector * sectorsPerAllocationUnit is the unit in which
 *                                 allocation sizes are reported
 * @param volumeLabel              the label shown to clients (may be empty)
 * @param volumeSerial             the 32-bit volume serial number
 * @param volumeCreationTime       FILETIME of the volume's creation
 * @param readOnly                 whether clients may not change anything on the share
 * @param extendedAttributes       whether the volume keeps user extended attributes, where Signet stores EAs,
 *                                 security descriptors and the DOS attributes (sparse included)
 */
public record FsStats(long totalBytes, long freeBytes, long availableBytes, int bytesPerSector,
                      int sectorsPerAllocationUnit, String volumeLabel, int volumeSerial, long volumeCreationTime,
                      boolean readOnly, boolean extendedAttributes) {
    public FsStats {
        Objects.requireNonNull(volumeLabel, "volumeLabel");
        if (bytesPerSector <= 0 || sectorsPerAllocationUnit <= 0) {
            throw new IllegalArgumentException("sector and allocation unit sizes must be positive");
        }
        if (totalBytes < 0 || freeBytes < 0 || availableBytes < 0) {
            throw new IllegalArgumentException("byte counts must not be negative");
        }
    }

    /** Bytes per allocation unit (cluster). */
    public long allocationUnit() {
        return (long) bytesPerSector * sectorsPerAllocationUnit;
    }
}

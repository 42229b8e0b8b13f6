package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Encodes SMB2 QUERY_INFO output for InfoType SMB2_0_INFO_FILESYSTEM ([MS-SMB2] 3.3.5.20.2) from {@link FsStats}.
 *
 * <p>Classes answered: [MS-FSCC] 2.5.9 FileFsVolumeInformation, 2.5.8 FileFsSizeInformation,
 * 2.5.4 FileFsFullSizeInformation, 2.5.10 FileFsDeviceInformation, 2.5.1 FileFsAttributeInformation,
 * 2.5.7 FileFsSectorSizeInformation, 2.5.6 FileFsObjectIdInformation and 2.5.2 FileFsControlInformation (quotas
 * off: Signet keeps no quotas).
 *
 * <p>The smallest OutputBufferLength a class accepts is the size of its C structure, whose one-character name array
 * is padded: 24 for FileFsVolumeInformation, 16 for FileFsAttributeInformation. A shorter buffer is
 * STATUS_INFO_LENGTH_MISMATCH even when the answer itself (an empty volume label) would fit.
 *
 * <p>Everything reported is true of Signet. FileFsAttributeInformation ({@link #fileSystemAttributes}) claims
 * preserved case, Unicode names and named streams (kept in a sidecar directory); persistent ACLs, EAs and sparse
 * files only where the volume keeps user extended attributes, which is where descriptors, EAs and the sparse
 * attribute live; a read-only volume when the share is read-only; and case-sensitive search, as NTFS volumes do:
 * the flag says the file system can tell names apart by case, which Signet's lookups do (an exact-case match wins
 * over other case variants of a name), while lookups over SMB2 stay case-insensitive, as on Windows. It does not
 * claim reparse points (none are presented or accepted: FSCTL_GET/SET/DELETE_REPARSE_POINT
 * answer STATUS_VOLUME_NOT_UPGRADED as [MS-FSA] 2.1.5.10.14 has a volume without them answer), object ids
 * (only FSCTL_CREATE_OR_GET_OBJECT_ID is served, not FSCTL_GET/SET/DELETE_OBJECT_ID) or compression. The sector
 * size class reports alignment as unknown.
 */
public final class FsInfoEncoder {
    /** [MS-FSCC] 2.5.1: names keep their case. */
    public static final int FILE_CASE_PRESERVED_NAMES = 0x00000002;
    /** [MS-FSCC] 2.5.1: names can be looked up case-sensitively (NTFS sets it too). */
    public static final int FILE_CASE_SENSITIVE_SEARCH = 0x00000001;
    /** [MS-FSCC] 2.5.1: names are Unicode on disk. */
    public static final int FILE_UNICODE_ON_DISK = 0x00000004;
    /** [MS-FSCC] 2.5.1: security descriptors are kept and enforced. */
    public static final int FILE_PERSISTENT_ACLS = 0x00000008;
    /** [MS-FSCC] 2.5.1: FSCTL_SET_SPARSE, FSCTL_SET_ZERO_DATA and FSCTL_QUERY_ALLOCATED_RANGES work. */
    public static final int FILE_SUPPORTS_SPARSE_FILES = 0x00000040;
    /** [MS-FSCC] 2.5.1: reparse points can be set and read (not claimed by Signet). */
    public static final int FILE_SUPPORTS_REPARSE_POINTS = 0x00000080;
    /** [MS-FSCC] 2.5.1: object ids can be got, set and deleted (not claimed by Signet). */
    public static final int FILE_SUPPORTS_OBJECT_IDS = 0x00010000;
    /** [MS-FSCC] 2.5.1: files can have named data streams. */
    public static final int FILE_NAMED_STREAMS = 0x00040000;
    /** [MS-FSCC] 2.5.1: the volume is read-only. */
    public static final int FILE_READ_ONLY_VOLUME = 0x00080000;
    /** [MS-FSCC] 2.5.1: files can have extended attributes. */
    public static final int FILE_SUPPORTS_EXTENDED_ATTRIBUTES = 0x00800000;
    /** [MS-FSCC] 2.5.10 DeviceType FILE_DEVICE_DISK. */
    public static final int FILE_DEVICE_DISK = 0x00000007;
    /** [MS-FSCC] 2.5.10 Characteristics: the device is mounted. */
    public static final int FILE_DEVICE_IS_MOUNTED = 0x00000020;
    /** [MS-FSCC] 2.5.10 Characteristics: the device is read-only. */
    public static final int FILE_READ_ONLY_DEVICE = 0x00000002;
    /** [MS-FSCC] 2.5.7: alignment offset not known. */
    public static final int SSINFO_OFFSET_UNKNOWN = 0xFFFFFFFF;
    /** [MS-FSCC] 2.5.2: a DefaultQuotaThreshold or DefaultQuotaLimit of -1 means no limit. */
    public static final long NO_QUOTA_LIMIT = -1L;

    static final String FILE_SYSTEM_NAME = "NTFS";
    static final int MAXIMUM_COMPONENT_NAME_LENGTH = 255;

    private FsInfoEncoder() {
    }

    public static boolean supports(FileSystemInformationClass c) {
        return fixedSizeOrMinusOne(c) >= 0;
    }

    /** The fixed part of {@code c}; see {@link FileInfoEncoder#fixedSize} for how the handler uses it. */
    public static int fixedSize(FileSystemInformationClass c) {
        int size = fixedSizeOrMinusOne(c);
        if (size < 0) {
            throw unsupported(c);
        }
        return size;
    }

    private static int fixedSizeOrMinusOne(FileSystemInformationClass c) {
        if (c == null) {
            return -1;
        }
        switch (c) {
            case FileFsVolumeInformation:
                return 24;                                             // 18 + VolumeLabel[1], padded to 8
            case FileFsSizeInformation:
                return 24;
            case FileFsFullSizeInformation:
                return 32;
            case FileFsDeviceInformation:
                return 8;
            case FileFsAttributeInformation:
                return 16;                                             // 12 + FileSystemName[1], padded to 4
            case FileFsControlInformation:
                return 48;
            case FileFsSectorSizeInformation:
                return 28;
            case FileFsObjectIdInformation:
                return 64;
            default:
                return -1;
        }
    }

    /** Writes the whole answer at the writer index of {@code out} (borrowed). */
    public static void encode(FileSystemInformationClass c, FsStats s, ByteBuf out) {
        if (!supports(c)) {
            throw unsupported(c);
        }
        long unit = s.allocationUnit();
        switch (c) {
            case FileFsVolumeInformation:
                out.writeLongLE(s.volumeCreationTime());               // VolumeCreationTime (8 bytes)
                out.writeIntLE(s.volumeSerial());                      // VolumeSerialNumber (4 bytes)
                out.writeIntLE(Utf16.byteLength(s.volumeLabel()));     // VolumeLabelLength (4 bytes)
                out.writeByte(0);                                      // SupportsObjects (1 byte): no object ids
                out.writeByte(0);                                      // Reserved (1 byte)
                Utf16.write(out, s.volumeLabel());                     // VolumeLabel (variable)
                break;
            case FileFsSizeInformation:
                out.writeLongLE(s.totalBytes() / unit);                // TotalAllocationUnits (8 bytes)
                out.writeLongLE(s.availableBytes() / unit);            // AvailableAllocationUnits (8 bytes)
                out.writeIntLE(s.sectorsPerAllocationUnit());          // SectorsPerAllocationUnit (4 bytes)
                out.writeIntLE(s.bytesPerSector());                    // BytesPerSector (4 bytes)
                break;
            case FileFsFullSizeInformation:
                out.writeLongLE(s.totalBytes() / unit);                // TotalAllocationUnits (8 bytes)
                out.writeLongLE(s.availableBytes() / unit);            // CallerAvailableAllocationUnits (8 bytes)
                out.writeLongLE(s.freeBytes() / unit);                 // ActualAvailableAllocationUnits (8 bytes)
                out.writeIntLE(s.sectorsPerAllocationUnit());          // SectorsPerAllocationUnit (4 bytes)
                out.writeIntLE(s.bytesPerSector());                    // BytesPerSector (4 bytes)
                break;
            case FileFsDeviceInformation:
                out.writeIntLE(FILE_DEVICE_DISK);                      // DeviceType (4 bytes)
                out.writeIntLE(FILE_DEVICE_IS_MOUNTED
                        | (s.readOnly() ? FILE_READ_ONLY_DEVICE : 0)); // Characteristics (4 bytes)
                break;
            case FileFsAttributeInformation:
                out.writeIntLE(fileSystemAttributes(s));               // FileSystemAttributes (4 bytes)
                out.writeIntLE(MAXIMUM_COMPONENT_NAME_LENGTH);         // MaximumComponentNameLength (4 bytes)
                out.writeIntLE(Utf16.byteLength(FILE_SYSTEM_NAME));    // FileSystemNameLength (4 bytes)
                Utf16.write(out, FILE_SYSTEM_NAME);                    // FileSystemName (variable)
                break;
            case FileFsSectorSizeInformation:
                out.writeIntLE(s.bytesPerSector());                    // LogicalBytesPerSector (4 bytes)
                out.writeIntLE(s.bytesPerSector());                    // PhysicalBytesPerSectorForAtomicity (4 bytes)
                out.writeIntLE(s.bytesPerSector());                    // PhysicalBytesPerSectorForPerformance (4)
                out.writeIntLE(s.bytesPerSector());                    // FileSystemEffectivePhysicalBytesPer-
                                                                       // SectorForAtomicity (4 bytes)
                out.writeIntLE(0);                                     // Flags (4 bytes): nothing claimed
                out.writeIntLE(SSINFO_OFFSET_UNKNOWN);                 // ByteOffsetForSectorAlignment (4 bytes)
                out.writeIntLE(SSINFO_OFFSET_UNKNOWN);                 // ByteOffsetForPartitionAlignment (4 bytes)
                break;
            case FileFsControlInformation:
                // [MS-FSCC] 2.5.2: Signet neither tracks nor enforces quotas, which is how a volume with quotas
                // off answers: no free-space filtering, no default threshold or limit, no control flags.
                out.writeLongLE(0);                                    // FreeSpaceStartFiltering (8 bytes)
                out.writeLongLE(0);                                    // FreeSpaceThreshold (8 bytes)
                out.writeLongLE(0);                                    // FreeSpaceStopFiltering (8 bytes)
                out.writeLongLE(NO_QUOTA_LIMIT);                       // DefaultQuotaThreshold (8 bytes)
                out.writeLongLE(NO_QUOTA_LIMIT);                       // DefaultQuotaLimit (8 bytes)
                out.writeIntLE(0);                                     // FileSystemControlFlags (4 bytes):
                                                                       // FILE_VC_QUOTA_NONE
                out.writeIntLE(0);                                     // Padding (4 bytes)
                break;
            case FileFsObjectIdInformation:
                writeGuid(volumeObjectId(s), out);                     // ObjectId (16 bytes)
                out.writeZero(48);                                     // ExtendedInfo (48 bytes)
                break;
            default:
                throw unsupported(c);
        }
    }

    /** The FileSystemAttributes of [MS-FSCC] 2.5.1 that are true of a share on the volume {@code s} describes. */
    public static int fileSystemAttributes(FsStats s) {
        int attributes = FILE_CASE_SENSITIVE_SEARCH | FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK
                | FILE_NAMED_STREAMS;
        if (s.extendedAttributes()) {
            attributes |= FILE_PERSISTENT_ACLS | FILE_SUPPORTS_EXTENDED_ATTRIBUTES | FILE_SUPPORTS_SPARSE_FILES;
        }
        if (s.readOnly()) {
            attributes |= FILE_READ_ONLY_VOLUME;
        }
        return attributes;
    }

    /**
     * Writes at most {@code maxBytes} of the answer ([MS-SMB2] 3.3.5.20.2).
     *
     * @return STATUS_SUCCESS, or STATUS_BUFFER_OVERFLOW if the variable part was cut
     * @throws SmbException STATUS_INFO_LENGTH_MISMATCH if {@code maxBytes} is 0 or below the fixed part
     */
    public static NtStatus encode(FileSystemInformationClass c, FsStats s, ByteBuf out, int maxBytes) {
        int fixed = fixedSize(c);
        if (maxBytes == 0 || maxBytes < fixed) {
            throw new SmbException(NtStatus.STATUS_INFO_LENGTH_MISMATCH,
                    c + " needs at least " + fixed + " bytes, OutputBufferLength is " + maxBytes);
        }
        return Truncation.encodeBounded(out, maxBytes, () -> encode(c, s, out));
    }

    /**
     * The volume's object id: Signet keeps no volume object, so the id is a name-based (version 3) UUID of the
     * volume's serial number and creation time, stable for as long as those are.
     */
    public static UUID volumeObjectId(FsStats s) {
        String name = "signet-volume:" + Integer.toUnsignedString(s.volumeSerial(), 16) + ":"
                + s.volumeCreationTime();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** [MS-DTYP] 2.3.4 GUID packet representation: Data1, Data2, Data3 little-endian, Data4 as bytes. */
    static void writeGuid(UUID id, ByteBuf out) {
        long msb = id.getMostSignificantBits();
        out.writeIntLE((int) (msb >>> 32));                            // Data1 (4 bytes)
        out.writeShortLE((int) (msb >>> 16));                          // Data2 (2 bytes)
        out.writeShortLE((int) msb);                                   // Data3 (2 bytes)
        out.writeLong(id.getLeastSignificantBits());                   // Data4 (8 bytes), in order
    }

    private static SmbException unsupported(FileSystemInformationClass c) {
        return new SmbException(NtStatus.STATUS_INVALID_INFO_CLASS, c + " cannot be queried");
    }
}

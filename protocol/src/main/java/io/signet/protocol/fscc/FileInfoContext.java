package io.signet.protocol.fscc;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Everything {@link FileInfoEncoder} needs to answer a QUERY_INFO (InfoType SMB2_0_INFO_FILE) for one open.
 *
 * @param metadata            a fresh stat of the file
 * @param fileName            the share-relative path with a leading '\' ("\" for the share root), as Windows returns
 *                            it in FileNameInformation and FileAllInformation
 * @param accessMask          the open's granted access ([MS-SMB2] 2.2.13.1)
 * @param currentByteOffset   the open's position ([MS-SMB2] 3.3.5.20.1: a server SHOULD report 0)
 * @param mode                the open's FILE_MODE_INFORMATION flags ([MS-FSCC] 2.4 FileModeInformation)
 * @param deletePending       whether the file will be deleted when its last open closes
 * @param volumeSerialNumber  the share's volume serial number, needed only by FileIdInformation; empty when unknown,
 *                            in which case that class answers STATUS_NOT_SUPPORTED
 * @param streams             the file's named data streams for FileStreamInformation, in the order to list them
 *                            (the main stream "::$DATA" is described by {@code metadata} and not part of this list)
 * @param eaSize              the [MS-FSCC] 2.4.12 FileEaInformation EaSize of the file's extended attributes, 0 when
 *                            it has none ({@link FullEaInformation#eaSize})
 * @param alternateName       the 8.3 short name of the file's last path component ([MS-FSCC] 2.4.5
 *                            FileAlternateNameInformation); "" when it has none, which that class answers with
 *                            STATUS_OBJECT_NAME_NOT_FOUND
 */
public record FileInfoContext(FileMetadata metadata, String fileName, int accessMask, long currentByteOffset,
                              int mode, boolean deletePending, OptionalLong volumeSerialNumber,
                              List<StreamEntry> streams, long eaSize, String alternateName) {
    public FileInfoContext {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(volumeSerialNumber, "volumeSerialNumber");
        Objects.requireNonNull(alternateName, "alternateName");
        streams = List.copyOf(streams);
    }

    /** A context for a file without a short name. */
    public FileInfoContext(FileMetadata metadata, String fileName, int accessMask, long currentByteOffset, int mode,
                           boolean deletePending, OptionalLong volumeSerialNumber, List<StreamEntry> streams,
                           long eaSize) {
        this(metadata, fileName, accessMask, currentByteOffset, mode, deletePending, volumeSerialNumber, streams,
                eaSize, "");
    }

    /** A context for a file without extended attributes. */
    public FileInfoContext(FileMetadata metadata, String fileName, int accessMask, long currentByteOffset, int mode,
                           boolean deletePending, OptionalLong volumeSerialNumber, List<StreamEntry> streams) {
        this(metadata, fileName, accessMask, currentByteOffset, mode, deletePending, volumeSerialNumber, streams, 0);
    }

    /** A context for a file without named streams. */
    public FileInfoContext(FileMetadata metadata, String fileName, int accessMask, long currentByteOffset, int mode,
                           boolean deletePending, OptionalLong volumeSerialNumber) {
        this(metadata, fileName, accessMask, currentByteOffset, mode, deletePending, volumeSerialNumber, List.of());
    }

    /** A context without the volume serial number: FileIdInformation then answers STATUS_NOT_SUPPORTED. */
    public FileInfoContext(FileMetadata metadata, String fileName, int accessMask, long currentByteOffset, int mode,
                           boolean deletePending) {
        this(metadata, fileName, accessMask, currentByteOffset, mode, deletePending, OptionalLong.empty());
    }

    /** This context with the named streams replaced. */
    public FileInfoContext withStreams(List<StreamEntry> newStreams) {
        return new FileInfoContext(metadata, fileName, accessMask, currentByteOffset, mode, deletePending,
                volumeSerialNumber, newStreams, eaSize, alternateName);
    }

    /** This context with another CurrentByteOffset (the server tracks the position of each open). */
    public FileInfoContext withCurrentByteOffset(long offset) {
        return new FileInfoContext(metadata, fileName, accessMask, offset, mode, deletePending, volumeSerialNumber,
                streams, eaSize, alternateName);
    }
}

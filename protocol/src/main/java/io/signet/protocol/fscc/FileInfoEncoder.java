package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import static io.signet.protocol.smb2.AccessMask.FILE_READ_ATTRIBUTES;

/**
 * Encodes SMB2 QUERY_INFO output for InfoType SMB2_0_INFO_FILE ([MS-SMB2] 3.3.5.20.1) from a {@link FileInfoContext}.
 *
 * <p>Classes answered (fixed size, then variable part):
 * <ul>
 *   <li>[MS-FSCC] 2.4.7 FileBasicInformation, 40</li>
 *   <li>[MS-FSCC] 2.4.45 FileStandardInformation, 24: NumberOfLinks leaves out the link being deleted while
 *       DeletePending is set</li>
 *   <li>[MS-FSCC] 2.4.26 FileInternalInformation, 8</li>
 *   <li>[MS-FSCC] 2.4.12 FileEaInformation, 4: {@link FileInfoContext#eaSize}, 0 for a file without EAs</li>
 *   <li>[MS-FSCC] 2.4.1 FileAccessInformation, 4</li>
 *   <li>[MS-FSCC] 2.4 FileNameInformation, 4 + name (smallest buffer 8)</li>
 *   <li>[MS-FSCC] 2.4 FilePositionInformation, 8</li>
 *   <li>[MS-FSCC] 2.4 FileModeInformation, 4</li>
 *   <li>[MS-FSCC] 2.4 FileAlignmentInformation, 4: FILE_BYTE_ALIGNMENT (0)</li>
 *   <li>[MS-FSCC] 2.4.2 FileAllInformation, 100 + name (smallest buffer 104)</li>
 *   <li>[MS-FSCC] 2.4.43 FileStreamInformation, 24 + name per entry (smallest buffer 32): "::$DATA" for a file (none for a
 *       directory, which has no main data stream), then ":name:$DATA" for each of the context's named streams</li>
 *   <li>[MS-FSCC] 2.4 FileCompressionInformation, 16: never compressed</li>
 *   <li>[MS-FSCC] 2.4 FileNetworkOpenInformation, 56</li>
 *   <li>[MS-FSCC] 2.4 FileAttributeTagInformation, 8: no reparse tag</li>
 *   <li>[MS-FSCC] 2.4 FileNormalizedNameInformation, 4 + name (smallest buffer 8): the on-disk spelling of the share-relative path
 *       without a leading '\', empty for the share root. The handler must answer STATUS_NOT_SUPPORTED itself for
 *       dialects before 3.1.1 ([MS-SMB2] 3.3.5.20.1).</li>
 *   <li>[MS-FSCC] 2.4 FileIdInformation, 24: the 64-bit file id zero-extended to FILE_ID_128</li>
 *   <li>[MS-FSCC] 2.4.5 FileAlternateNameInformation, 4 + name (smallest buffer 8): the context's
 *       {@link FileInfoContext#alternateName}; STATUS_OBJECT_NAME_NOT_FOUND when it is empty, as NTFS answers for a
 *       file without a short name</li>
 * </ul>
 *
 * <p>Refusals: FileFullEaInformation depends on the open's EA scan state and is
 * answered by the server with {@link FullEaInformation} (here it is STATUS_EAS_NOT_SUPPORTED); the set-only
 * and directory-enumeration classes answer STATUS_INVALID_INFO_CLASS, as the Windows I/O manager does for a class it
 * cannot query.
 *
 * <p>Access: FileBasicInformation, FileAllInformation, FileNetworkOpenInformation and FileAttributeTagInformation
 * need FILE_READ_ATTRIBUTES in the context's access mask, else STATUS_ACCESS_DENIED ([MS-SMB2] 3.3.5.20.1).
 */
public final class FileInfoEncoder {
    private static final String DATA_STREAM_NAME = "::$DATA";
    private static final String DATA_STREAM_TYPE = ":$DATA";
    /** [MS-FSCC] 2.4.43: each entry starts on an 8-byte boundary. */
    private static final int STREAM_ENTRY_ALIGNMENT = 8;
    private static final int STREAM_ENTRY_FIXED = 24;
    /**
     * The smallest OutputBufferLength Windows accepts for a class with a variable part is the size of its C
     * structure, whose one-character name array pads it: FILE_NAME_INFORMATION is 8 bytes (4 + 2, padded to 4),
     * FILE_STREAM_INFORMATION 32 (24 + 2, padded to 8), FILE_ALL_INFORMATION 104 (96 + FILE_NAME_INFORMATION).
     */
    private static final int NAME_INFORMATION_SIZE = 8;
    private static final int STREAM_INFORMATION_SIZE = 32;
    private static final int ALL_INFORMATION_FIXED = 96;

    private FileInfoEncoder() {
    }

    /** Whether QUERY_INFO can return {@code c}. */
    public static boolean supports(FileInformationClass c) {
        return fixedSizeOrMinusOne(c) >= 0;
    }

    /**
     * The smallest OutputBufferLength {@code c} accepts: the size of its C structure, including the padded first
     * character of a name. Below it the answer is STATUS_INFO_LENGTH_MISMATCH; at or above it the client gets as
     * much of the answer as fits, with STATUS_BUFFER_OVERFLOW if some was cut ([MS-SMB2] 3.3.5.20.1). An answer can
     * be shorter than this size (a short name), and is then sent whole.
     */
    public static int fixedSize(FileInformationClass c) {
        int size = fixedSizeOrMinusOne(c);
        if (size < 0) {
            throw unsupported(c);
        }
        return size;
    }

    private static int fixedSizeOrMinusOne(FileInformationClass c) {
        if (c == null) {
            return -1;
        }
        switch (c) {
            case FileBasicInformation:
                return FileBasicInformation.SIZE;
            case FileStandardInformation:
                return 24;
            case FileInternalInformation:
            case FilePositionInformation:
            case FileAttributeTagInformation:
                return 8;
            case FileEaInformation:
            case FileAccessInformation:
            case FileModeInformation:
            case FileAlignmentInformation:
                return 4;
            case FileNameInformation:
            case FileNormalizedNameInformation:
            case FileAlternateNameInformation:
                return NAME_INFORMATION_SIZE;
            case FileAllInformation:
                return ALL_INFORMATION_FIXED + NAME_INFORMATION_SIZE;
            case FileStreamInformation:
                return STREAM_INFORMATION_SIZE;
            case FileCompressionInformation:
                return 16;
            case FileNetworkOpenInformation:
                return 56;
            case FileIdInformation:
                return 24;
            default:
                return -1;
        }
    }

    /**
     * Writes the whole answer at the writer index of {@code out} (borrowed).
     *
     * @throws SmbException for a class that cannot be queried, or STATUS_ACCESS_DENIED (see the class comment)
     */
    public static void encode(FileInformationClass c, FileInfoContext ctx, ByteBuf out) {
        if (!supports(c)) {
            throw unsupported(c);
        }
        checkAccess(c, ctx);
        FileMetadata m = ctx.metadata();
        switch (c) {
            case FileBasicInformation:
                FileBasicInformation.from(m).encode(out);
                break;
            case FileStandardInformation:
                writeStandard(m, ctx.deletePending(), out);
                break;
            case FileInternalInformation:
                out.writeLongLE(m.fileId());                         // IndexNumber (8 bytes)
                break;
            case FileEaInformation:
                out.writeIntLE(eaSize(ctx));                         // EaSize (4 bytes)
                break;
            case FileAccessInformation:
                out.writeIntLE(ctx.accessMask());                    // AccessFlags (4 bytes)
                break;
            case FileNameInformation:
                writeName(ctx.fileName(), out);
                break;
            case FilePositionInformation:
                new FilePositionInformation(ctx.currentByteOffset()).encode(out);
                break;
            case FileModeInformation:
                out.writeIntLE(ctx.mode());                          // Mode (4 bytes)
                break;
            case FileAlignmentInformation:
                out.writeIntLE(0);                                   // AlignmentRequirement (4 bytes)
                break;
            case FileAllInformation:
                FileBasicInformation.from(m).encode(out);            // BasicInformation (40 bytes)
                writeStandard(m, ctx.deletePending(), out);          // StandardInformation (24 bytes)
                out.writeLongLE(m.fileId());                         // InternalInformation (8 bytes)
                out.writeIntLE(eaSize(ctx));                         // EaInformation (4 bytes)
                out.writeIntLE(ctx.accessMask());                    // AccessInformation (4 bytes)
                out.writeLongLE(ctx.currentByteOffset());            // PositionInformation (8 bytes)
                out.writeIntLE(ctx.mode());                          // ModeInformation (4 bytes)
                out.writeIntLE(0);                                   // AlignmentInformation (4 bytes)
                writeName(ctx.fileName(), out);                      // NameInformation (variable)
                break;
            case FileStreamInformation:
                writeStreams(ctx, out);
                break;
            case FileCompressionInformation:
                // [MS-FSA] 2.1.5.12.8: an uncompressed file reports its allocated bytes, a directory 0.
                out.writeLongLE(m.directory() ? 0 : m.allocationSize()); // CompressedFileSize (8 bytes)
                out.writeShortLE(0);                                 // CompressionFormat (2 bytes): NONE
                out.writeByte(0);                                    // CompressionUnitShift (1 byte)
                out.writeByte(0);                                    // ChunkShift (1 byte)
                out.writeByte(0);                                    // ClusterShift (1 byte)
                out.writeZero(3);                                    // Reserved (3 bytes)
                break;
            case FileNetworkOpenInformation:
                out.writeLongLE(m.creationTime());                   // CreationTime (8 bytes)
                out.writeLongLE(m.lastAccessTime());                 // LastAccessTime (8 bytes)
                out.writeLongLE(m.lastWriteTime());                  // LastWriteTime (8 bytes)
                out.writeLongLE(m.changeTime());                     // ChangeTime (8 bytes)
                out.writeLongLE(m.allocationSize());                 // AllocationSize (8 bytes)
                out.writeLongLE(m.endOfFile());                      // EndOfFile (8 bytes)
                out.writeIntLE(m.fileAttributes());                  // FileAttributes (4 bytes)
                out.writeIntLE(0);                                   // Reserved (4 bytes)
                break;
            case FileAttributeTagInformation:
                out.writeIntLE(m.fileAttributes());                  // FileAttributes (4 bytes)
                out.writeIntLE(0);                                   // ReparseTag (4 bytes)
                break;
            case FileNormalizedNameInformation:
                writeName(stripLeadingSeparator(ctx.fileName()), out);
                break;
            case FileAlternateNameInformation:
                if (ctx.alternateName().isEmpty()) {
                    throw new SmbException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, "no short name");
                }
                writeName(ctx.alternateName(), out);
                break;
            case FileIdInformation:
                if (ctx.volumeSerialNumber().isEmpty()) {
                    throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED,
                            "FileIdInformation needs the volume serial number");
                }
                out.writeLongLE(ctx.volumeSerialNumber().getAsLong()); // VolumeSerialNumber (8 bytes)
                out.writeLongLE(m.fileId());                         // FileId (16 bytes): the 64-bit id,
                out.writeLongLE(0);                                  // zero-extended
                break;
            default:
                throw unsupported(c);
        }
    }

    /**
     * Writes at most {@code maxBytes} of the answer: the QUERY_INFO rules of [MS-SMB2] 3.3.5.20.1 in one call.
     *
     * @return STATUS_SUCCESS, or STATUS_BUFFER_OVERFLOW if the variable part was cut (the length fields keep the full
     *         lengths, as Windows sends them)
     * @throws SmbException STATUS_INFO_LENGTH_MISMATCH if {@code maxBytes} cannot hold the fixed part, or as
     *                      {@link #encode(FileInformationClass, FileInfoContext, ByteBuf)}
     */
    public static NtStatus encode(FileInformationClass c, FileInfoContext ctx, ByteBuf out, int maxBytes) {
        int fixed = fixedSize(c);
        if (maxBytes == 0 || maxBytes < fixed) {
            throw new SmbException(NtStatus.STATUS_INFO_LENGTH_MISMATCH,
                    c + " needs at least " + fixed + " bytes, OutputBufferLength is " + maxBytes);
        }
        return Truncation.encodeBounded(out, maxBytes, () -> encode(c, ctx, out));
    }

    private static void checkAccess(FileInformationClass c, FileInfoContext ctx) {
        switch (c) {
            case FileBasicInformation:
            case FileAllInformation:
            case FileNetworkOpenInformation:
            case FileAttributeTagInformation:
                if ((ctx.accessMask() & FILE_READ_ATTRIBUTES) == 0) {
                    throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, c + " needs FILE_READ_ATTRIBUTES");
                }
                break;
            default:
                break;
        }
    }

    /** [MS-FSCC] 2.4.12: EaSize is 4 bytes; a list never passes 64 KiB (see {@link FullEaInformation}). */
    private static int eaSize(FileInfoContext ctx) {
        return (int) Math.min(ctx.eaSize(), 0xFFFFFFFFL);
    }

    private static SmbException unsupported(FileInformationClass c) {
        if (c == FileInformationClass.FileFullEaInformation) {
            return new SmbException(NtStatus.STATUS_EAS_NOT_SUPPORTED);
        }
        return new SmbException(NtStatus.STATUS_INVALID_INFO_CLASS, c + " cannot be queried");
    }

    /**
     * [MS-FSCC] 2.4.43 FileStreamInformation: one FILE_STREAM_INFORMATION per stream, NextEntryOffset 0 on the last,
     * the others padded with zeros to the next 8-byte boundary.
     */
    private static void writeStreams(FileInfoContext ctx, ByteBuf out) {
        FileMetadata m = ctx.metadata();
        int count = ctx.streams().size() + (m.directory() ? 0 : 1);
        int index = 0;
        if (!m.directory()) {
            writeStreamEntry(DATA_STREAM_NAME, m.endOfFile(), m.allocationSize(), ++index == count, out);
        }
        for (StreamEntry s : ctx.streams()) {
            writeStreamEntry(":" + s.name() + DATA_STREAM_TYPE, s.size(), s.allocationSize(), ++index == count, out);
        }
    }

    private static void writeStreamEntry(String name, long size, long allocationSize, boolean last, ByteBuf out) {
        int length = STREAM_ENTRY_FIXED + Utf16.byteLength(name);
        int padded = (length + STREAM_ENTRY_ALIGNMENT - 1) & -STREAM_ENTRY_ALIGNMENT;
        out.writeIntLE(last ? 0 : padded);                           // NextEntryOffset (4 bytes)
        out.writeIntLE(Utf16.byteLength(name));                      // StreamNameLength (4 bytes)
        out.writeLongLE(size);                                       // StreamSize (8 bytes)
        out.writeLongLE(allocationSize);                             // StreamAllocationSize (8 bytes)
        Utf16.write(out, name);                                      // StreamName (variable)
        if (!last) {
            out.writeZero(padded - length);                          // Padding to the next entry
        }
    }

    private static void writeStandard(FileMetadata m, boolean deletePending, ByteBuf out) {
        out.writeLongLE(m.allocationSize());                         // AllocationSize (8 bytes)
        out.writeLongLE(m.endOfFile());                              // EndOfFile (8 bytes)
        // [MS-FSA] 2.1.5.11.27: a link whose deletion is pending is not counted; Windows reports 0 for a file with
        // one link and DeletePending set.
        out.writeIntLE(Math.max(0, m.numberOfLinks() - (deletePending ? 1 : 0))); // NumberOfLinks (4 bytes)
        out.writeByte(deletePending ? 1 : 0);                        // DeletePending (1 byte)
        out.writeByte(m.directory() ? 1 : 0);                        // Directory (1 byte)
        out.writeShortLE(0);                                         // Reserved (2 bytes)
    }

    private static void writeName(String name, ByteBuf out) {
        out.writeIntLE(Utf16.byteLength(name));                      // FileNameLength (4 bytes)
        Utf16.write(out, name);                                      // FileName (variable)
    }

    private static String stripLeadingSeparator(String name) {
        return name.startsWith("\\") ? name.substring(1) : name;
    }
}

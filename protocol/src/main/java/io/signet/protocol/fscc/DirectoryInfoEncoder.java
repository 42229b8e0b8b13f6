package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/**
 * Encodes SMB2 QUERY_DIRECTORY output: a chain of directory information entries ([MS-FSCC] 2.4), each linked to the
 * next by NextEntryOffset and starting on an 8-byte boundary relative to the first entry. No padding follows the last
 * entry, whose NextEntryOffset stays 0.
 *
 * <p>One encoder fills one response buffer: construct it over the caller's {@code ByteBuf} (borrowed, never released
 * here) with the client's OutputBufferLength, then {@link #add} entries until one does not fit.
 *
 * <p>Supported classes and their fixed part (the FileName follows it):
 * <ul>
 *   <li>[MS-FSCC] 2.4.10 FileDirectoryInformation, 64 bytes</li>
 *   <li>[MS-FSCC] 2.4 FileFullDirectoryInformation, 68 bytes</li>
 *   <li>[MS-FSCC] 2.4.8 FileBothDirectoryInformation, 94 bytes</li>
 *   <li>[MS-FSCC] 2.4 FileNamesInformation, 12 bytes</li>
 *   <li>[MS-FSCC] 2.4 FileIdBothDirectoryInformation, 104 bytes</li>
 *   <li>[MS-FSCC] 2.4 FileIdFullDirectoryInformation, 80 bytes</li>
 *   <li>[MS-FSCC] 2.4.22 FileIdExtdDirectoryInformation, 88 bytes</li>
 * </ul>
 * FileIndex is written as 0 (its value is undefined on NTFS, whose order is not fixed); EaSize is the entry's
 * {@link DirectoryEntry#eaSize}; ShortName is the entry's {@link DirectoryEntry#shortName}, zero-padded to 24 bytes.
 */
public final class DirectoryInfoEncoder {
    private static final int SHORT_NAME_BYTES = 24;

    private final FileInformationClass infoClass;
    private final ByteBuf out;
    private final int base;
    private final int maxBytes;
    private int written;
    private int lastEntry = -1;
    private int entryCount;

    /**
     * @param infoClass one of the directory classes ({@link #supports}), else STATUS_INVALID_INFO_CLASS
     * @param out       the buffer to append to, starting at its writer index; borrowed
     * @param maxBytes  the most bytes this encoder may write (the request's OutputBufferLength)
     */
    public DirectoryInfoEncoder(FileInformationClass infoClass, ByteBuf out, int maxBytes) {
        if (!supports(infoClass)) {
            throw new SmbException(NtStatus.STATUS_INVALID_INFO_CLASS,
                    infoClass + " is not a directory information class");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0");
        }
        this.infoClass = infoClass;
        this.out = out;
        this.base = out.writerIndex();
        this.maxBytes = maxBytes;
    }

    /** Whether {@code c} is one of the classes QUERY_DIRECTORY can return. */
    public static boolean supports(FileInformationClass c) {
        return c != null && fixedSizeOrMinusOne(c) >= 0;
    }

    /** The size of {@code c}'s entry before the FileName field. */
    public static int fixedSize(FileInformationClass c) {
        int size = fixedSizeOrMinusOne(c);
        if (size < 0) {
            throw new SmbException(NtStatus.STATUS_INVALID_INFO_CLASS, c + " is not a directory information class");
        }
        return size;
    }

    private static int fixedSizeOrMinusOne(FileInformationClass c) {
        switch (c) {
            case FileDirectoryInformation:
                return 64;
            case FileFullDirectoryInformation:
                return 68;
            case FileBothDirectoryInformation:
                return 94;
            case FileNamesInformation:
                return 12;
            case FileIdBothDirectoryInformation:
                return 104;
            case FileIdFullDirectoryInformation:
                return 80;
            case FileIdExtdDirectoryInformation:
                return 88;
            default:
                return -1;
        }
    }

    /** The size of {@code e}'s entry in class {@code c}, without alignment padding. */
    public static int entrySize(FileInformationClass c, DirectoryEntry e) {
        return fixedSize(c) + Utf16.byteLength(e.name());
    }

    /**
     * Appends {@code e} if it fits, with the padding that aligns it to 8 bytes, and links the previous entry to it.
     *
     * @return false, having written nothing, if the entry (with its padding) would exceed {@code maxBytes}
     */
    public boolean add(DirectoryEntry e) {
        int start = lastEntry < 0 ? 0 : (written + 7) & ~7;
        long end = (long) start + entrySize(infoClass, e);
        if (end > maxBytes) {
            return false;
        }
        out.writeZero(start - written);
        if (lastEntry >= 0) {
            out.setIntLE(base + lastEntry, start - lastEntry);      // previous entry's NextEntryOffset
        }
        writeEntry(e);
        lastEntry = start;
        written = (int) end;
        entryCount++;
        return true;
    }

    /** Bytes written so far, from the first entry to the end of the last one. */
    public int bytesWritten() {
        return written;
    }

    public int entryCount() {
        return entryCount;
    }

    private void writeEntry(DirectoryEntry e) {
        FileMetadata m = e.metadata();
        int nameBytes = Utf16.byteLength(e.name());
        out.writeIntLE(0);                                 // NextEntryOffset (4 bytes), patched by the next add
        out.writeIntLE(0);                                 // FileIndex (4 bytes)
        if (infoClass == FileInformationClass.FileNamesInformation) {
            out.writeIntLE(nameBytes);                     // FileNameLength (4 bytes)
            Utf16.write(out, e.name());                    // FileName (variable)
            return;
        }
        out.writeLongLE(m.creationTime());                 // CreationTime (8 bytes)
        out.writeLongLE(m.lastAccessTime());               // LastAccessTime (8 bytes)
        out.writeLongLE(m.lastWriteTime());                // LastWriteTime (8 bytes)
        out.writeLongLE(m.changeTime());                   // ChangeTime (8 bytes)
        out.writeLongLE(m.endOfFile());                    // EndOfFile (8 bytes)
        out.writeLongLE(m.allocationSize());               // AllocationSize (8 bytes)
        out.writeIntLE(m.fileAttributes());                // FileAttributes (4 bytes)
        out.writeIntLE(nameBytes);                         // FileNameLength (4 bytes)
        int ea = (int) Math.min(e.eaSize(), 0xFFFFFFFFL);
        switch (infoClass) {
            case FileDirectoryInformation:
                break;
            case FileFullDirectoryInformation:
                out.writeIntLE(ea);                        // EaSize (4 bytes)
                break;
            case FileBothDirectoryInformation:
                out.writeIntLE(ea);                        // EaSize (4 bytes)
                writeShortName(e.shortName());             // ShortNameLength, Reserved, ShortName (26 bytes)
                break;
            case FileIdBothDirectoryInformation:
                out.writeIntLE(ea);                        // EaSize (4 bytes)
                writeShortName(e.shortName());             // ShortNameLength, Reserved1, ShortName (26 bytes)
                out.writeShortLE(0);                       // Reserved2 (2 bytes)
                out.writeLongLE(m.fileId());               // FileId (8 bytes)
                break;
            case FileIdFullDirectoryInformation:
                out.writeIntLE(ea);                        // EaSize (4 bytes)
                out.writeIntLE(0);                         // Reserved (4 bytes)
                out.writeLongLE(m.fileId());               // FileId (8 bytes)
                break;
            case FileIdExtdDirectoryInformation:
                out.writeIntLE(ea);                        // EaSize (4 bytes)
                out.writeIntLE(0);                         // ReparsePointTag (4 bytes)
                out.writeLongLE(m.fileId());               // FileId (16 bytes): the 64-bit id, zero-extended
                out.writeLongLE(0);
                break;
            default:
                throw new IllegalStateException(infoClass.toString());
        }
        Utf16.write(out, e.name());                        // FileName (variable)
    }

    /** [MS-FSCC] 2.4.8: the short name's length in bytes, a reserved byte, then the name in a 24-byte field. */
    private void writeShortName(String shortName) {
        int bytes = Utf16.byteLength(shortName);
        out.writeByte(bytes);                              // ShortNameLength (1 byte)
        out.writeByte(0);                                  // Reserved (1 byte)
        Utf16.write(out, shortName);                       // ShortName (24 bytes)
        out.writeZero(SHORT_NAME_BYTES - bytes);
    }
}

package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * [MS-FSCC] 2.7.1 FILE_NOTIFY_INFORMATION, the entries of a CHANGE_NOTIFY response ([MS-SMB2] 2.2.36):
 * <pre>
 *   0  NextEntryOffset (4 bytes)  0 on the last entry; otherwise a multiple of 4
 *   4  Action (4 bytes)           FILE_ACTION_*
 *   8  FileNameLength (4 bytes)   bytes of FileName
 *  12  FileName (variable)        UTF-16LE, relative to the watched directory, not NUL terminated
 *   .  padding to the next 4-byte boundary (entries other than the last)
 * </pre>
 *
 * @param action   FILE_ACTION_* code
 * @param fileName the changed name relative to the watched directory, '\' separated (a stream as "file:stream")
 */
public record FileNotifyInformation(int action, String fileName) {
    public static final int FILE_ACTION_ADDED = 0x00000001;
    public static final int FILE_ACTION_REMOVED = 0x00000002;
    public static final int FILE_ACTION_MODIFIED = 0x00000003;
    public static final int FILE_ACTION_RENAMED_OLD_NAME = 0x00000004;
    public static final int FILE_ACTION_RENAMED_NEW_NAME = 0x00000005;
    public static final int FILE_ACTION_ADDED_STREAM = 0x00000006;
    public static final int FILE_ACTION_REMOVED_STREAM = 0x00000007;
    public static final int FILE_ACTION_MODIFIED_STREAM = 0x00000008;

    /** Offset of FileName in an entry. */
    public static final int HEADER = 12;

    public FileNotifyInformation {
        Objects.requireNonNull(fileName, "fileName");
    }

    /** The bytes this entry takes when another entry follows it (header, name, padding to 4 bytes). */
    public int paddedLength() {
        return align4(HEADER + Utf16.byteLength(fileName));
    }

    /** The bytes {@link #encode} writes for {@code entries}: the last entry is not padded. */
    public static int listLength(List<FileNotifyInformation> entries) {
        int size = 0;
        for (int i = 0; i < entries.size(); i++) {
            FileNotifyInformation e = entries.get(i);
            size += i == entries.size() - 1 ? HEADER + Utf16.byteLength(e.fileName) : e.paddedLength();
        }
        return size;
    }

    /** Writes {@code entries} as a chain at the writer index of {@code out}; nothing for an empty list. */
    public static void encode(List<FileNotifyInformation> entries, ByteBuf out) {
        for (int i = 0; i < entries.size(); i++) {
            FileNotifyInformation e = entries.get(i);
            boolean last = i == entries.size() - 1;
            int nameLength = Utf16.byteLength(e.fileName);
            int padded = e.paddedLength();
            out.writeIntLE(last ? 0 : padded);                 // NextEntryOffset (4 bytes)
            out.writeIntLE(e.action);                          // Action (4 bytes)
            out.writeIntLE(nameLength);                        // FileNameLength (4 bytes)
            Utf16.write(out, e.fileName);                      // FileName (variable)
            if (!last) {
                out.writeZero(padded - HEADER - nameLength);   // padding to the next entry
            }
        }
    }

    /**
     * Decodes the whole readable part of {@code buf} (not consumed) as a chain of entries; an empty buffer is an
     * empty list.
     *
     * @throws SmbException STATUS_INVALID_NETWORK_RESPONSE when an entry overruns the buffer, an offset is
     *                      misaligned or a name length is odd
     */
    public static List<FileNotifyInformation> decode(ByteBuf buf) {
        List<FileNotifyInformation> list = new ArrayList<>();
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        int pos = start;
        while (pos < end) {
            if (end - pos < HEADER) {
                throw malformed("entry header at " + (pos - start) + " overruns the buffer");
            }
            long next = buf.getUnsignedIntLE(pos);                 // NextEntryOffset (4 bytes)
            int action = buf.getIntLE(pos + 4);                    // Action (4 bytes)
            long nameLength = buf.getUnsignedIntLE(pos + 8);       // FileNameLength (4 bytes)
            if (nameLength % 2 != 0 || nameLength > end - pos - HEADER) {
                throw malformed("FileNameLength " + nameLength + " at " + (pos - start));
            }
            list.add(new FileNotifyInformation(action,
                    Utf16.read(buf.slice(pos + HEADER, (int) nameLength), (int) nameLength)));
            if (next == 0) {
                return list;
            }
            if ((next & 3) != 0 || next < HEADER + nameLength || next > end - pos) { // 4-byte aligned, in bounds
                throw malformed("NextEntryOffset " + next + " at " + (pos - start));
            }
            pos += (int) next;
        }
        return list;
    }

    /** [MS-FSCC] 2.7.1: each entry starts on a 4-byte boundary. */
    private static int align4(int n) {
        return (n + 3) & -4;
    }

    private static SmbException malformed(String message) {
        return new SmbException(NtStatus.STATUS_INVALID_NETWORK_RESPONSE, "FILE_NOTIFY_INFORMATION: " + message);
    }
}

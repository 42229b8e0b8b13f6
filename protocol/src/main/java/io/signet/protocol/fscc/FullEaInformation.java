package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * [MS-FSCC] 2.4.15 FILE_FULL_EA_INFORMATION lists, as SET_INFO / QUERY_INFO FileFullEaInformation and the CREATE
 * "ExtA" context ([MS-SMB2] 2.2.13.2.1 SMB2_CREATE_EA_BUFFER) carry them:
 * <pre>
 *   0  NextEntryOffset (4 bytes)  0 on the last entry; otherwise a multiple of 4
 *   4  Flags (1 byte)             0 or FILE_NEED_EA (0x80)
 *   5  EaNameLength (1 byte)      without the terminating NUL
 *   6  EaValueLength (2 bytes)
 *   8  EaName (EaNameLength + 1 bytes, NUL terminated ASCII)
 *   .  EaValue (EaValueLength bytes)
 *   .  padding to the next 4-byte boundary (entries other than the last)
 * </pre>
 * Also the [MS-FSCC] 2.4.12 FileEaInformation EaSize: the size of the whole list in this format.
 */
public final class FullEaInformation {
    /** Offset of EaName in an entry. */
    public static final int HEADER = 8;
    private static final int ALIGNMENT = 4;

    private FullEaInformation() {
    }

    /**
     * Decodes the whole readable part of {@code buf} (not consumed) as a chain of entries.
     *
     * @throws SmbException STATUS_EA_LIST_INCONSISTENT when an entry overruns the buffer, an offset is misaligned or
     *                      a name is not NUL terminated; STATUS_INVALID_EA_NAME for an empty name or a character
     *                      NTFS refuses in EA names
     */
    public static List<ExtendedAttribute> decode(ByteBuf buf) {
        List<ExtendedAttribute> list = new ArrayList<>();
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        int pos = start;
        while (true) {
            if (end - pos < HEADER) {
                throw inconsistent("entry header at " + (pos - start) + " overruns the buffer");
            }
            long next = buf.getUnsignedIntLE(pos);                  // NextEntryOffset (4 bytes)
            int flags = buf.getUnsignedByte(pos + 4);               // Flags (1 byte)
            int nameLength = buf.getUnsignedByte(pos + 5);          // EaNameLength (1 byte)
            int valueLength = buf.getUnsignedShortLE(pos + 6);      // EaValueLength (2 bytes)
            long entryLength = (long) HEADER + nameLength + 1 + valueLength;
            if (entryLength > end - pos) {
                throw inconsistent("entry at " + (pos - start) + " overruns the buffer");
            }
            if ((flags & ~ExtendedAttribute.FILE_NEED_EA) != 0) {
                throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "EA flags 0x" + Integer.toHexString(flags));
            }
            if (buf.getByte(pos + HEADER + nameLength) != 0) {
                throw inconsistent("EA name at " + (pos - start) + " is not NUL terminated");
            }
            byte[] nameBytes = new byte[nameLength];
            buf.getBytes(pos + HEADER, nameBytes);
            String name = new String(nameBytes, StandardCharsets.ISO_8859_1);
            checkName(name);
            byte[] value = new byte[valueLength];
            buf.getBytes(pos + HEADER + nameLength + 1, value);
            list.add(new ExtendedAttribute(flags, name, value));
            if (next == 0) {
                return list;
            }
            if (next % ALIGNMENT != 0 || next < entryLength || next > end - pos) {
                throw inconsistent("NextEntryOffset " + next + " at " + (pos - start));
            }
            pos += (int) next;
        }
    }

    /**
     * NTFS EA names: 1 to 254 ASCII characters, none of them a control character or one of {@code "*+,/:;<=>?[\]|}.
     *
     * @throws SmbException STATUS_INVALID_EA_NAME
     */
    public static void checkName(String name) {
        if (name.isEmpty() || name.length() > ExtendedAttribute.MAX_NAME_LENGTH) {
            throw new SmbException(NtStatus.STATUS_INVALID_EA_NAME, "EA name length " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7E || "\"*+,/:;<=>?[\\]|".indexOf(c) >= 0) {
                throw new SmbException(NtStatus.STATUS_INVALID_EA_NAME, "EA name " + name);
            }
        }
    }

    /** The bytes {@code ea} takes in a list, without padding. */
    public static int entryLength(ExtendedAttribute ea) {
        return HEADER + ea.nameLength() + 1 + ea.value().length;
    }

    /** {@link #entryLength} rounded up to the next entry's 4-byte boundary. */
    public static int paddedEntryLength(ExtendedAttribute ea) {
        return (entryLength(ea) + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * [MS-FSCC] 2.4.12 FileEaInformation EaSize as NTFS reports it: the length of the list with every entry padded
     * to 4 bytes; 0 for no EAs.
     */
    public static long eaSize(List<ExtendedAttribute> eas) {
        long size = 0;
        for (ExtendedAttribute ea : eas) {
            size += paddedEntryLength(ea);
        }
        return size;
    }

    /** The bytes {@link #encode} writes for {@code eas}: the last entry is not padded. */
    public static int listLength(List<ExtendedAttribute> eas) {
        int size = 0;
        for (int i = 0; i < eas.size(); i++) {
            size += i == eas.size() - 1 ? entryLength(eas.get(i)) : paddedEntryLength(eas.get(i));
        }
        return size;
    }

    /** Writes {@code eas} as a chain at the writer index of {@code out}; nothing for an empty list. */
    public static void encode(List<ExtendedAttribute> eas, ByteBuf out) {
        for (int i = 0; i < eas.size(); i++) {
            ExtendedAttribute ea = eas.get(i);
            boolean last = i == eas.size() - 1;
            int length = entryLength(ea);
            int padded = paddedEntryLength(ea);
            out.writeIntLE(last ? 0 : padded);                      // NextEntryOffset (4 bytes)
            out.writeByte(ea.flags());                              // Flags (1 byte)
            out.writeByte(ea.nameLength());                         // EaNameLength (1 byte)
            out.writeShortLE(ea.value().length);                    // EaValueLength (2 bytes)
            out.writeBytes(ea.name().getBytes(StandardCharsets.ISO_8859_1)); // EaName (variable)
            out.writeByte(0);                                       // its NUL
            out.writeBytes(ea.value());                             // EaValue (variable)
            if (!last) {
                out.writeZero(padded - length);                     // padding to the next entry
            }
        }
    }

    /**
     * Decodes a [MS-FSCC] 2.4.15.1 FILE_GET_EA_INFORMATION list (the InputBuffer of a QUERY_INFO
     * FileFullEaInformation): NextEntryOffset (4 bytes), EaNameLength (1 byte), EaName (NUL terminated).
     *
     * @return the names, in order
     * @throws SmbException STATUS_EA_LIST_INCONSISTENT for a malformed list
     */
    public static List<String> decodeNames(ByteBuf buf) {
        List<String> names = new ArrayList<>();
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        int pos = start;
        while (true) {
            if (end - pos < 5) {
                throw inconsistent("FILE_GET_EA_INFORMATION at " + (pos - start) + " overruns the buffer");
            }
            long next = buf.getUnsignedIntLE(pos);                  // NextEntryOffset (4 bytes)
            int nameLength = buf.getUnsignedByte(pos + 4);          // EaNameLength (1 byte)
            if (5L + nameLength > end - pos) {
                throw inconsistent("FILE_GET_EA_INFORMATION name at " + (pos - start) + " overruns the buffer");
            }
            byte[] nameBytes = new byte[nameLength];
            buf.getBytes(pos + 5, nameBytes);
            names.add(new String(nameBytes, StandardCharsets.ISO_8859_1));
            if (next == 0) {
                return names;
            }
            if (next % ALIGNMENT != 0 || next < 5L + nameLength || next > end - pos) {
                throw inconsistent("FILE_GET_EA_INFORMATION NextEntryOffset " + next);
            }
            pos += (int) next;
        }
    }

    private static SmbException inconsistent(String message) {
        return new SmbException(NtStatus.STATUS_EA_LIST_INCONSISTENT, message);
    }
}

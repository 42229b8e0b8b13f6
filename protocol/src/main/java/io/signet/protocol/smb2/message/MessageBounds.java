package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.nio.charset.StandardCharsets;

/**
 * Bounds checks shared by the message decoders, so that every StructureSize, offset and length read off the wire is
 * validated the same way before it is used.
 *
 * <p>All positions are relative to the first byte of the SMB2 header, which is {@code msg.readerIndex()}; the message
 * ends at {@code msg.readableBytes()}. Offsets on the wire are relative to the same point ([MS-SMB2] 2.2.1).
 */
final class MessageBounds {
    /** The body follows the 64-byte header. */
    static final int BODY = Smb2Header.SIZE;
    static final int OUTPUT_BUFFER_STRUCTURE_SIZE = 9;
    /** 64-byte header plus the 8-byte fixed part of an output-buffer response. */
    static final int OUTPUT_BUFFER_OFFSET = 0x48;

    private MessageBounds() {
    }

    static SmbException invalid(String why) {
        return new SmbException(NtStatus.STATUS_INVALID_PARAMETER, why);
    }

    /**
     * Checks the StructureSize field and that the fixed part of the body is present. An odd StructureSize counts the
     * first byte of the variable part, which may be absent, so only the even part is required (as Samba does).
     */
    static void requireBody(ByteBuf msg, int structureSize, String what) {
        if (msg.readableBytes() < BODY + 2) {
            throw invalid(what + ": message shorter than a header and a StructureSize");
        }
        int actual = msg.getUnsignedShortLE(msg.readerIndex() + BODY);
        if (actual != structureSize) {
            throw invalid(what + ": StructureSize " + actual + ", expected " + structureSize);
        }
        if (msg.readableBytes() < BODY + fixedSize(structureSize)) {
            throw invalid(what + ": body shorter than its fixed part");
        }
    }

    /** The fixed part of a body with this StructureSize: the odd byte, if any, belongs to the variable buffer. */
    static int fixedSize(int structureSize) {
        return structureSize & ~1;
    }

    /**
     * A borrowed slice of the message for an offset/length pair. A zero length yields an empty buffer whatever the
     * offset (clients send either zero or the buffer's position). Otherwise the range must start at or after
     * {@code minOffset} (the end of the fixed part) and end inside the message.
     */
    static ByteBuf slice(ByteBuf msg, long offset, long length, int minOffset, String what) {
        if (length == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        checkRange(msg, offset, length, minOffset, what);
        return msg.slice(msg.readerIndex() + (int) offset, (int) length);
    }

    /** Throws unless {@code [offset, offset + length)} lies between {@code minOffset} and the end of the message. */
    static void checkRange(ByteBuf msg, long offset, long length, int minOffset, String what) {
        if (offset < minOffset || length < 0 || offset + length > msg.readableBytes()) {
            throw invalid(what + " outside the message (offset " + offset + ", length " + length + ")");
        }
    }

    /** A UTF-16LE string at an offset/length pair, bounded like {@link #slice}; an odd byte length is malformed. */
    static String utf16(ByteBuf msg, long offset, long length, int minOffset, String what) {
        if (length == 0) {
            return "";
        }
        if ((length & 1) != 0) {
            throw invalid(what + " has an odd UTF-16 length " + length);
        }
        checkRange(msg, offset, length, minOffset, what);
        return msg.toString(msg.readerIndex() + (int) offset, (int) length, StandardCharsets.UTF_16LE);
    }

    /** Encoded length of a UTF-16LE string: two bytes per UTF-16 code unit. */
    static int utf16Length(String s) {
        return s.length() * 2;
    }

    static void writeUtf16(ByteBuf out, String s) {
        out.writeCharSequence(s, StandardCharsets.UTF_16LE);
    }

    /** Writes a buffer's readable bytes without touching its indices. */
    static void writeAll(ByteBuf out, ByteBuf data) {
        out.writeBytes(data, data.readerIndex(), data.readableBytes());
    }

    static int align8(int n) {
        return (n + 7) & ~7;
    }

    static String requireUtf16Field(String s, String what) {
        if (s == null) {
            throw new NullPointerException(what);
        }
        if (utf16Length(s) > 0xFFFF) {
            throw new IllegalArgumentException(what + " longer than a 16-bit length field allows");
        }
        return s;
    }

    static long requireUint32(long v, String what) {
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(what + " is not an unsigned 32-bit value: " + v);
        }
        return v;
    }

    /**
     * The body shared by QUERY_DIRECTORY, CHANGE_NOTIFY and QUERY_INFO responses ([MS-SMB2] 2.2.34, 2.2.36, 2.2.38):
     * StructureSize 9, OutputBufferOffset (2 bytes), OutputBufferLength (4 bytes), Buffer. Returns a borrowed slice.
     */
    static ByteBuf decodeOutputBuffer(ByteBuf msg, String what) {
        requireBody(msg, OUTPUT_BUFFER_STRUCTURE_SIZE, what);
        int b = msg.readerIndex() + BODY;
        int offset = msg.getUnsignedShortLE(b + 2);           // OutputBufferOffset (2 bytes)
        long length = msg.getUnsignedIntLE(b + 4);            // OutputBufferLength (4 bytes)
        return slice(msg, offset, length, OUTPUT_BUFFER_OFFSET, what + " output");
    }

    static void encodeOutputBuffer(ByteBuf out, ByteBuf data) {
        out.writeShortLE(OUTPUT_BUFFER_STRUCTURE_SIZE);       // StructureSize (2 bytes)
        out.writeShortLE(OUTPUT_BUFFER_OFFSET);               // OutputBufferOffset (2 bytes)
        out.writeIntLE(data.readableBytes());                 // OutputBufferLength (4 bytes)
        writeAll(out, data);                                  // Buffer (variable)
    }
}

package io.signet.auth.ntlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Little-endian field access shared by the three NTLM messages ([MS-NLMP] 2.2.1: signature, message type, and
 * "fields" descriptors of Len (2 bytes), MaxLen (2 bytes) and BufferOffset (4 bytes) pointing into the payload).
 */
final class NtlmWire {
    /** "NTLMSSP\0" ([MS-NLMP] 2.2.1.1 Signature). */
    static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

    private NtlmWire() {
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static int i32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    static long u32(byte[] b, int off) {
        return i32(b, off) & 0xFFFFFFFFL;
    }

    static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    static void putI32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /** Checks signature, message type and a minimum length. */
    static void checkHeader(byte[] m, int type, int minLength, String name) throws NtlmFormatException {
        if (m.length < minLength) {
            throw new NtlmFormatException(name + " is " + m.length + " bytes, shorter than its " + minLength
                    + "-byte fixed part");
        }
        if (!Arrays.equals(m, 0, 8, SIGNATURE, 0, 8)) {
            throw new NtlmFormatException(name + " does not start with the NTLMSSP signature");
        }
        int actual = i32(m, 8);
        if (actual != type) {
            throw new NtlmFormatException(name + " has MessageType " + actual + ", expected " + type);
        }
    }

    /** A payload field descriptor, already checked to lie inside the message. */
    record Field(int offset, int length) {
        boolean isEmpty() {
            return length == 0;
        }

        byte[] copy(byte[] m) {
            return Arrays.copyOfRange(m, offset, offset + length);
        }
    }

    /**
     * Reads the 8-byte descriptor at {@code at} and checks that a non-empty field starts after the fixed part and
     * ends inside the message. MaxLen is ignored, as [MS-NLMP] 2.2.1 lets receivers do.
     */
    static Field field(byte[] m, int at, int fixedPartEnd, String name) throws NtlmFormatException {
        int length = u16(m, at);
        long offset = u32(m, at + 4);
        if (length == 0) {
            return new Field(0, 0);
        }
        if (offset < fixedPartEnd) {
            throw new NtlmFormatException(name + " at offset " + offset + " overlaps the " + fixedPartEnd
                    + "-byte fixed part");
        }
        if (offset > m.length || length > m.length - offset) {
            throw new NtlmFormatException(name + " (" + length + " bytes at offset " + offset + ") runs past the end"
                    + " of the " + m.length + "-byte message");
        }
        return new Field((int) offset, length);
    }

    /** Writes a descriptor and returns the offset after the field's payload. */
    static int putField(byte[] m, int at, int offset, int length) {
        putU16(m, at, length);
        putU16(m, at + 2, length);
        putI32(m, at + 4, offset);
        return offset + length;
    }

    static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    /** Decodes a name field: UTF-16LE when Unicode was negotiated, otherwise the OEM set read as ISO-8859-1. */
    static String string(byte[] bytes, boolean unicode, String name) throws NtlmFormatException {
        if (!unicode) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (bytes.length % 2 != 0) {
            throw new NtlmFormatException(name + " has an odd number of bytes for UTF-16");
        }
        return new String(bytes, StandardCharsets.UTF_16LE);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** True when {@code buffer} starts with the NTLMSSP signature (a raw, un-wrapped NTLM token). */
    static boolean startsWithSignature(byte[] buffer) {
        return buffer.length >= 8 && Arrays.equals(buffer, 0, 8, SIGNATURE, 0, 8);
    }
}

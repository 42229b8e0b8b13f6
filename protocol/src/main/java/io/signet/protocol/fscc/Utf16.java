package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;

/**
 * UTF-16LE names as [MS-FSCC] 2.1.5 stores them: code units copied one for one, so the byte length is always twice
 * the Java string length, and an unpaired surrogate survives the round trip instead of becoming '?'.
 */
final class Utf16 {
    private Utf16() {
    }

    static int byteLength(CharSequence s) {
        return s.length() * 2;
    }

    /** Writes {@code s} at the writer index; returns the number of bytes written. */
    static int write(ByteBuf out, CharSequence s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            out.writeShortLE(s.charAt(i));
        }
        return n * 2;
    }

    /** Reads {@code byteLength} bytes (even) from the reader index as UTF-16LE code units. */
    static String read(ByteBuf in, int byteLength) {
        char[] chars = new char[byteLength / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) in.readShortLE();
        }
        return new String(chars);
    }
}

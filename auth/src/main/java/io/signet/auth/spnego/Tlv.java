package io.signet.auth.spnego;

/**
 * One DER element located inside a {@link DerReader}'s buffer (X.690 8.1.1: identifier, length, contents).
 *
 * @param tag        the identifier octet (class, constructed bit and a tag number below 31)
 * @param start      offset of the identifier octet
 * @param valueStart offset of the first contents octet
 * @param length     number of contents octets
 */
public record Tlv(int tag, int start, int valueStart, int length) {

    /** Offset just past the contents. */
    public int valueEnd() {
        return valueStart + length;
    }

    /** X.690 8.1.2.5: bit 6 of the identifier octet marks a constructed encoding. */
    public boolean isConstructed() {
        return (tag & 0x20) != 0;
    }
}

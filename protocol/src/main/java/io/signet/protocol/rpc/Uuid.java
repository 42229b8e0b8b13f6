package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;

/**
 * A DCE UUID ([C706] Appendix A) held as the 128-bit number of its string form. On the wire ([MS-RPCE] 2.2.2 uses the
 * NDR little-endian form) time_low, time_mid and time_hi_and_version are little-endian and the last 8 bytes are in
 * string order.
 */
public record Uuid(long mostSignificant, long leastSignificant) {
    public static final int SIZE = 16;

    /** Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". */
    public static Uuid parse(String s) {
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-'
                || s.charAt(23) != '-') {
            throw new IllegalArgumentException("not a UUID: " + s);
        }
        String hex = s.replace("-", "");
        return new Uuid(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16));
    }

    /** Reads 16 bytes at the reader index; the caller has checked they are there. */
    public static Uuid decode(ByteBuf buf) {
        long timeLow = buf.readUnsignedIntLE();
        long timeMid = buf.readUnsignedShortLE();
        long timeHi = buf.readUnsignedShortLE();
        long rest = buf.readLong();
        return new Uuid(timeLow << 32 | timeMid << 16 | timeHi, rest);
    }

    public void encode(ByteBuf buf) {
        buf.writeIntLE((int) (mostSignificant >>> 32)); // time_low (4 bytes)
        buf.writeShortLE((int) (mostSignificant >>> 16)); // time_mid (2 bytes)
        buf.writeShortLE((int) mostSignificant); // time_hi_and_version (2 bytes)
        buf.writeLong(leastSignificant); // clock_seq and node (8 bytes, in string order)
    }

    @Override
    public String toString() {
        String hi = String.format("%016x", mostSignificant);
        String lo = String.format("%016x", leastSignificant);
        return hi.substring(0, 8) + "-" + hi.substring(8, 12) + "-" + hi.substring(12) + "-" + lo.substring(0, 4)
                + "-" + lo.substring(4);
    }
}

package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/**
 * The 16-byte LeaseKey (and ParentLeaseKey) of [MS-SMB2] 2.2.13.2.8/10, 2.2.23.2 and 2.2.24.2: a value the client
 * chooses, compared only as bytes; kept as its two little-endian halves.
 */
public record LeaseKey(long low, long high) {
    public static final int SIZE = 16;
    public static final LeaseKey ZERO = new LeaseKey(0, 0);

    public static LeaseKey read(ByteBuf buf, int index) {
        return new LeaseKey(buf.getLongLE(index), buf.getLongLE(index + 8));
    }

    public void write(ByteBuf out) {
        out.writeLongLE(low);
        out.writeLongLE(high);
    }

    @Override
    public String toString() {
        return String.format("%016x%016x", high, low);
    }
}

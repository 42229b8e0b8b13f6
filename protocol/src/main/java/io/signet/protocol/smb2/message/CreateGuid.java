package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/**
 * A 16-byte GUID of a create context, kept as its wire bytes (read big-endian into two longs, so that equal bytes
 * are equal values and it writes back unchanged): the CreateGuid of durable handles v2 ([MS-SMB2] 2.2.13.2.11) and
 * the AppInstanceId ([MS-SMB2] 2.2.13.2.13). Only compared, never interpreted.
 */
public record CreateGuid(long high, long low) {
    public static final int SIZE = 16;

    public static CreateGuid read(ByteBuf buf, int index) {
        return new CreateGuid(buf.getLong(index), buf.getLong(index + 8));
    }

    /** The GUID of 16 bytes in wire order, e.g. a NEGOTIATE's ClientGuid. */
    public static CreateGuid of(byte[] wire) {
        if (wire.length != SIZE) {
            throw new IllegalArgumentException("a GUID has 16 bytes, not " + wire.length);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (wire[i] & 0xFF);
            low = (low << 8) | (wire[i + 8] & 0xFF);
        }
        return new CreateGuid(high, low);
    }

    public void write(ByteBuf out) {
        out.writeLong(high);
        out.writeLong(low);
    }

    public boolean isZero() {
        return high == 0 && low == 0;
    }

    @Override
    public String toString() {
        return String.format("%016x%016x", high, low);
    }
}

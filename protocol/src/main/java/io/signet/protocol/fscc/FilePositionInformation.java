package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;

/** [MS-FSCC] 2.4 FilePositionInformation: FILE_POSITION_INFORMATION, 8 bytes, QUERY_INFO and SET_INFO. */
public record FilePositionInformation(long currentByteOffset) {
    public static final int SIZE = 8;

    /**
     * Reads the structure at the reader index of {@code buf} (borrowed).
     *
     * @throws io.signet.protocol.status.SmbException STATUS_INFO_LENGTH_MISMATCH if fewer than 8 bytes
     */
    public static FilePositionInformation decode(ByteBuf buf) {
        InfoBuffers.requireLength(buf, SIZE, "FILE_POSITION_INFORMATION");
        return new FilePositionInformation(buf.readLongLE());      // CurrentByteOffset (8 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeLongLE(currentByteOffset);                          // CurrentByteOffset (8 bytes)
    }
}

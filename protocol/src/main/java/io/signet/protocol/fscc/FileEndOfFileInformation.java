package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;

/** [MS-FSCC] 2.4 FileEndOfFileInformation: FILE_END_OF_FILE_INFORMATION, 8 bytes, SET_INFO only. */
public record FileEndOfFileInformation(long endOfFile) {
    public static final int SIZE = 8;

    /**
     * Reads the structure at the reader index of {@code buf} (borrowed).
     *
     * @throws io.signet.protocol.status.SmbException STATUS_INFO_LENGTH_MISMATCH if fewer than 8 bytes
     */
    public static FileEndOfFileInformation decode(ByteBuf buf) {
        InfoBuffers.requireLength(buf, SIZE, "FILE_END_OF_FILE_INFORMATION");
        return new FileEndOfFileInformation(buf.readLongLE());     // EndOfFile (8 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeLongLE(endOfFile);                                  // EndOfFile (8 bytes)
    }
}

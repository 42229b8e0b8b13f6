package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;

/** [MS-FSCC] 2.4 FileAllocationInformation: FILE_ALLOCATION_INFORMATION, 8 bytes, SET_INFO only. */
public record FileAllocationInformation(long allocationSize) {
    public static final int SIZE = 8;

    /**
     * Reads the structure at the reader index of {@code buf} (borrowed).
     *
     * @throws io.signet.protocol.status.SmbException STATUS_INFO_LENGTH_MISMATCH if fewer than 8 bytes
     */
    public static FileAllocationInformation decode(ByteBuf buf) {
        InfoBuffers.requireLength(buf, SIZE, "FILE_ALLOCATION_INFORMATION");
        return new FileAllocationInformation(buf.readLongLE());    // AllocationSize (8 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeLongLE(allocationSize);                             // AllocationSize (8 bytes)
    }
}

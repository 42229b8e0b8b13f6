package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;

/**
 * [MS-FSCC] 2.4.11 FileDispositionInformation: FILE_DISPOSITION_INFORMATION, 1 byte, SET_INFO only. Any non-zero
 * DeletePending byte counts as TRUE ([MS-FSCC] 2.1.8 Boolean).
 */
public record FileDispositionInformation(boolean deletePending) {
    public static final int SIZE = 1;

    /**
     * Reads the structure at the reader index of {@code buf} (borrowed).
     *
     * @throws io.signet.protocol.status.SmbException STATUS_INFO_LENGTH_MISMATCH if the buffer is empty
     */
    public static FileDispositionInformation decode(ByteBuf buf) {
        InfoBuffers.requireLength(buf, SIZE, "FILE_DISPOSITION_INFORMATION");
        return new FileDispositionInformation(buf.readByte() != 0);  // DeletePending (1 byte)
    }

    public void encode(ByteBuf out) {
        out.writeByte(deletePending ? 1 : 0);                        // DeletePending (1 byte)
    }
}

package io.signet.protocol.fsctl;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/**
 * FILE_ZERO_DATA_INFORMATION, the input of FSCTL_SET_ZERO_DATA ([MS-FSCC] 2.3 FSCTL_SET_ZERO_DATA Request): the bytes
 * from FileOffset up to, not including, BeyondFinalZero become zero.
 *
 * @param fileOffset      the first byte to zero
 * @param beyondFinalZero the first byte after the last one to zero
 */
public record ZeroDataInformation(long fileOffset, long beyondFinalZero) {
    public static final int SIZE = 16;

    /**
     * Reads the structure from the first 16 readable bytes of {@code input} (borrowed; its indices do not move).
     *
     * @throws SmbException STATUS_INVALID_PARAMETER for fewer than 16 bytes, a negative offset, or FileOffset past
     *                      BeyondFinalZero ([MS-FSA] 2.1.5.10.39)
     */
    public static ZeroDataInformation decode(ByteBuf input) {
        if (input.readableBytes() < SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                    "FILE_ZERO_DATA_INFORMATION needs 16 bytes, got " + input.readableBytes());
        }
        int r = input.readerIndex();
        long offset = input.getLongLE(r);                  // FileOffset (8 bytes)
        long beyond = input.getLongLE(r + 8);              // BeyondFinalZero (8 bytes)
        if (offset < 0 || beyond < 0 || offset > beyond) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                    "zero data range " + offset + ".." + beyond + " is not a range of the file");
        }
        return new ZeroDataInformation(offset, beyond);
    }

    public void encode(ByteBuf out) {
        out.writeLongLE(fileOffset);                        // FileOffset (8 bytes)
        out.writeLongLE(beyondFinalZero);                   // BeyondFinalZero (8 bytes)
    }
}

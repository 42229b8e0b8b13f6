package io.signet.protocol.fsctl;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/**
 * [MS-FSCC] 2.3.51 / 2.3.52 FILE_ALLOCATED_RANGE_BUFFER: the range an FSCTL_QUERY_ALLOCATED_RANGES request asks
 * about, and each range its reply reports as allocated. Both fields are signed 64-bit on the wire; a request's
 * values are checked by {@link #decodeQuery}, a reply's are built by the server and always positive.
 *
 * @param fileOffset the first byte of the range
 * @param length     the number of bytes; at least 1 in a reply
 */
public record AllocatedRange(long fileOffset, long length) {
    public static final int SIZE = 16;

    /** The first byte after the range. */
    public long end() {
        return fileOffset + length;
    }

    /**
     * Reads the query range from the first 16 readable bytes of {@code input} (borrowed; its indices do not move).
     * Extra bytes are ignored, as Windows ignores them (smbtorture smb2.ioctl.sparse_qar_malformed).
     *
     * @throws SmbException STATUS_INVALID_PARAMETER for fewer than 16 bytes, a negative FileOffset or Length, or a
     *                      range whose end passes 2^63 - 1 ([MS-FSA] 2.1.5.10.22)
     */
    public static AllocatedRange decodeQuery(ByteBuf input) {
        if (input.readableBytes() < SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                    "FILE_ALLOCATED_RANGE_BUFFER needs 16 bytes, got " + input.readableBytes());
        }
        int r = input.readerIndex();
        long offset = input.getLongLE(r);                  // FileOffset (8 bytes)
        long length = input.getLongLE(r + 8);              // Length (8 bytes)
        if (offset < 0 || length < 0 || offset + length < 0) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                    "allocated range query " + offset + "+" + length + " outside 0..2^63-1");
        }
        return new AllocatedRange(offset, length);
    }

    public void encode(ByteBuf out) {
        out.writeLongLE(fileOffset);                        // FileOffset (8 bytes)
        out.writeLongLE(length);                            // Length (8 bytes)
    }
}

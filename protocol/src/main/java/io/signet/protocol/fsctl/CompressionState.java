package io.signet.protocol.fsctl;

import io.netty.buffer.ByteBuf;

/**
 * The USHORT CompressionState of FSCTL_GET_COMPRESSION's output and FSCTL_SET_COMPRESSION's input ([MS-FSCC] 2.3.18,
 * 2.3.67, values as [MS-FSCC] 2.3.69 gives them).
 *
 * @param format one of the COMPRESSION_FORMAT_* values, or any other USHORT a client sent
 */
public record CompressionState(int format) {
    public static final int COMPRESSION_FORMAT_NONE = 0x0000;
    public static final int COMPRESSION_FORMAT_DEFAULT = 0x0001;
    public static final int COMPRESSION_FORMAT_LZNT1 = 0x0002;
    public static final int SIZE = 2;

    /** Whether the format is one [MS-FSCC] defines; [MS-FSA] 2.1.5.10.30 refuses any other. */
    public boolean isKnown() {
        return format == COMPRESSION_FORMAT_NONE || format == COMPRESSION_FORMAT_DEFAULT
                || format == COMPRESSION_FORMAT_LZNT1;
    }

    /**
     * Reads the state from the first two readable bytes of {@code input} without moving its indices; fewer than two
     * is STATUS_INVALID_PARAMETER ([MS-FSA] 2.1.5.10.30).
     */
    public static CompressionState decode(ByteBuf input) {
        if (input.readableBytes() < SIZE) {
            throw Malformed.because("COMPRESSION_STATE needs 2 bytes");
        }
        return new CompressionState(input.getUnsignedShortLE(input.readerIndex())); // CompressionState (2 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(format);                             // CompressionState (2 bytes)
    }
}

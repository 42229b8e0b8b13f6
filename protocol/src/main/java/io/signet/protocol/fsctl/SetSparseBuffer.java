package io.signet.protocol.fsctl;

import io.netty.buffer.ByteBuf;

/**
 * FILE_SET_SPARSE_BUFFER, the optional input of FSCTL_SET_SPARSE ([MS-FSCC] 2.3 FSCTL_SET_SPARSE Request).
 *
 * @param setSparse SetSparse: true to mark the file sparse, false to clear the mark
 */
public record SetSparseBuffer(boolean setSparse) {
    public static final int SIZE = 1;

    /**
     * Reads the buffer from the readable bytes of {@code input} without moving its indices. The buffer is optional:
     * without it the file becomes sparse ([MS-FSA] 2.1.5.10.38). Only the first byte, a BOOLEAN, counts; a longer
     * buffer is accepted as Windows accepts it (smbtorture smb2.ioctl.sparse_set_oversize).
     */
    public static SetSparseBuffer decode(ByteBuf input) {
        return new SetSparseBuffer(!input.isReadable() || input.getByte(input.readerIndex()) != 0);
    }

    public void encode(ByteBuf out) {
        out.writeByte(setSparse ? 1 : 0);                     // SetSparse (1 byte)
    }
}

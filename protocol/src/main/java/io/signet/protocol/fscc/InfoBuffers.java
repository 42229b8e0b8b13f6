package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/** Bounds checks shared by the SET_INFO decoders. */
final class InfoBuffers {
    private InfoBuffers() {
    }

    /** Fails with STATUS_INFO_LENGTH_MISMATCH unless {@code buf} holds at least {@code size} readable bytes. */
    static void requireLength(ByteBuf buf, int size, String structure) {
        if (buf.readableBytes() < size) {
            throw new SmbException(NtStatus.STATUS_INFO_LENGTH_MISMATCH,
                    structure + " needs " + size + " bytes, got " + buf.readableBytes());
        }
    }
}

package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;

/** Cuts an answer that outgrew the client's OutputBufferLength, for the QUERY_INFO encoders. */
final class Truncation {
    private Truncation() {
    }

    /**
     * Runs {@code encoder} (which appends to {@code out}) and keeps at most {@code maxBytes} of what it wrote.
     *
     * @return STATUS_BUFFER_OVERFLOW if bytes were dropped, else STATUS_SUCCESS
     */
    static NtStatus encodeBounded(ByteBuf out, int maxBytes, Runnable encoder) {
        int start = out.writerIndex();
        encoder.run();
        if (out.writerIndex() - start > maxBytes) {
            out.writerIndex(start + maxBytes);
            return NtStatus.STATUS_BUFFER_OVERFLOW;
        }
        return NtStatus.STATUS_SUCCESS;
    }
}

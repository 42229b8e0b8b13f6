package io.signet.protocol.dtyp;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/**
 * The one failure of every decoder in this package. Windows answers a malformed descriptor with
 * STATUS_INVALID_SECURITY_DESCR; Signet's status table does not have it, so STATUS_INVALID_PARAMETER is used.
 */
final class Malformed {
    private Malformed() {
    }

    static SmbException because(String reason) {
        return new SmbException(NtStatus.STATUS_INVALID_PARAMETER, reason);
    }

    /**
     * Checks that {@code [index, index + length)} lies inside {@code [index, limit)} and that {@code limit} lies
     * inside the written part of {@code buf}. Arithmetic is done in {@code long} so a huge claimed length cannot wrap.
     */
    static void requireRange(ByteBuf buf, int index, long length, int limit, String what) {
        if (index < 0 || limit > buf.writerIndex() || index > limit) {
            throw because(what + ": range [" + index + ", " + limit + ") is outside the buffer");
        }
        if (index + length > limit) {
            throw because(what + " needs " + length + " bytes at " + index + " but only " + (limit - index)
                    + " are left");
        }
    }
}

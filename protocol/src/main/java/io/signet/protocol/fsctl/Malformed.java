package io.signet.protocol.fsctl;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/**
 * The one failure of the decoders in this package: an FSCTL input or output buffer too short for its structure or
 * holding a value the structure forbids is STATUS_INVALID_PARAMETER, as [MS-FSA] and [MS-SMB2] 3.3.5.15 answer it.
 */
final class Malformed {
    private Malformed() {
    }

    static SmbException because(String reason) {
        return new SmbException(NtStatus.STATUS_INVALID_PARAMETER, reason);
    }
}

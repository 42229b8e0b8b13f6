package io.signet.protocol.status;

/**
 * A request failed with a specific NTSTATUS. Handlers throw it; the dispatcher turns it into an SMB2 ERROR response
 * ([MS-SMB2] 2.2.2). It carries no stack trace: it is control flow for an expected outcome, not a bug.
 */
public final class SmbException extends RuntimeException {
    private final NtStatus status;

    public SmbException(NtStatus status) {
        this(status, status.name());
    }

    public SmbException(NtStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public NtStatus status() {
        return status;
    }
}

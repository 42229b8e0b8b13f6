package io.signet.protocol.status;

/**
 * A request failed with a specific NTSTATUS. Handlers throw it; the dispatcher turns it into an SMB2 ERROR response
 * ([MS-SMB2] 2.2.2). It carries no stack trace: it is control flow for an expected outcome, not a bug.
 */
public final class SmbException extends RuntimeException {
    private static final byte[] NO_DATA = new byte[0];

    private final NtStatus status;
    private final byte[] errorData;

    public SmbException(NtStatus status) {
        this(status, status.name());
    }

    public SmbException(NtStatus status, String message) {
        this(status, message, NO_DATA);
    }

    /** @param errorData the ERROR response's ErrorData ([MS-SMB2] 2.2.2), e.g. the size a buffer needs */
    public SmbException(NtStatus status, String message, byte[] errorData) {
        super(message, null, false, false);
        this.status = status;
        this.errorData = errorData.clone();
    }

    public NtStatus status() {
        return status;
    }

    public byte[] errorData() {
        return errorData.clone();
    }
}

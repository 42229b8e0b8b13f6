package io.signet.auth.ntlm;

/** An NTLM message is truncated, mis-typed, or has a field that points outside the message ([MS-NLMP] 2.2). */
public final class NtlmFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public NtlmFormatException(String message) {
        super(message);
    }
}

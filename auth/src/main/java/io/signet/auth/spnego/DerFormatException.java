package io.signet.auth.spnego;

/** A security token is not the DER structure it claims to be (X.690, RFC 4178 4.2). */
public final class DerFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public DerFormatException(String message) {
        super(message);
    }
}

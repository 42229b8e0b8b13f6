package io.signet.auth.kerberos;

/**
 * Why an AP-REQ or a MIC token was refused. Carries no stack trace: it is thrown once per refused client token,
 * and the reason alone is what the log needs.
 */
public final class KerberosException extends Exception {
    private static final long serialVersionUID = 1L;

    public KerberosException(String reason) {
        super(reason, null, false, false);
    }
}

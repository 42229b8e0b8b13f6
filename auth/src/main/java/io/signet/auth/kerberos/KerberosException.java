package io.signet.auth.kerberos;

import java.util.Optional;

/**
 * Why an AP-REQ or a MIC token was refused. Carries no stack trace: it is thrown once per refused client token,
 * and the reason alone is what the log needs. Once the ticket's service is known, the exception names it, so the log
 * line can say which service's ticket was refused.
 */
public final class KerberosException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String service;

    public KerberosException(String reason) {
        this(reason, null);
    }

    private KerberosException(String reason, String service) {
        super(reason, null, false, false);
        this.service = service;
    }

    /** The same refusal, about a ticket for {@code servicePrincipal}. */
    KerberosException about(String servicePrincipal) {
        return service != null ? this : new KerberosException(getMessage(), servicePrincipal);
    }

    /** The service principal ({@code cifs/host@REALM}) of the refused ticket, once the refusal came after reading it. */
    public Optional<String> service() {
        return Optional.ofNullable(service);
    }
}

package io.signet.auth;

/**
 * One authentication conversation: the SESSION_SETUP requests of one new session or one re-authentication
 * ([MS-SMB2] 3.3.5.5). Not thread-safe: its caller makes one call at a time (a server may receive the legs of one
 * re-authentication on different connections, and then serialises them itself).
 */
public interface AuthExchange {

    /**
     * Consumes the SecurityBuffer of one SESSION_SETUP request and says what to answer. Never throws: a malformed
     * buffer becomes a {@link AuthStep.Outcome#FAILURE}. Once a step has returned SUCCESS or FAILURE, any further
     * call fails with STATUS_INVALID_PARAMETER.
     *
     * @param securityBuffer the request's security buffer; {@code null} is treated as empty
     */
    AuthStep step(byte[] securityBuffer);
}

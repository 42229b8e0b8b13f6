package io.signet.auth;

import io.signet.auth.ntlm.NtlmAcceptor;
import io.signet.auth.spnego.NegTokenInit;
import io.signet.auth.spnego.ObjectId;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Turns SESSION_SETUP security buffers into an authenticated user and a session key: SPNEGO ([RFC 4178],
 * [MS-SPNG]) with NTLMv2 ([MS-NLMP]) as the mechanism. Thread-safe; one instance serves the whole server.
 */
public final class Authenticator {
    /** The negHints hintName that [MS-SPNG] 3.2.5.2 prescribes. */
    static final String HINT_NAME = "not_defined_in_RFC4178@please_ignore";

    private final UserDirectory users;
    private final ServerIdentity identity;
    private final SecureRandom random;
    private final Clock clock;
    private final byte[] negotiateToken;

    public Authenticator(UserDirectory users, ServerIdentity identity) {
        this(users, identity, new SecureRandom(), Clock.systemUTC());
    }

    Authenticator(UserDirectory users, ServerIdentity identity, SecureRandom random, Clock clock) {
        this.users = Objects.requireNonNull(users, "users");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.random = random;
        this.clock = clock;
        // [MS-SPNG] 2.2.1, 3.2.5.2: Kerberos (both OIDs Windows uses) then NTLMSSP; no mechToken, no mechListMIC.
        this.negotiateToken = NegTokenInit.of(
                List.of(ObjectId.KERBEROS_MICROSOFT, ObjectId.KERBEROS, ObjectId.NTLMSSP),
                null, HINT_NAME, null).encode();
    }

    /** The SPNEGO NegTokenInit2 for the SecurityBuffer of the SMB2 NEGOTIATE response ([MS-SMB2] 3.3.5.4). */
    public byte[] negotiateToken() {
        return negotiateToken.clone();
    }

    /** A new conversation, for one new session or one re-authentication. */
    public AuthExchange newExchange() {
        return new SessionSetupExchange(new NtlmAcceptor(users, identity, random, clock), identity, negotiateToken);
    }
}

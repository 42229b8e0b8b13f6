package io.signet.auth;

import io.signet.auth.kerberos.KerberosAcceptor;
import io.signet.auth.ntlm.NtlmAcceptor;
import io.signet.auth.spnego.NegTokenInit;
import io.signet.auth.spnego.ObjectId;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Turns SESSION_SETUP security buffers into an authenticated user and a session key: SPNEGO ([RFC 4178],
 * [MS-SPNG]) with Kerberos ([RFC 4121], when a keytab is configured) and NTLMv2 ([MS-NLMP]) as the mechanisms.
 * Thread-safe; one instance serves the whole server.
 */
public final class Authenticator {
    /** The negHints hintName that [MS-SPNG] 3.2.5.2 prescribes. */
    static final String HINT_NAME = "not_defined_in_RFC4178@please_ignore";

    private final UserDirectory users;
    private final ServerIdentity identity;
    private final SecureRandom random;
    private final Clock clock;
    private final KerberosAcceptor kerberos;
    private final byte[] negotiateToken;
    private final boolean mapUnknownUsersToGuest;

    /** An authenticator for NTLM only. */
    public Authenticator(UserDirectory users, ServerIdentity identity) {
        this(users, identity, null);
    }

    /**
     * An authenticator for Kerberos and NTLM.
     *
     * @param kerberos the Kerberos acceptor (its realm's users map to {@code users}), or {@code null} for NTLM only
     */
    public Authenticator(UserDirectory users, ServerIdentity identity, KerberosAcceptor kerberos) {
        this(users, identity, kerberos, false);
    }

    /**
     * An authenticator for Kerberos and NTLM that may map unknown users to guest.
     *
     * @param mapUnknownUsersToGuest Samba's {@code map to guest = bad user}: an NTLM logon whose user name is not in
     *                               {@code users} becomes a guest logon (no session key) instead of a failure
     */
    public Authenticator(UserDirectory users, ServerIdentity identity, KerberosAcceptor kerberos,
                         boolean mapUnknownUsersToGuest) {
        this(users, identity, kerberos, new SecureRandom(), Clock.systemUTC(), mapUnknownUsersToGuest);
    }

    Authenticator(UserDirectory users, ServerIdentity identity, KerberosAcceptor kerberos, SecureRandom random,
                  Clock clock) {
        this(users, identity, kerberos, random, clock, false);
    }

    Authenticator(UserDirectory users, ServerIdentity identity, KerberosAcceptor kerberos, SecureRandom random,
                  Clock clock, boolean mapUnknownUsersToGuest) {
        this.mapUnknownUsersToGuest = mapUnknownUsersToGuest;
        this.users = Objects.requireNonNull(users, "users");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.kerberos = kerberos;
        this.random = random;
        this.clock = clock;
        // [MS-SPNG] 2.2.1, 3.2.5.2: Kerberos (both OIDs Windows uses) then NTLMSSP; no mechToken, no mechListMIC.
        // Without a keytab Kerberos is not offered, so clients do not spend a round trip on a ticket we cannot
        // read.
        List<ObjectId> mechs = kerberos != null
                ? List.of(ObjectId.KERBEROS_MICROSOFT, ObjectId.KERBEROS, ObjectId.NTLMSSP)
                : List.of(ObjectId.NTLMSSP);
        this.negotiateToken = NegTokenInit.of(mechs, null, HINT_NAME, null).encode();
    }

    /** The SPNEGO NegTokenInit2 for the SecurityBuffer of the SMB2 NEGOTIATE response ([MS-SMB2] 3.3.5.4). */
    public byte[] negotiateToken() {
        return negotiateToken.clone();
    }

    /** A new conversation, for one new session or one re-authentication. */
    public AuthExchange newExchange() {
        KerberosLeg kerberosLeg = kerberos == null ? null : new KerberosLeg(kerberos, users, identity);
        return new SessionSetupExchange(new NtlmAcceptor(users, identity, random, clock), kerberosLeg, identity,
                negotiateToken, mapUnknownUsersToGuest);
    }
}

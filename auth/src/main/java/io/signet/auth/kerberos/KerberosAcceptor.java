package io.signet.auth.kerberos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.kerby.asn1.type.Asn1Type;
import org.apache.kerby.kerberos.kerb.KrbCodec;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.ap.ApOption;
import org.apache.kerby.kerberos.kerb.type.ap.ApOptions;
import org.apache.kerby.kerberos.kerb.type.ap.ApRep;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.ap.Authenticator;
import org.apache.kerby.kerberos.kerb.type.ap.EncAPRepPart;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.KeyUsage;
import org.apache.kerby.kerberos.kerb.type.base.KrbMessageType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.apache.kerby.kerberos.kerb.type.ticket.EncTicketPart;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;

/**
 * Accepts the Kerberos GSS mechanism's initial context token ([RFC 4121] 4.1): checks the AP-REQ inside it as
 * [RFC 4120] 3.2.3 prescribes and returns the context, with an AP-REP when the client asked for mutual
 * authentication. Thread-safe; one instance (and one replay cache) serves the whole server.
 *
 * <p>Every refusal is a {@link KerberosException} whose message says why, for a single log line; nothing the client
 * sends sizes an allocation beyond the token itself.
 */
public final class KerberosAcceptor {
    /** [RFC 4120] 5.3, 5.5.1: the only protocol version. */
    private static final int KRB5 = 5;

    private final ServiceKeys keys;
    private final String realm;
    private final Duration clockSkew;
    private final EnctypePolicy enctypes;
    private final Clock clock;
    private final ReplayCache replays;

    public KerberosAcceptor(ServiceKeys keys, String realm, Duration clockSkew, boolean allowRc4, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.realm = Objects.requireNonNull(realm, "realm");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        this.enctypes = new EnctypePolicy(allowRc4);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replays = new ReplayCache(clockSkew, ReplayCache.DEFAULT_CAPACITY);
    }

    /** An acceptor for the service principals of {@code keytab} in {@code realm}, on the system clock. */
    public static KerberosAcceptor fromKeytab(Path keytab, String realm, Duration clockSkew, boolean allowRc4)
            throws IOException {
        return new KerberosAcceptor(ServiceKeys.load(keytab), realm, clockSkew, allowRc4, Clock.systemUTC());
    }

    /** The realm whose tickets this acceptor takes, as configured. */
    public String realm() {
        return realm;
    }

    /** The service principals of the keytab. */
    public ServiceKeys keys() {
        return keys;
    }

    /**
     * Verifies a KRB_AP_REQ context token.
     *
     * @throws KerberosException when the token is malformed, the ticket is not for this server or cannot be
     *                           decrypted, a time is out of range, the authenticator is replayed, the GSS checksum
     *                           is missing or malformed, or the ticket's PAC is malformed, not signed with the
     *                           service key or not about the ticket's client
     */
    public KerberosContext accept(byte[] contextToken) throws KerberosException {
        try {
            return verify(contextToken);
        } catch (RuntimeException e) {
            // Kerby's types can throw on fields a hostile token leaves out or fills oddly; that is a bad token,
            // not a server fault, so it gets one log line like any other refusal.
            throw new KerberosException("malformed AP-REQ: " + e);
        }
    }

    private KerberosContext verify(byte[] contextToken) throws KerberosException {
        Instant now = clock.instant();
        byte[] apReqBytes = GssKrb5Token.unwrap(contextToken, GssKrb5Token.TOK_AP_REQ);
        ApReq apReq = decode(apReqBytes, ApReq.class, "AP-REQ");
        if (apReq.getPvno() != KRB5 || apReq.getMsgType() != KrbMessageType.AP_REQ) {
            throw new KerberosException("not a Kerberos 5 AP-REQ");
        }
        ApOptions options = apReq.getApOptions();
        if (options != null && options.isFlagSet(ApOption.USE_SESSION_KEY)) {
            throw new KerberosException("user-to-user (use-session-key) tickets are not supported");
        }
        Ticket ticket = apReq.getTicket();
        if (ticket == null || ticket.getSname() == null || ticket.getRealm() == null
                || ticket.getEncryptedEncPart() == null || apReq.getEncryptedAuthenticator() == null) {
            throw new KerberosException("AP-REQ without a complete ticket and authenticator");
        }
        if (ticket.getTktvno() != KRB5) {
            throw new KerberosException("ticket version " + ticket.getTktvno());
        }
        // [RFC 4120] 3.2.3: the ticket must be for this server, in this realm, and encrypted in a key we hold.
        if (!ticket.getRealm().equalsIgnoreCase(realm)) {
            throw new KerberosException("ticket for realm " + ticket.getRealm() + ", not " + realm);
        }
        String service = ServiceKeys.canonical(ticket.getSname().getNameStrings(), ticket.getRealm());
        try {
            return verifyTicket(apReq, service, now);
        } catch (KerberosException e) {
            throw e.about(service);
        }
    }

    /** The checks of [RFC 4120] 3.2.3 that come after the ticket's service is known; refusals do not repeat it. */
    private KerberosContext verifyTicket(ApReq apReq, String service, Instant now) throws KerberosException {
        if (!keys.isServicePrincipal(service)) {
            throw new KerberosException("the service is not in the keytab");
        }
        ApOptions options = apReq.getApOptions();
        Ticket ticket = apReq.getTicket();
        EncryptedData ticketPart = ticket.getEncryptedEncPart();
        if (!enctypes.allows(ticketPart.getEType())) {
            throw new KerberosException("ticket encrypted with refused enctype " + ticketPart.getEType());
        }
        EncryptionKey serviceKey = keys.key(service, ticketPart.getEType(), ticketPart.getKvno())
                .orElseThrow(() -> new KerberosException("the keytab has no key with enctype "
                        + ticketPart.getEType() + " and kvno " + ticketPart.getKvno()));
        EncTicketPart encTicket = decode(decrypt(ticketPart, serviceKey, KeyUsage.KDC_REP_TICKET, "ticket"),
                EncTicketPart.class, "ticket");
        EncryptionKey sessionKey = encTicket.getKey();
        if (sessionKey == null || encTicket.getCname() == null || encTicket.getCrealm() == null
                || encTicket.getAuthTime() == null || encTicket.getEndTime() == null) {
            throw new KerberosException("ticket without session key, client or times");
        }
        checkTicketTimes(encTicket, now);
        if (!enctypes.allows(sessionKey.getKeyType()) || sessionKey.getKeyData() == null) {
            throw new KerberosException("ticket session key of refused enctype " + sessionKey.getKeyType());
        }

        byte[] authenticatorBytes = decrypt(apReq.getEncryptedAuthenticator(), sessionKey, KeyUsage.AP_REQ_AUTH,
                "authenticator");
        Authenticator authenticator = decode(authenticatorBytes, Authenticator.class, "authenticator");
        if (authenticator.getAuthenticatorVno() != KRB5 || authenticator.getCname() == null
                || authenticator.getCrealm() == null || authenticator.getCtime() == null) {
            throw new KerberosException("authenticator without version 5, client or time");
        }
        // [RFC 4120] 3.2.3: the authenticator must name the ticket's client and be fresh.
        if (!sameName(authenticator.getCname(), encTicket.getCname())
                || !authenticator.getCrealm().equals(encTicket.getCrealm())) {
            throw new KerberosException("authenticator for " + authenticator.getCname() + "@"
                    + authenticator.getCrealm() + " in a ticket for " + encTicket.getCname() + "@"
                    + encTicket.getCrealm());
        }
        long ctime = authenticator.getCtime().getTime();
        long skew = Math.abs(now.toEpochMilli() - ctime);
        if (skew > clockSkew.toMillis()) {
            throw new KerberosException("clock skew " + skew / 1000 + " s (the client's clock "
                    + (ctime < now.toEpochMilli() ? "behind" : "ahead") + ", at most " + clockSkew.toSeconds()
                    + " s allowed)");
        }
        GssChecksum gss = GssChecksum.fromAuthenticator(authenticatorBytes);
        EncryptionKey subkey = authenticator.getSubKey();
        if (subkey != null && (!enctypes.allows(subkey.getKeyType()) || subkey.getKeyData() == null
                || subkey.getKeyData().length == 0)) {
            throw new KerberosException("authenticator subkey of refused enctype " + subkey.getKeyType());
        }
        // [MS-KILE] 3.4.5.3: a PAC, when there is one, must verify before the ticket is taken.
        PacLogonInfo pac = pacOf(encTicket, serviceKey);
        String client = ServiceKeys.canonical(encTicket.getCname().getNameStrings(), encTicket.getCrealm());
        switch (replays.record(client, service, ctime, authenticator.getCusec(), now)) {
            case REPLAY -> throw new KerberosException("replayed authenticator from " + client);
            case FULL -> throw new KerberosException("replay cache full; authenticator from " + client
                    + " refused");
            case FRESH -> {
            }
        }

        long initiatorSeq = authenticator.getSeqNumber() < 0 ? 0 : authenticator.getSeqNumber();
        boolean mutual = options != null && options.isFlagSet(ApOption.MUTUAL_REQUIRED) || gss.mutual();
        byte[] apRep = mutual ? apRep(authenticator, sessionKey, initiatorSeq) : null;
        KerberosIdentity identity = new KerberosIdentity(encTicket.getCname().getNameStrings(),
                encTicket.getCrealm(), pac);
        // [RFC 4121] 2: the context key is the initiator's subkey when present; we send no acceptor subkey, so
        // the SMB session key is that subkey or the ticket session key.
        return new KerberosContext(identity, subkey != null ? subkey : sessionKey, apRep, initiatorSeq);
    }

    /**
     * The verified logon information of the ticket's PAC, or {@code null} when the ticket has no PAC (Kerby and MIT
     * before 1.20 issue none) or a PAC without PAC_LOGON_INFO (MIT since 1.20). A PAC that is malformed, not signed
     * with the service key or not about this client refuses the ticket, as Windows does.
     */
    private static PacLogonInfo pacOf(EncTicketPart ticket, EncryptionKey serviceKey) throws KerberosException {
        Optional<byte[]> pac = TicketPac.find(ticket.getAuthorizationData());
        if (pac.isEmpty()) {
            return null;
        }
        return PacVerifier.verify(pac.get(), serviceKey, ticket.getAuthTime(), ticket.getCname()).orElse(null);
    }

    private void checkTicketTimes(EncTicketPart ticket, Instant now) throws KerberosException {
        TicketFlags flags = ticket.getFlags();
        if (flags != null && flags.isInvalid()) {
            throw new KerberosException("ticket flagged invalid ([RFC 4120] 2.2)");
        }
        long skew = clockSkew.toMillis();
        KerberosTime start = ticket.getStartTime() != null ? ticket.getStartTime() : ticket.getAuthTime();
        if (start.getTime() - skew > now.toEpochMilli()) {
            throw new KerberosException("ticket not valid before " + Instant.ofEpochMilli(start.getTime()));
        }
        if (ticket.getEndTime().getTime() + skew < now.toEpochMilli()) {
            throw new KerberosException("ticket expired at " + Instant.ofEpochMilli(ticket.getEndTime().getTime()));
        }
    }

    /**
     * [RFC 4120] 3.2.4, 5.5.2: the AP-REP echoes ctime and cusec, encrypted in the ticket session key with key
     * usage 12. It carries no subkey (the SMB session key stays the initiator's) and, as its sequence number, the
     * initiator's, so MIC tokens of both sides start from the same number.
     */
    private static byte[] apRep(Authenticator authenticator, EncryptionKey sessionKey, long seq)
            throws KerberosException {
        EncAPRepPart part = new EncAPRepPart();
        part.setCtime(authenticator.getCtime());
        part.setCusec(authenticator.getCusec());
        part.setSeqNumber((int) seq);
        try {
            ApRep rep = new ApRep();
            rep.setEncryptedEncPart(EncryptionHandler.encrypt(KrbCodec.encode(part), sessionKey,
                    KeyUsage.AP_REP_ENCPART));
            return GssKrb5Token.wrap(GssKrb5Token.TOK_AP_REP, KrbCodec.encode(rep));
        } catch (KrbException e) {
            throw new KerberosException("cannot build the AP-REP: " + e.getMessage());
        }
    }

    private static boolean sameName(PrincipalName a, PrincipalName b) {
        List<String> x = a.getNameStrings();
        return x != null && x.equals(b.getNameStrings());
    }

    private static byte[] decrypt(EncryptedData data, EncryptionKey key, KeyUsage usage, String what)
            throws KerberosException {
        if (data.getEType() == null || data.getEType().getValue() != key.getKeyType().getValue()) {
            throw new KerberosException(what + " encrypted with " + data.getEType() + ", but the key is "
                    + key.getKeyType());
        }
        if (data.getCipher() == null) {
            throw new KerberosException(what + " without cipher text");
        }
        try {
            return EncryptionHandler.decrypt(data, key, usage);
        } catch (KrbException | RuntimeException e) {
            // A wrong key and a tampered cipher text look the same: the integrity check fails ([RFC 3961] 5.3).
            throw new KerberosException(what + " does not decrypt with the " + key.getKeyType()
                    + " key: wrong key or tampered");
        }
    }

    /** Kerby's decoder, after the bounded DER check it lacks (it recurses without limit). */
    private static <T extends Asn1Type> T decode(byte[] der, Class<T> type, String what) throws KerberosException {
        DerNesting.check(der, what);
        try {
            return KrbCodec.decode(der, type);
        } catch (KrbException | RuntimeException e) {
            throw new KerberosException("malformed " + what + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "KerberosAcceptor[realm=" + realm.toUpperCase(Locale.ROOT) + ", principals=" + keys.principals()
                + "]";
    }
}

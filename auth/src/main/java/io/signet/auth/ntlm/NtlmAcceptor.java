package io.signet.auth.ntlm;

import io.signet.auth.ServerIdentity;
import io.signet.auth.UserDirectory;
import io.signet.protocol.fscc.FileTime;
import io.signet.protocol.status.NtStatus;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The server side of one NTLM exchange ([MS-NLMP] 3.2.5): NEGOTIATE in, CHALLENGE out, AUTHENTICATE in, verdict out.
 * Holds the messages because the AUTHENTICATE MIC covers all three. Not thread-safe.
 */
public final class NtlmAcceptor {
    /**
     * Flags granted when the client asks for them ([MS-NLMP] 3.2.5.1.1). LM_KEY and DATAGRAM are never granted;
     * SEAL is granted because refusing it gains nothing (SMB never uses NTLM sealing).
     */
    static final int GRANTABLE = NtlmFlags.NEGOTIATE_UNICODE | NtlmFlags.REQUEST_TARGET | NtlmFlags.NEGOTIATE_SIGN
            | NtlmFlags.NEGOTIATE_SEAL | NtlmFlags.NEGOTIATE_NTLM | NtlmFlags.NEGOTIATE_ALWAYS_SIGN
            | NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY | NtlmFlags.NEGOTIATE_VERSION | NtlmFlags.NEGOTIATE_128
            | NtlmFlags.NEGOTIATE_KEY_EXCH | NtlmFlags.NEGOTIATE_56;

    /**
     * Version ([MS-NLMP] 2.2.2.10): ProductMajorVersion 10, ProductMinorVersion 0, ProductBuild 0, Reserved,
     * NTLMRevisionCurrent 15 (NTLMSSP_REVISION_W2K3). Informational only.
     */
    private static final byte[] VERSION = {10, 0, 0, 0, 0, 0, 0, 15};

    private final UserDirectory users;
    private final ServerIdentity identity;
    private final SecureRandom random;
    private final Clock clock;
    private byte[] negotiate;
    private byte[] challenge;

    public NtlmAcceptor(UserDirectory users, ServerIdentity identity, SecureRandom random, Clock clock) {
        this.users = users;
        this.identity = identity;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Answers the client's NEGOTIATE_MESSAGE with a CHALLENGE_MESSAGE ([MS-NLMP] 3.2.5.1.1).
     *
     * @return the encoded CHALLENGE_MESSAGE
     * @throws IllegalStateException when called twice
     */
    public byte[] acceptNegotiate(byte[] negotiateMessage) throws NtlmFormatException {
        if (negotiate != null) {
            throw new IllegalStateException("NEGOTIATE_MESSAGE already processed");
        }
        NegotiateMessage request = NegotiateMessage.decode(negotiateMessage);
        int flags = challengeFlags(request.flags());
        byte[] serverChallenge = new byte[8];
        random.nextBytes(serverChallenge);
        String targetName = NtlmFlags.isSet(flags, NtlmFlags.REQUEST_TARGET) ? identity.netbiosName() : "";
        ChallengeMessage response = new ChallengeMessage(flags, targetName, serverChallenge, targetInfo(),
                NtlmFlags.isSet(flags, NtlmFlags.NEGOTIATE_VERSION) ? VERSION : null);
        negotiate = negotiateMessage.clone();
        challenge = response.encode();
        return challenge.clone();
    }

    /**
     * Checks the client's AUTHENTICATE_MESSAGE. Never throws for bad input.
     *
     * @throws IllegalStateException before {@link #acceptNegotiate}
     */
    public NtlmResult acceptAuthenticate(byte[] authenticateMessage) {
        if (challenge == null) {
            throw new IllegalStateException("no CHALLENGE_MESSAGE was sent");
        }
        if (!NtlmWire.startsWithSignature(authenticateMessage)) {
            return new NtlmResult.Rejected(NtStatus.STATUS_INVALID_PARAMETER, "not an NTLMSSP message");
        }
        return NtlmAuthenticateVerifier.verify(users, negotiate, challenge, authenticateMessage);
    }

    /** True when the buffer is a raw NTLMSSP token rather than a SPNEGO one. */
    public static boolean isNtlmssp(byte[] buffer) {
        return NtlmWire.startsWithSignature(buffer);
    }

    /**
     * The CHALLENGE flags for a client's NEGOTIATE flags: what it asked for among {@link #GRANTABLE}, plus
     * UNICODE (the only character set this server speaks) and TARGET_INFO (NTLMv2 needs the AV pairs), plus
     * TARGET_TYPE_SERVER when a target name was requested ([MS-NLMP] 3.2.5.1.1).
     */
    static int challengeFlags(int requested) {
        int flags = (requested & GRANTABLE) | NtlmFlags.NEGOTIATE_UNICODE | NtlmFlags.NEGOTIATE_TARGET_INFO;
        if (NtlmFlags.isSet(requested, NtlmFlags.REQUEST_TARGET)) {
            flags |= NtlmFlags.TARGET_TYPE_SERVER;
        }
        return flags;
    }

    /** TargetInfo ([MS-NLMP] 3.2.5.1.1): names, then MsvAvTimestamp, in the order Windows sends them. */
    private List<AvPair> targetInfo() {
        List<AvPair> pairs = new ArrayList<>(5);
        pairs.add(AvPair.ofName(AvPair.MSV_AV_NB_DOMAIN_NAME, identity.netbiosDomain()));
        pairs.add(AvPair.ofName(AvPair.MSV_AV_NB_COMPUTER_NAME, identity.netbiosName()));
        if (!identity.dnsDomainName().isEmpty()) {
            pairs.add(AvPair.ofName(AvPair.MSV_AV_DNS_DOMAIN_NAME, identity.dnsDomainName()));
        }
        if (!identity.dnsComputerName().isEmpty()) {
            pairs.add(AvPair.ofName(AvPair.MSV_AV_DNS_COMPUTER_NAME, identity.dnsComputerName()));
        }
        pairs.add(new AvPair(AvPair.MSV_AV_TIMESTAMP, fileTime(clock.instant())));
        return pairs;
    }

    private static byte[] fileTime(Instant now) {
        long ticks = FileTime.UNIX_EPOCH + now.getEpochSecond() * 10_000_000L + now.getNano() / 100;
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (ticks >>> (8 * i));
        }
        return out;
    }
}

package io.signet.auth.testing;

import io.signet.auth.NtHash;
import io.signet.auth.ntlm.AuthenticateMessage;
import io.signet.auth.ntlm.AvPair;
import io.signet.auth.ntlm.ChallengeMessage;
import io.signet.auth.ntlm.NegotiateMessage;
import io.signet.auth.ntlm.NtlmCrypto;
import io.signet.auth.ntlm.NtlmFlags;
import io.signet.auth.ntlm.NtlmFormatException;
import io.signet.auth.ntlm.NtlmSessionSecurity;
import io.signet.auth.ntlm.NtlmSessionSecurity.Direction;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small NTLMv2 client ([MS-NLMP] 3.1.5) for driving the server in tests, with switches to misbehave.
 * Deterministic: its client challenge and random session key come from a seeded generator.
 */
public final class NtlmTestClient {
    /** What Windows 10 asks for in its NEGOTIATE_MESSAGE (vector file 01). */
    public static final int WINDOWS_FLAGS = 0xE2088297;
    private static final byte[] VERSION = {10, 0, 0x5A, 0x29, 0, 0, 0, 15};

    private final String user;
    private final String domain;
    private final String password;
    private final Random random = new Random(42);

    /** Flags for the NEGOTIATE_MESSAGE. */
    public int flags = WINDOWS_FLAGS;
    /** Announce and send a MIC (MsvAvFlags bit 0x2). */
    public boolean sendMic = true;
    /** Flip one bit of the MIC after computing it. */
    public boolean corruptMic;
    /** Domain fed to NTOWFv2 when it should differ from the one sent ({@code null}: the same). */
    public String hashDomain;
    /** Send a 24-byte NTLMv1-sized NtChallengeResponse. */
    public boolean ntlmV1;
    /** Length of the MsvAvFlags value sent with the MIC announcement; 4 is right, others are malformed. */
    public int avFlagsLength = 4;
    /** Leave the server's MsvAvTimestamp out of the NTLMv2 client challenge. */
    public boolean omitTimestamp;
    /** Log on anonymously ([MS-NLMP] 3.1.5.1.2: empty user, Z(1) LM response, empty NT response). */
    public boolean anonymous;

    private byte[] negotiate;
    private int negotiated;
    private byte[] exportedSessionKey;

    public NtlmTestClient(String user, String domain, String password) {
        this.user = user;
        this.domain = domain;
        this.password = password;
    }

    public byte[] negotiate() {
        negotiate = new NegotiateMessage(flags, VERSION).encode();
        return negotiate.clone();
    }

    public byte[] authenticate(byte[] challengeMessage) throws NtlmFormatException {
        ChallengeMessage challenge = ChallengeMessage.decode(challengeMessage);
        negotiated = challenge.flags() & flags;
        if (anonymous) {
            negotiated |= NtlmFlags.NEGOTIATE_ANONYMOUS;
            return new AuthenticateMessage(negotiated, new byte[1], new byte[0], "", "", "", new byte[0], VERSION,
                    null).encode();
        }
        byte[] ntowf = NtlmCrypto.ntowfV2(NtHash.of(password), user, hashDomain == null ? domain : hashDomain);
        byte[] nt;
        byte[] sessionBaseKey;
        if (ntlmV1) {
            nt = bytes(24);
            sessionBaseKey = bytes(16);
        } else {
            byte[] blob = clientChallengeBlob(challenge);
            byte[] proof = NtlmCrypto.ntProofStr(ntowf, challenge.serverChallenge(), blob);
            nt = concat(proof, blob);
            sessionBaseKey = NtlmCrypto.sessionBaseKey(ntowf, proof);
        }
        byte[] encryptedKey = new byte[0];
        exportedSessionKey = sessionBaseKey;
        if (NtlmFlags.isSet(negotiated, NtlmFlags.NEGOTIATE_KEY_EXCH)) {
            exportedSessionKey = bytes(16);
            encryptedKey = NtlmCrypto.rc4(sessionBaseKey, exportedSessionKey);
        }
        byte[] message = new AuthenticateMessage(negotiated, new byte[24], nt, domain, user, "CLIENT", encryptedKey,
                VERSION, sendMic ? new byte[16] : null).encode();
        if (sendMic) {
            byte[] mic = NtlmCrypto.mic(exportedSessionKey, negotiate, challengeMessage, message);
            if (corruptMic) {
                mic[3] ^= 0x10;
            }
            System.arraycopy(mic, 0, message, AuthenticateMessage.MIC_OFFSET, 16);
        }
        return message;
    }

    /** NTLMv2_CLIENT_CHALLENGE ([MS-NLMP] 2.2.2.7) followed by Z(4), as "temp" in [MS-NLMP] 3.3.2. */
    private byte[] clientChallengeBlob(ChallengeMessage challenge) {
        byte[] timestamp = new byte[8];
        List<AvPair> pairs = new ArrayList<>();
        for (AvPair p : challenge.targetInfo()) {
            if (p.id() == AvPair.MSV_AV_TIMESTAMP) {
                timestamp = p.value();
                if (omitTimestamp) {
                    continue;
                }
            }
            pairs.add(p);
        }
        if (sendMic) {
            byte[] flags = new byte[avFlagsLength];
            if (avFlagsLength > 0) {
                flags[0] = AvPair.AV_FLAG_MIC_PRESENT;
            }
            pairs.add(new AvPair(AvPair.MSV_AV_FLAGS, flags));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {1, 1, 0, 0, 0, 0, 0, 0}); // RespType, HiRespType, Reserved1, Reserved2
        out.writeBytes(timestamp);
        out.writeBytes(bytes(8)); // ChallengeFromClient
        out.writeBytes(new byte[4]); // Reserved3
        out.writeBytes(AvPair.encodeList(pairs));
        out.writeBytes(new byte[4]);
        return out.toByteArray();
    }

    public byte[] exportedSessionKey() {
        return exportedSessionKey.clone();
    }

    /**
     * The client's mechListMIC over the DER MechTypeList ([MS-SPNG] 3.1.5.1), or {@code null} when extended
     * session security was not negotiated and the client therefore cannot sign.
     */
    public byte[] mechListMic(byte[] mechTypes) {
        if (!NtlmSessionSecurity.supports(negotiated)) {
            return null;
        }
        return NtlmSessionSecurity.create(negotiated, exportedSessionKey)
                .signature(Direction.CLIENT_TO_SERVER, 0, mechTypes);
    }

    public boolean isValidServerMechListMic(byte[] mechTypes, byte[] mic) {
        return NtlmSessionSecurity.create(negotiated, exportedSessionKey)
                .isValidSignature(Direction.SERVER_TO_CLIENT, 0, mechTypes, mic);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package io.signet.auth.ntlm;

import io.signet.auth.UserCredentials;
import io.signet.auth.UserDirectory;
import io.signet.protocol.status.NtStatus;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an AUTHENTICATE_MESSAGE against the NEGOTIATE and CHALLENGE messages of the same exchange
 * ([MS-NLMP] 3.2.5.1.2, NTLMv2 only), as a pure function of the three messages and the user directory.
 *
 * <p>Decisions this server makes where the spec leaves room:
 * <ul>
 *   <li>Only NTLMv2 is accepted: an NtChallengeResponse of 24 bytes or less (NTLMv1, or an LM-only logon) is
 *       refused with STATUS_LOGON_FAILURE, and the LMv2 response is never used to authenticate.</li>
 *   <li>ResponseKeyNT is computed with the domain exactly as the client sent it, then with that domain upper-cased,
 *       then with an empty domain ("NTLM servers SHOULD support NTLM clients which incorrectly use NIL for the
 *       UserDom", [MS-NLMP] 3.2.5.1.2). Every candidate is a proof of the same NT hash bound to this server
 *       challenge, so trying three costs an attacker nothing it could use.</li>
 *   <li>An unknown user is checked against a random hash so that the work done does not reveal which names
 *       exist.</li>
 *   <li>The negotiated flags are the CHALLENGE's flags that the client kept in its AUTHENTICATE.</li>
 *   <li>The client challenge's AV pairs must echo the server's TargetInfo and be well formed
 *       ({@link ClientTargetInfo}), as Samba requires; a malformed blob is STATUS_INVALID_PARAMETER, as in Samba.
 *       The timestamp's age is not checked (the random server challenge already ties the response to this exchange),
 *       nor MsvAvTargetName or channel bindings (SMB over TCP has none).</li>
 * </ul>
 */
public final class NtlmAuthenticateVerifier {
    /** NtChallengeResponse lengths up to this are NTLMv1 ([MS-NLMP] 2.2.2.6). */
    private static final int NTLMV1_RESPONSE_LENGTH = 24;
    /** NTProofStr (16) + the fixed part of NTLMv2_CLIENT_CHALLENGE (28) ([MS-NLMP] 2.2.2.7, 2.2.2.8). */
    private static final int NTLMV2_MIN_LENGTH = 16 + 28;
    /** Offset of the AV pairs inside the client challenge blob ([MS-NLMP] 2.2.2.7). */
    private static final int BLOB_AV_PAIRS_OFFSET = 28;
    private static final byte[] UNKNOWN_USER_HASH = randomHash();

    private NtlmAuthenticateVerifier() {
    }

    /**
     * @param users        where to find the claimed user
     * @param negotiate    the client's NEGOTIATE_MESSAGE as received
     * @param challenge    the CHALLENGE_MESSAGE as this server sent it
     * @param authenticate the client's AUTHENTICATE_MESSAGE as received
     */
    public static NtlmResult verify(UserDirectory users, byte[] negotiate, byte[] challenge, byte[] authenticate) {
        ChallengeMessage sent;
        AuthenticateMessage msg;
        try {
            sent = ChallengeMessage.decode(challenge);
        } catch (NtlmFormatException e) {
            throw new IllegalArgumentException("the server's own CHALLENGE_MESSAGE does not decode", e);
        }
        try {
            msg = AuthenticateMessage.decode(authenticate);
        } catch (NtlmFormatException e) {
            return new NtlmResult.Rejected(NtStatus.STATUS_INVALID_PARAMETER, e.getMessage());
        }
        int flags = sent.flags() & msg.flags();
        byte[] nt = msg.ntChallengeResponse();
        byte[] lm = msg.lmChallengeResponse();

        // [MS-NLMP] 3.2.5.1.2: empty user name and NT response, LM response empty or Z(1).
        if (msg.userName().isEmpty() && nt.length == 0 && (lm.length == 0 || (lm.length == 1 && lm[0] == 0))) {
            return new NtlmResult.Authenticated(null, null, flags, false);
        }
        if (nt.length <= NTLMV1_RESPONSE_LENGTH) {
            return new NtlmResult.Rejected(NtStatus.STATUS_LOGON_FAILURE,
                    "NTLMv1/LM response refused for user " + msg.userName() + "; only NTLMv2 is accepted");
        }
        if (nt.length < NTLMV2_MIN_LENGTH) {
            return new NtlmResult.Rejected(NtStatus.STATUS_INVALID_PARAMETER,
                    "NTLMv2 response of " + nt.length + " bytes is too short");
        }
        byte[] proof = Arrays.copyOf(nt, 16);
        byte[] blob = Arrays.copyOfRange(nt, 16, nt.length);
        ClientTargetInfo clientInfo;
        try {
            List<AvPair> clientPairs =
                    AvPair.decodeList(blob, BLOB_AV_PAIRS_OFFSET, blob.length - BLOB_AV_PAIRS_OFFSET);
            clientInfo = ClientTargetInfo.check(sent.targetInfo(), clientPairs);
        } catch (NtlmFormatException e) {
            return new NtlmResult.Rejected(NtStatus.STATUS_INVALID_PARAMETER,
                    "NTLMv2 response of user " + msg.userName() + ": " + e.getMessage());
        }
        if (clientInfo.micPresent() && msg.mic() == null) {
            // Samba answers STATUS_INVALID_PARAMETER too.
            return new NtlmResult.Rejected(NtStatus.STATUS_INVALID_PARAMETER,
                    "MsvAvFlags announces a MIC but the AUTHENTICATE_MESSAGE has no room for one");
        }

        Optional<UserCredentials> user = users.find(msg.userName());
        byte[] ntHash = user.map(UserCredentials::ntHash).orElse(UNKNOWN_USER_HASH);
        byte[] responseKey = null;
        for (String domain : domainCandidates(msg.domainName())) {
            byte[] candidate = NtlmCrypto.ntowfV2(ntHash, msg.userName(), domain);
            boolean matches = MessageDigest.isEqual(
                    NtlmCrypto.ntProofStr(candidate, sent.serverChallenge(), blob), proof);
            if (matches && responseKey == null) {
                responseKey = candidate;
            }
        }
        if (user.isEmpty()) {
            return new NtlmResult.Rejected(NtStatus.STATUS_LOGON_FAILURE, "unknown user " + msg.userName(),
                    msg.userName());
        }
        if (responseKey == null) {
            return new NtlmResult.Rejected(NtStatus.STATUS_LOGON_FAILURE,
                    "wrong password for user " + msg.userName() + " (domain " + msg.domainName() + ")");
        }

        byte[] keyExchangeKey = NtlmCrypto.sessionBaseKey(responseKey, proof); // [MS-NLMP] 3.4.5.1 for NTLMv2
        byte[] exportedSessionKey = keyExchangeKey;
        boolean signOrSeal = NtlmFlags.isSet(flags, NtlmFlags.NEGOTIATE_SIGN)
                || NtlmFlags.isSet(flags, NtlmFlags.NEGOTIATE_SEAL);
        if (NtlmFlags.isSet(flags, NtlmFlags.NEGOTIATE_KEY_EXCH) && signOrSeal) { // [MS-NLMP] 3.2.5.1.2
            byte[] encrypted = msg.encryptedRandomSessionKey();
            if (encrypted.length != 16) {
                return new NtlmResult.Rejected(NtStatus.STATUS_LOGON_FAILURE,
                        "key exchange negotiated but EncryptedRandomSessionKey is " + encrypted.length + " bytes");
            }
            exportedSessionKey = NtlmCrypto.rc4(keyExchangeKey, encrypted);
        }

        boolean micPresent = clientInfo.micPresent();
        if (micPresent) {
            byte[] expected = NtlmCrypto.mic(exportedSessionKey, negotiate, challenge, authenticate);
            if (!MessageDigest.isEqual(expected, msg.mic())) {
                return new NtlmResult.Rejected(NtStatus.STATUS_LOGON_FAILURE,
                        "AUTHENTICATE_MESSAGE MIC does not match for user " + msg.userName());
            }
        }
        return new NtlmResult.Authenticated(user.get(), exportedSessionKey, flags, micPresent);
    }

    private static byte[] randomHash() {
        byte[] hash = new byte[16];
        new SecureRandom().nextBytes(hash);
        return hash;
    }

    private static Set<String> domainCandidates(String domain) {
        List<String> all = new ArrayList<>(3);
        all.add(domain);
        all.add(domain.toUpperCase(Locale.ROOT));
        all.add("");
        return new LinkedHashSet<>(all);
    }
}

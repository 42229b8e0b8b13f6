package io.signet.interop.raw;

import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.smb2.message.EncryptionCapabilities;
import io.signet.protocol.smb2.message.NegotiateContext;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.PreauthIntegrityCapabilities;
import io.signet.protocol.smb2.message.SigningCapabilities;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * What the raw client offers in the negotiate contexts of a 3.1.1 NEGOTIATE ([MS-SMB2] 2.2.3.1), and what it takes
 * the server to have chosen from the response's ([MS-SMB2] 2.2.4.1, 3.2.5.2): PREAUTH_INTEGRITY_CAPABILITIES with
 * SHA-512 always, SIGNING_CAPABILITIES with {@code signing}, ENCRYPTION_CAPABILITIES with {@code ciphers} when there
 * are any. A server choice that was not offered is an error, not a fallback.
 *
 * @param signing the signing algorithms offered, most preferred first; not empty
 * @param ciphers the ciphers offered, most preferred first; empty sends no ENCRYPTION_CAPABILITIES
 */
public record RawNegotiation(List<SigningAlgorithm> signing, List<CipherId> ciphers) {
    /** What the raw client offered before it could choose: AES-CMAC alone, no cipher. */
    public static final RawNegotiation AES_CMAC_ONLY = new RawNegotiation(List.of(SigningAlgorithm.AES_CMAC),
            List.of());

    public RawNegotiation {
        signing = List.copyOf(signing);
        ciphers = List.copyOf(ciphers);
        if (signing.isEmpty()) {
            throw new IllegalArgumentException("offer at least one signing algorithm");
        }
    }

    /** AES-GMAC signing alone, and {@code ciphers} (none: no ENCRYPTION_CAPABILITIES). */
    public static RawNegotiation gmac(CipherId... ciphers) {
        return new RawNegotiation(List.of(SigningAlgorithm.AES_GMAC), List.of(ciphers));
    }

    /**
     * The request's contexts. Their data buffers are the caller's to release once encoded.
     */
    List<NegotiateContext> requestContexts() {
        byte[] salt = new byte[32];
        new SecureRandom().nextBytes(salt);
        List<NegotiateContext> contexts = new ArrayList<>();
        contexts.add(new NegotiateContext(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES,
                new PreauthIntegrityCapabilities(List.of(PreauthIntegrityCapabilities.SHA_512), salt).encode()));
        contexts.add(new NegotiateContext(NegotiateContext.SIGNING_CAPABILITIES,
                new SigningCapabilities(signing.stream().map(SigningAlgorithm::id).toList()).encode()));
        if (!ciphers.isEmpty()) {
            contexts.add(new NegotiateContext(NegotiateContext.ENCRYPTION_CAPABILITIES,
                    new EncryptionCapabilities(ciphers.stream().map(CipherId::id).toList()).encode()));
        }
        return contexts;
    }

    /** What the server chose: a signing algorithm and a cipher (null when none in common or none offered). */
    record Chosen(SigningAlgorithm signing, CipherId cipher) {
    }

    /**
     * The server's choices in a 3.1.1 NEGOTIATE response. Without SIGNING_CAPABILITIES the algorithm is AES-CMAC
     * ([MS-SMB2] 3.2.5.2).
     *
     * @throws IllegalStateException if the server chose an algorithm or cipher that was not offered
     */
    Chosen chosen(NegotiateResponse response) {
        SigningAlgorithm chosenSigning = SigningAlgorithm.AES_CMAC;
        CipherId chosenCipher = null;
        for (NegotiateContext c : response.contexts()) {
            if (c.type() == NegotiateContext.SIGNING_CAPABILITIES) {
                int id = SigningCapabilities.decode(c.data().duplicate()).signingAlgorithms().get(0);
                chosenSigning = SigningAlgorithm.fromId(id);
                if (chosenSigning == null || !signing.contains(chosenSigning)) {
                    throw new IllegalStateException("the server chose signing algorithm " + id + ", not offered");
                }
            } else if (c.type() == NegotiateContext.ENCRYPTION_CAPABILITIES) {
                int id = EncryptionCapabilities.decode(c.data().duplicate()).ciphers().get(0);
                if (id != EncryptionCapabilities.NO_COMMON_CIPHER) {
                    chosenCipher = CipherId.fromId(id);
                    if (chosenCipher == null || !ciphers.contains(chosenCipher)) {
                        throw new IllegalStateException("the server chose cipher " + id + ", not offered");
                    }
                }
            }
        }
        return new Chosen(chosenSigning, chosenCipher);
    }
}

package io.signet.server.probe;

import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.message.NegotiateContext;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.server.probe.ProbeReport.DialectResult;
import io.signet.server.probe.ProbeReport.Smb311Algorithms;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Which dialects the server accepts and with which SecurityMode ([MS-SMB2] 2.2.4), one NEGOTIATE per dialect on its
 * own connection; and for 3.1.1 the signing algorithms, ciphers and compression algorithms it takes
 * ([MS-SMB2] 2.2.4.1.2, 2.2.4.1.3, 2.2.4.1.7).
 */
final class NegotiateProbe {
    /**
     * Every signing algorithm and cipher, strongest first as current Windows clients order them: the server's choice
     * is then the one a modern client gets ([MS-SMB2] 3.3.5.4 lets the server pick among the client's).
     */
    static final Negotiation.Offer OFFER_ALL = new Negotiation.Offer(
            List.of(SigningAlgorithm.AES_GMAC.id(), SigningAlgorithm.AES_CMAC.id(), SigningAlgorithm.HMAC_SHA256.id()),
            List.of(CipherId.AES_256_GCM.id(), CipherId.AES_256_CCM.id(), CipherId.AES_128_GCM.id(),
                    CipherId.AES_128_CCM.id()),
            null);

    private final ProbeTarget target;

    NegotiateProbe(ProbeTarget target) {
        this.target = target;
    }

    /** Offers {@code dialect} alone on a new connection; for 3.1.1 with every signing algorithm and cipher. */
    Negotiation negotiate(Dialect dialect) throws IOException {
        return negotiate(dialect, OFFER_ALL);
    }

    List<DialectResult> dialects() throws IOException {
        List<DialectResult> results = new ArrayList<>();
        for (Dialect dialect : Dialect.values()) {
            Negotiation n = negotiate(dialect);
            if (n.accepted()) {
                int mode = n.securityMode();
                results.add(new DialectResult(dialect.toString(), true, null,
                        (mode & NegotiateResponse.SIGNING_ENABLED) != 0,
                        (mode & NegotiateResponse.SIGNING_REQUIRED) != 0));
            } else {
                results.add(new DialectResult(dialect.toString(), false, n.refusal(), false, false));
            }
        }
        return results;
    }

    /**
     * The 3.1.1 algorithms. [MS-SMB2] 3.3.5.4: a server sharing none of the offered signing algorithms answers
     * AES-CMAC, and one sharing no cipher answers 0; so an algorithm offered alone is supported when it comes back.
     */
    Smb311Algorithms smb311() throws IOException {
        Negotiation all = negotiate(Dialect.SMB3_1_1);
        if (!all.accepted()) {
            return null;
        }
        Integer signing = all.chosen(NegotiateContext.SIGNING_CAPABILITIES);
        Integer cipher = all.chosen(NegotiateContext.ENCRYPTION_CAPABILITIES);
        List<String> signingSupported = alone(AlgorithmNames.SIGNING, NegotiateContext.SIGNING_CAPABILITIES,
                id -> new Negotiation.Offer(List.of(id), null, null), AlgorithmNames::signing);
        List<String> ciphers = alone(AlgorithmNames.CIPHERS, NegotiateContext.ENCRYPTION_CAPABILITIES,
                id -> new Negotiation.Offer(null, List.of(id), null), AlgorithmNames::cipher);
        // [MS-SMB2] 2.2.4.1.3: the response lists every offered compression algorithm the server supports.
        Negotiation compression = negotiate(Dialect.SMB3_1_1,
                new Negotiation.Offer(null, null, AlgorithmNames.COMPRESSION));
        List<Integer> compressionIds = compression.answered(NegotiateContext.COMPRESSION_CAPABILITIES);
        return new Smb311Algorithms(
                signing == null ? "none (no SIGNING_CAPABILITIES: AES-CMAC)" : AlgorithmNames.signing(signing),
                signingSupported,
                cipher == null ? "none (no ENCRYPTION_CAPABILITIES)" : AlgorithmNames.cipher(cipher),
                ciphers,
                compressionIds == null ? List.of()
                        : compressionIds.stream().filter(id -> id != 0).map(AlgorithmNames::compression).toList());
    }

    private List<String> alone(List<Integer> ids, int contextType, IntFunction<Negotiation.Offer> offer,
                               IntFunction<String> name) throws IOException {
        List<String> supported = new ArrayList<>();
        for (int id : ids) {
            Negotiation n = negotiate(Dialect.SMB3_1_1, offer.apply(id));
            Integer chosen = n.chosen(contextType);
            if (chosen != null && chosen == id) {
                supported.add(name.apply(id));
            }
        }
        return supported;
    }

    private Negotiation negotiate(Dialect dialect, Negotiation.Offer offer) throws IOException {
        try (ProbeConnection connection = ProbeConnection.open(target)) {
            return Negotiation.run(connection, dialect, offer);
        }
    }
}

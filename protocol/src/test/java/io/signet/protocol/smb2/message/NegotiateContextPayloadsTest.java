package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import org.junit.jupiter.api.Test;

class NegotiateContextPayloadsTest extends MessageTestSupport {

    private static final String SALT = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    /** [MS-SMB2] 2.2.3.1.1 as a 3.1.1 client sends it: one hash (SHA-512) and a 32-byte salt. */
    private static final String PREAUTH = "0100" + "2000" + "0100" + SALT;
    /** [MS-SMB2] 2.2.3.1.2: AES-256-GCM, AES-128-GCM, AES-128-CCM in that order of preference. */
    private static final String ENCRYPTION = "0300" + "0400" + "0200" + "0100";
    /** [MS-SMB2] 2.2.3.1.7: AES-GMAC, AES-CMAC. */
    private static final String SIGNING = "0200" + "0200" + "0100";

    @Test
    void decodesPreauthIntegrityAsSent() {
        PreauthIntegrityCapabilities p = PreauthIntegrityCapabilities.decode(wrap(PREAUTH));
        assertEquals(List.of(PreauthIntegrityCapabilities.SHA_512), p.hashAlgorithms());
        assertTrue(p.offers(PreauthIntegrityCapabilities.SHA_512));
        assertArrayEquals(hex(SALT), p.salt());
        assertEquals(PREAUTH, hexOf(p.encode()));
    }

    @Test
    void preauthIntegrityRoundTrips() {
        PreauthIntegrityCapabilities p = new PreauthIntegrityCapabilities(List.of(0x0001, 0x0007), hex("abcdef"));
        assertEquals(p, PreauthIntegrityCapabilities.decode(track(p.encode())));
        PreauthIntegrityCapabilities noSalt = new PreauthIntegrityCapabilities(List.of(0x0002), new byte[0]);
        assertEquals(noSalt, PreauthIntegrityCapabilities.decode(track(noSalt.encode())));
        assertFalse(noSalt.offers(PreauthIntegrityCapabilities.SHA_512));
    }

    @Test
    void aSaltShorterThanSaltLengthIsKeptAsFarAsItGoes() {
        PreauthIntegrityCapabilities p = PreauthIntegrityCapabilities.decode(wrap("0100" + "2000" + "0100" + "aabb"));
        assertArrayEquals(hex("aabb"), p.salt());
    }

    @Test
    void decodesEncryptionAndSigningAsSent() {
        EncryptionCapabilities e = EncryptionCapabilities.decode(wrap(ENCRYPTION));
        assertEquals(List.of(4, 2, 1), e.ciphers());
        assertEquals(ENCRYPTION, hexOf(e.encode()));
        SigningCapabilities s = SigningCapabilities.decode(wrap(SIGNING));
        assertEquals(List.of(2, 1), s.signingAlgorithms());
        assertEquals(SIGNING, hexOf(s.encode()));
    }

    @Test
    void encryptionAndSigningRoundTrip() {
        EncryptionCapabilities none = new EncryptionCapabilities(List.of(EncryptionCapabilities.NO_COMMON_CIPHER));
        assertEquals(none, EncryptionCapabilities.decode(track(none.encode())));
        SigningCapabilities s = new SigningCapabilities(List.of(0, 1, 2));
        assertEquals(s, SigningCapabilities.decode(track(s.encode())));
    }

    @Test
    void toContextTagsTheType() {
        NegotiateContext c = new SigningCapabilities(List.of(1)).toContext();
        track(c.data());
        assertEquals(NegotiateContext.SIGNING_CAPABILITIES, c.type());
        NegotiateContext e = new EncryptionCapabilities(List.of(1)).toContext();
        track(e.data());
        assertEquals(NegotiateContext.ENCRYPTION_CAPABILITIES, e.type());
        NegotiateContext p = new PreauthIntegrityCapabilities(List.of(1), new byte[0]).toContext();
        track(p.data());
        assertEquals(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES, p.type());
    }

    @Test
    void malformedCountsAreInvalidParameter() {
        assertInvalidParameter(() -> PreauthIntegrityCapabilities.decode(wrap("0100")));
        assertInvalidParameter(() -> PreauthIntegrityCapabilities.decode(wrap("0000" + "0000")));
        assertInvalidParameter(() -> PreauthIntegrityCapabilities.decode(wrap("0200" + "0000" + "0100")));
        assertInvalidParameter(() -> EncryptionCapabilities.decode(wrap("00")));
        assertInvalidParameter(() -> EncryptionCapabilities.decode(wrap("0000")));
        assertInvalidParameter(() -> SigningCapabilities.decode(wrap("0300" + "0100")));
        // more ids than the bound, even when all are present
        StringBuilder many = new StringBuilder("2100");
        many.append("0100".repeat(33));
        assertInvalidParameter(() -> SigningCapabilities.decode(wrap(many.toString())));
    }

    /** [MS-SMB2] 2.2.3.1.3: LZ77, LZ77+Huffman, Pattern_V1, chained. */
    private static final String COMPRESSION = "0300" + "0000" + "01000000" + "0200" + "0300" + "0400";

    @Test
    void decodesAndRoundTripsCompressionCapabilities() {
        CompressionCapabilities c = CompressionCapabilities.decode(wrap(COMPRESSION));
        assertEquals(CompressionCapabilities.FLAG_CHAINED, c.flags());
        assertEquals(List.of(2, 3, 4), c.compressionAlgorithms());
        assertEquals(COMPRESSION, hexOf(c.encode()));
        CompressionCapabilities none = new CompressionCapabilities(0, List.of(0));
        assertEquals(none, CompressionCapabilities.decode(track(none.encode())));
        assertInvalidParameter(() -> CompressionCapabilities.decode(wrap("0100" + "0000" + "0000")));
        assertInvalidParameter(() -> CompressionCapabilities.decode(wrap("0200" + "0000" + "00000000" + "0100")));
    }

    @Test
    void decodesAndRoundTripsRdmaTransformCapabilities() {
        String rdma = "0200" + "0000" + "00000000" + "0100" + "0200"; // encryption, signing
        RdmaTransformCapabilities r = RdmaTransformCapabilities.decode(wrap(rdma));
        assertEquals(List.of(1, 2), r.transformIds());
        assertEquals(rdma, hexOf(r.encode()));
        assertEquals(r, RdmaTransformCapabilities.decode(track(r.encode())));
        assertInvalidParameter(() -> RdmaTransformCapabilities.decode(wrap("0000" + "0000" + "00000000")));
    }

    @Test
    void decodesAndRoundTripsTransportCapabilities() {
        TransportCapabilities t = TransportCapabilities.decode(wrap("01000000"));
        assertEquals(TransportCapabilities.ACCEPT_TRANSPORT_LEVEL_SECURITY, t.flags());
        assertEquals("01000000", hexOf(t.encode()));
        TransportCapabilities none = new TransportCapabilities(0);
        assertEquals(none, TransportCapabilities.decode(track(none.encode())));
        assertInvalidParameter(() -> TransportCapabilities.decode(wrap("0100")));
    }

    @Test
    void decodesAndRoundTripsTheNetname() {
        NetnameNegotiateContextId n = NetnameNegotiateContextId.decode(wrap(utf16Hex("fileserver.example")));
        assertEquals("fileserver.example", n.netName());
        assertEquals(utf16Hex("fileserver.example"), hexOf(n.encode()));
        NetnameNegotiateContextId empty = new NetnameNegotiateContextId("");
        assertEquals(empty, NetnameNegotiateContextId.decode(track(empty.encode())));
        assertInvalidParameter(() -> NetnameNegotiateContextId.decode(wrap("410042")));
    }

    @Test
    void everyContextTagsItsType() {
        List<NegotiateContext> contexts = List.of(
                new CompressionCapabilities(0, List.of(1)).toContext(),
                new NetnameNegotiateContextId("s").toContext(),
                new TransportCapabilities(0).toContext(),
                new RdmaTransformCapabilities(List.of(1)).toContext());
        contexts.forEach(c -> track(c.data()));
        assertEquals(List.of(NegotiateContext.COMPRESSION_CAPABILITIES, NegotiateContext.NETNAME_NEGOTIATE_CONTEXT_ID,
                NegotiateContext.TRANSPORT_CAPABILITIES, NegotiateContext.RDMA_TRANSFORM_CAPABILITIES),
                contexts.stream().map(NegotiateContext::type).toList());
    }

    private String hexOf(ByteBuf b) {
        track(b);
        return ByteBufUtil.hexDump(b);
    }
}

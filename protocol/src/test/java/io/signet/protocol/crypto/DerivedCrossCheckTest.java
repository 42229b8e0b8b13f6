package io.signet.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.protocol.smb2.Smb2Header;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SELF-COMPUTED cross-checks (file 90): no AES-GMAC or HMAC-SHA256 SMB2 signature has been published, so these values
 * were computed by an independent script from the published messages and keys of file 01, following our reading of
 * [MS-SMB2] 3.1.4.1. They guard against drifting from that reading; they do not prove it against Windows.
 */
class DerivedCrossCheckTest {
    private static final Vectors DERIVED = Vectors.load(Vectors.DERIVED);
    private static final Vectors ANATOMY = Vectors.load(Vectors.ANATOMY_KDF);

    static Stream<Arguments> derivedSignatures() {
        return Stream.of(
                Arguments.of(SigningAlgorithm.AES_GMAC, "S311_CH1_SessSetupResponseFinal", "GMAC_RESP_Key",
                        "GMAC_RESP_Signature"),
                Arguments.of(SigningAlgorithm.AES_GMAC, "S311_CH2_SessSetupRequest2", "GMAC_REQ_Key",
                        "GMAC_REQ_Signature"),
                Arguments.of(SigningAlgorithm.HMAC_SHA256, "S311_CH1_SessSetupResponseFinal", "HMAC_RESP_Key",
                        "HMAC_RESP_Signature"));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("derivedSignatures")
    void signerReproducesTheSelfComputedSignature(SigningAlgorithm algorithm, String messageName, String keyName,
                                                  String signatureName) {
        byte[] message = ANATOMY.get(messageName);
        MessageSigner signer = algorithm.newSigner(DERIVED.get(keyName));
        for (Layout layout : new Layout[] {Layout.HEAP, Layout.DIRECT_AT_OFFSET, Layout.COMPOSITE}) {
            try (Layout.Placed placed = layout.place(message)) {
                signer.sign(placed.buf, placed.offset, message.length);
                byte[] signed = placed.message(message.length);
                assertArrayEquals(DERIVED.get(signatureName), Arrays.copyOfRange(signed, 48, 64), layout.name());
                assertTrue(signer.isValid(placed.buf, placed.offset, message.length));
            }
        }
    }

    @Test
    void gmacNoncesOfTheTwoMessages() {
        byte[] out = new byte[12];
        AesGmacSigner.nonce(Arrays.copyOf(ANATOMY.get("S311_CH1_SessSetupResponseFinal"), 64), out);
        assertArrayEquals(DERIVED.get("GMAC_RESP_Nonce"), out);
        AesGmacSigner.nonce(Arrays.copyOf(ANATOMY.get("S311_CH2_SessSetupRequest2"), 64), out);
        assertArrayEquals(DERIVED.get("GMAC_REQ_Nonce"), out);
    }

    /** The request's bytes under the CANCEL nonce (bit 1): the primitive, since the header says SESSION_SETUP. */
    @Test
    void gmacPrimitiveWithTheCancelNonce() {
        byte[] message = ANATOMY.get("S311_CH2_SessSetupRequest2");
        Arrays.fill(message, Smb2Header.OFFSET_SIGNATURE, Smb2Header.OFFSET_SIGNATURE + 16, (byte) 0);
        AesGmac gmac = new AesGmac(DERIVED.get("GMAC_REQ_Key"));
        byte[] tag = new byte[16];
        gmac.start(DERIVED.get("GMAC_REQ_AsCancel_Nonce"), message.length);
        gmac.update(message, 0, message.length);
        gmac.finish(tag, 0);
        assertArrayEquals(DERIVED.get("GMAC_REQ_AsCancel_Signature"), tag);
    }

    /**
     * AES-256 cipher keys of the S311_CH1 session (NTLM: the full session key is the 16-byte session key), L = 256.
     * Also self-computed: no AES-256 key derivation vector has been published.
     */
    @Test
    void aes256CipherKeysOfTheAnatomySession() {
        byte[][] keys = KeyDerivation.aes256CipherKeys(ANATOMY.get("S311_CH1_SessionKey"),
                ANATOMY.get("S311_CH1_H5_final"));
        assertArrayEquals(DERIVED.get("AES256_DecryptionKey_S2C"), keys[0], "server encryption (S2C) key");
        assertArrayEquals(DERIVED.get("AES256_EncryptionKey_C2S"), keys[1], "server decryption (C2S) key");
    }
}

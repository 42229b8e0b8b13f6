package io.signet.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Header;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AES-128-CMAC signatures produced by Windows ([MS-SMB2] 3.1.4.1 / 3.1.5.1), published in files 01 and 05: the final
 * SessionSetup responses and, for the binding channel, the legs signed with the master Session.SigningKey.
 */
class WindowsCmacSignatureTest {

    record Signed(String file, String message, String key) {
        @Override
        public String toString() {
            return message;
        }
    }

    static List<Signed> published() {
        return List.of(
                new Signed(Vectors.ANATOMY_KDF, "S311_CH1_SessSetupResponseFinal", "S311_CH1_SigningKey"),
                new Signed(Vectors.ANATOMY_KDF, "S311_CH2_SessSetupResponseFinal", "S311_CH2_SigningKey"),
                new Signed(Vectors.SMB311_GCM_CCM, "GCM_SessSetupResponseFinal", "GCM_SigningKey"),
                new Signed(Vectors.SMB311_GCM_CCM, "CCM_SessSetupResponseFinal", "CCM_SigningKey"),
                // Binding legs: signed with the master session's Session.SigningKey ([MS-SMB2] 3.3.4.1.1).
                new Signed(Vectors.ANATOMY_KDF, "S311_CH2_SessSetupRequest1", "S311_CH1_SigningKey"),
                new Signed(Vectors.ANATOMY_KDF, "S311_CH2_SessSetupResponse1", "S311_CH1_SigningKey"),
                new Signed(Vectors.ANATOMY_KDF, "S311_CH2_SessSetupRequest2", "S311_CH1_SigningKey"));
    }

    static Stream<Arguments> publishedAndLayouts() {
        return combine(Layout.values());
    }

    /** Every layout but the read-only one: nothing can be signed into a read-only buffer. */
    static Stream<Arguments> publishedAndWritableLayouts() {
        return combine(Layout.HEAP, Layout.HEAP_AT_OFFSET, Layout.DIRECT_AT_OFFSET, Layout.COMPOSITE);
    }

    private static Stream<Arguments> combine(Layout... layouts) {
        List<Arguments> out = new ArrayList<>();
        for (Signed s : published()) {
            for (Layout layout : layouts) {
                out.add(Arguments.of(s, layout));
            }
        }
        return out.stream();
    }

    static Stream<Signed> finalResponses() {
        return published().stream().filter(s -> s.message().endsWith("_SessSetupResponseFinal"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("publishedAndLayouts")
    void acceptsTheWindowsSignatureWithoutTouchingTheBuffer(Signed s, Layout layout) {
        Vectors v = Vectors.load(s.file());
        byte[] message = v.get(s.message());
        MessageSigner signer = SigningAlgorithm.AES_CMAC.newSigner(v.get(s.key()));
        try (Layout.Placed placed = layout.place(message)) {
            byte[] before = placed.allBytes();
            int reader = placed.buf.readerIndex();
            int writer = placed.buf.writerIndex();
            assertTrue(signer.isValid(placed.buf, placed.offset, message.length));
            assertTrue(signer.isValid(placed.buf, placed.offset, message.length), "again, same signer");
            assertArrayEquals(before, placed.allBytes());
            assertEquals(reader, placed.buf.readerIndex());
            assertEquals(writer, placed.buf.writerIndex());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("publishedAndWritableLayouts")
    void signingTheZeroedMessageReproducesTheWindowsBytes(Signed s, Layout layout) {
        Vectors v = Vectors.load(s.file());
        byte[] windows = v.get(s.message());
        byte[] unsigned = windows.clone();
        Arrays.fill(unsigned, Smb2Header.OFFSET_SIGNATURE, Smb2Header.OFFSET_SIGNATURE + 16, (byte) 0);
        MessageSigner signer = SigningAlgorithm.AES_CMAC.newSigner(v.get(s.key()));
        try (Layout.Placed placed = layout.place(unsigned)) {
            byte[] expectedAll = placed.allBytes();
            System.arraycopy(windows, Smb2Header.OFFSET_SIGNATURE, expectedAll,
                    placed.offset + Smb2Header.OFFSET_SIGNATURE, 16);
            signer.sign(placed.buf, placed.offset, windows.length);
            assertArrayEquals(windows, placed.message(windows.length));
            assertArrayEquals(expectedAll, placed.allBytes(), "only the Signature field changed");
        }
    }

    /** Any single flipped bit, anywhere in the message including the signature, must fail verification. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void everySingleBitFlipIsRejected(Signed s) {
        Vectors v = Vectors.load(s.file());
        byte[] message = v.get(s.message());
        MessageSigner signer = SigningAlgorithm.AES_CMAC.newSigner(v.get(s.key()));
        try (Layout.Placed placed = Layout.DIRECT_AT_OFFSET.place(message)) {
            for (int i = 0; i < message.length * 8; i++) {
                int index = placed.offset + i / 8;
                byte original = placed.buf.getByte(index);
                placed.buf.setByte(index, original ^ (1 << (i % 8)));
                assertFalse(signer.isValid(placed.buf, placed.offset, message.length), "bit " + i);
                placed.buf.setByte(index, original);
            }
            assertTrue(signer.isValid(placed.buf, placed.offset, message.length));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("finalResponses")
    void theSignatureFieldHoldsThePublishedSignature(Signed s) {
        Vectors v = Vectors.load(s.file());
        byte[] message = v.get(s.message());
        assertArrayEquals(v.get(s.message() + "_Signature"),
                Arrays.copyOfRange(message, Smb2Header.OFFSET_SIGNATURE, Smb2Header.OFFSET_SIGNATURE + 16));
    }

    @Test
    void wrongKeyIsRejected() {
        Vectors v = Vectors.load(Vectors.ANATOMY_KDF);
        byte[] message = v.get("S311_CH1_SessSetupResponseFinal");
        try (Layout.Placed placed = Layout.HEAP.place(message)) {
            assertFalse(SigningAlgorithm.AES_CMAC.newSigner(v.get("S311_CH2_SigningKey"))
                    .isValid(placed.buf, 0, message.length));
            assertFalse(SigningAlgorithm.AES_GMAC.newSigner(v.get("S311_CH1_SigningKey"))
                    .isValid(placed.buf, 0, message.length), "same key, other algorithm");
        }
    }

    /**
     * End to end from the wire: the preauth chain over the published messages, the session key, KeyDerivation, then
     * the Windows signature of the final response.
     */
    @Test
    void chainDeriveAndVerifyFromTheWireMessages() {
        Vectors v = Vectors.load(Vectors.SMB311_GCM_CCM);
        byte[] h = PreauthIntegrity.initial();
        for (String name : List.of("GCM_NegotiateRequest", "GCM_NegotiateResponse", "GCM_SessSetupRequest1",
                "GCM_SessSetupResponse1", "GCM_SessSetupRequest2")) {
            try (Layout.Placed p = Layout.HEAP.place(v.get(name))) {
                h = PreauthIntegrity.update(h, p.buf, 0, p.buf.capacity());
            }
        }
        SessionKeys keys = KeyDerivation.derive(Dialect.SMB3_1_1, v.get("GCM_SessionKey"), h);
        byte[] response = v.get("GCM_SessSetupResponseFinal");
        try (Layout.Placed p = Layout.HEAP.place(response)) {
            assertTrue(SigningAlgorithm.AES_CMAC.newSigner(keys.signingKey()).isValid(p.buf, 0, response.length));
        }
    }
}

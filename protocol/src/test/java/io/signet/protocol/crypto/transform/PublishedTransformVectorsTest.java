package io.signet.protocol.crypto.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every published transformed message, reproduced byte for byte in both directions: encrypting the plaintext under
 * the published Nonce field gives the published TRANSFORM_HEADER and ciphertext, and decrypting those gives the
 * plaintext back. Sources: the SMB 3.0 encryption blog (file 04, AES-128-CCM), the SMB 3.1.1 encryption blog
 * (file 05, AES-128-GCM and AES-128-CCM) and smbprotocol's unit vectors (file 08, the only public AES-256 ones).
 */
class PublishedTransformVectorsTest {

    /** One transformed message: the key it is encrypted under, its plaintext, and the complete expected bytes. */
    record Case(String name, CipherId cipher, byte[] key, byte[] plain, byte[] transformed) {
        byte[] nonceField() {
            return Arrays.copyOfRange(transformed, TransformHeader.OFFSET_NONCE, TransformHeader.OFFSET_NONCE + 16);
        }

        long sessionId() {
            return ByteBuffer.wrap(transformed, TransformHeader.OFFSET_SESSION_ID, 8).order(ByteOrder.LITTLE_ENDIAN)
                    .getLong();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();

        // File 04, SMB 3.0 (AES-128-CCM). The keys are the client's: requests under its EncryptionKey (the server's
        // DecryptionKey), responses under its DecryptionKey (the server's EncryptionKey).
        TransformVectors v04 = TransformVectors.load(TransformVectors.SMB30_CCM);
        byte[] c2s = v04.get("EncryptionKey_Client");
        byte[] s2c = v04.get("DecryptionKey_Client");
        for (String m : List.of("WRITE_REQ", "READ_REQ")) {
            cases.add(new Case("3.0 CCM " + m, CipherId.AES_128_CCM, c2s, v04.get(m + "_Plain"),
                    v04.get(m + "_Transformed")));
        }
        for (String m : List.of("WRITE_RESP", "READ_RESP")) {
            cases.add(new Case("3.0 CCM " + m, CipherId.AES_128_CCM, s2c, v04.get(m + "_Plain"),
                    v04.get(m + "_Transformed")));
        }

        // File 05, SMB 3.1.1. Same key roles, with the GCM_ and CCM_ sessions.
        TransformVectors v05 = TransformVectors.load(TransformVectors.SMB311_GCM_CCM);
        for (String m : List.of("WRITE_REQ", "READ_REQ")) {
            cases.add(new Case("3.1.1 GCM " + m, CipherId.AES_128_GCM, v05.get("GCM_EncryptionKey"),
                    v05.get("GCM_" + m + "_Plain"), v05.get("GCM_" + m + "_Transformed")));
        }
        for (String m : List.of("WRITE_RESP", "READ_RESP")) {
            cases.add(new Case("3.1.1 GCM " + m, CipherId.AES_128_GCM, v05.get("GCM_DecryptionKey"),
                    v05.get("GCM_" + m + "_Plain"), v05.get("GCM_" + m + "_Transformed")));
        }
        // The blog gives the CCM requests as nonce, signature and ciphertext rather than whole messages; the
        // SessionId is the one in the plaintext's SMB2 header ([MS-SMB2] 2.2.1, offset 40).
        byte[] writeReqPlain = v05.get("CCM_WRITE_REQ_Plain");
        cases.add(new Case("3.1.1 CCM WRITE_REQ", CipherId.AES_128_CCM, v05.get("CCM_EncryptionKey"), writeReqPlain,
                assemble(v05.get("CCM_WRITE_REQ_Signature"), v05.get("CCM_WRITE_REQ_Nonce16"),
                        smb2SessionId(writeReqPlain), v05.get("CCM_WRITE_REQ_Cipher"))));
        byte[] readReqPlain = v05.get("CCM_READ_REQ_Plain");
        cases.add(new Case("3.1.1 CCM READ_REQ", CipherId.AES_128_CCM, v05.get("CCM_EncryptionKey"), readReqPlain,
                assemble(v05.get("CCM_READ_REQ_Signature"), Arrays.copyOf(v05.get("CCM_READ_REQ_AESNonce"), 16),
                        smb2SessionId(readReqPlain), v05.get("CCM_READ_REQ_Cipher"))));
        for (String m : List.of("WRITE_RESP", "READ_RESP")) {
            cases.add(new Case("3.1.1 CCM " + m, CipherId.AES_128_CCM, v05.get("CCM_DecryptionKey"),
                    v05.get("CCM_" + m + "_Plain"), v05.get("CCM_" + m + "_Transformed")));
        }

        // File 08: four ciphers over a 4-byte plaintext, SessionId 1.
        TransformVectors v08 = TransformVectors.load(TransformVectors.SMBPROTOCOL_AES256);
        long sessionId = ByteBuffer.wrap(v08.get("SessionId_LE")).order(ByteOrder.LITTLE_ENDIAN).getLong();
        for (CipherId c : CipherId.values()) {
            String p = c.name().replace("_", "");
            cases.add(new Case("smbprotocol " + c, c, v08.get(p + "_Key"), v08.get("Plain"),
                    assemble(v08.get(p + "_Signature"), v08.get(p + "_Nonce16"), sessionId, v08.get(p + "_Cipher"))));
        }
        return cases;
    }

    static Stream<Arguments> casesInEveryBuffer() {
        return cases().stream().flatMap(c -> Arrays.stream(Buffers.values()).map(b -> Arguments.of(c, b)));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("casesInEveryBuffer")
    void encryptingThePlaintextUnderThePublishedNonceGivesThePublishedMessage(Case c, Buffers kind) {
        byte[] reserved = new byte[TransformHeader.SIZE + c.plain().length];
        System.arraycopy(c.plain(), 0, reserved, TransformHeader.SIZE, c.plain().length);
        ByteBuf buf = kind.holding(reserved);
        try {
            new MessageEncryptor(c.cipher(), c.key())
                    .encryptWithNonceField(buf, kind.before, c.plain().length, c.sessionId(), c.nonceField());
            assertEquals(ByteBufUtil.hexDump(c.transformed()), ByteBufUtil.hexDump(buf, kind.before, reserved.length));
            assertTrue(kind.sentinelsIntact(buf, reserved.length), "bytes outside the message changed");
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("casesInEveryBuffer")
    void decryptingThePublishedMessageGivesThePlaintext(Case c, Buffers kind) {
        ByteBuf buf = kind.holding(c.transformed());
        try {
            int n = new MessageEncryptor(c.cipher(), c.key()).decrypt(buf, kind.before, c.transformed().length);
            assertEquals(c.plain().length, n);
            assertEquals(ByteBufUtil.hexDump(c.plain()),
                    ByteBufUtil.hexDump(buf, kind.before + TransformHeader.SIZE, n));
            assertTrue(kind.sentinelsIntact(buf, c.transformed().length), "bytes outside the message changed");
        } finally {
            buf.release();
        }
    }

    /** The published AAD of the SMB 3.0 messages is header bytes 20 to 51 ([MS-SMB2] 3.1.4.3). */
    @Test
    void publishedAadIsHeaderBytes20To51() {
        TransformVectors v04 = TransformVectors.load(TransformVectors.SMB30_CCM);
        for (String m : List.of("WRITE_REQ", "READ_REQ", "WRITE_RESP", "READ_RESP")) {
            byte[] t = v04.get(m + "_Transformed");
            assertArrayEquals(v04.get(m + "_AAD"), Arrays.copyOfRange(t, 20, TransformHeader.SIZE), m);
            assertArrayEquals(v04.get(m + "_CCMNonce"), Arrays.copyOfRange(t, 20, 31), m);
        }
    }

    /** A header built by {@link TransformHeader#encode} (Flags 0x0001) followed by the ciphertext. */
    private static byte[] assemble(byte[] signature, byte[] nonceField, long sessionId, byte[] ciphertext) {
        ByteBuf out = Unpooled.buffer();
        try {
            new TransformHeader(signature, nonceField, ciphertext.length, TransformHeader.FLAG_ENCRYPTED, sessionId)
                    .encode(out);
            out.writeBytes(ciphertext);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static long smb2SessionId(byte[] smb2Message) {
        return ByteBuffer.wrap(smb2Message, 40, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}

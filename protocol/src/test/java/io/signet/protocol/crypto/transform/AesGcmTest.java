package io.signet.protocol.crypto.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import io.signet.protocol.crypto.NativeGcm;
import java.security.Provider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AesGcm} against the JDK's own one-shot AES-GCM on byte arrays, and against the McGrew-Viega test case 2 of
 * file 07: every chunk size from one block up, messages of every length around the chunk boundaries, at odd offsets
 * in heap, direct and pooled buffers, with the JDK's GCM engine and the native provider's. The published SMB messages go through it in
 * {@link PublishedTransformVectorsTest}.
 */
class AesGcmTest {
    private static final TransformVectors PRIMITIVES = TransformVectors.load("07_primitive_vectors_cmac_gcm_gmac.txt");

    @ParameterizedTest(name = "native provider: {0}")
    @ValueSource(booleans = {false, true})
    void reproducesGcmTestCase2(boolean nativeGcm) throws Exception {
        Provider provider = provider(nativeGcm);
        byte[] key = PRIMITIVES.get("GCM_TC1_K");
        byte[] nonce = PRIMITIVES.get("GCM_TC1_IV");
        ByteBuf buf = Unpooled.directBuffer(16).writeBytes(PRIMITIVES.get("GCM_TC2_P"));
        try {
            byte[] tag = new byte[16];
            AesGcm gcm = new AesGcm(key, AesGcm.CHUNK, provider);
            gcm.seal(nonce, new byte[0], buf, 0, 16, tag);
            assertArrayEquals(PRIMITIVES.get("GCM_TC2_C"), ByteBufUtil.getBytes(buf));
            assertArrayEquals(PRIMITIVES.get("GCM_TC2_T"), tag);
            gcm.open(nonce, new byte[0], buf, 0, 16, PRIMITIVES.get("GCM_TC2_T"));
            assertArrayEquals(PRIMITIVES.get("GCM_TC2_P"), ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "native provider: {0}")
    @ValueSource(booleans = {false, true})
    void matchesTheJdkAtEveryChunkBoundary(boolean nativeGcm) throws Exception {
        Provider provider = provider(nativeGcm);
        SplittableRandom random = new SplittableRandom(0x6C3);
        int[] chunks = {16, 32, 48, 4096, AesGcm.CHUNK};
        for (int chunk : chunks) {
            int[] lengths = {0, 1, 15, 16, 17, chunk - 1, chunk, chunk + 1, 2 * chunk + 15, 3 * chunk - 7};
            for (int length : lengths) {
                for (int kind = 0; kind < 3; kind++) {
                    byte[] key = bytes(random, kind == 1 ? 32 : 16);
                    roundTrip(provider, random, key, chunk, length, kind);
                }
            }
        }
        for (int round = 0; round < 200; round++) {
            roundTrip(provider, random, bytes(random, round % 2 == 0 ? 16 : 32), 16 * random.nextInt(1, 50),
                    random.nextInt(0, 5000), round % 3);
        }
    }

    private static void roundTrip(Provider provider, SplittableRandom random, byte[] key, int chunk, int length,
            int kind) throws Exception {
        byte[] nonce = bytes(random, 12);
        byte[] aad = bytes(random, 32);
        byte[] plain = bytes(random, length);
        byte[] expected = jdk(Cipher.ENCRYPT_MODE, key, nonce, aad, plain);
        String what = "key " + key.length + ", chunk " + chunk + ", length " + length + ", buffer kind " + kind;
        int offset = random.nextInt(0, 9);
        ByteBuf buf = buffer(kind, offset + length + 5).writeZero(offset).writeBytes(plain).writeZero(5);
        try {
            byte[] tag = new byte[16];
            AesGcm gcm = new AesGcm(key, chunk, provider);
            gcm.seal(nonce, aad, buf, offset, length, tag);
            assertArrayEquals(Arrays.copyOf(expected, length), ByteBufUtil.getBytes(buf, offset, length),
                    what + ": ciphertext");
            assertArrayEquals(Arrays.copyOfRange(expected, length, length + 16), tag, what + ": tag");
            new AesGcm(key, chunk, provider).open(nonce, aad, buf, offset, length, tag);
            assertArrayEquals(plain, ByteBufUtil.getBytes(buf, offset, length), what + ": plaintext");
            assertEquals(0, buf.getByte(offset + length), what + ": byte after the range");
            if (offset > 0) {
                assertEquals(0, buf.getByte(offset - 1), what + ": byte before the range");
            }
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "native provider: {0}")
    @ValueSource(booleans = {false, true})
    void everyTamperedBitIsRefusedAndNoPlaintextIsLeft(boolean nativeGcm) throws Exception {
        Provider provider = provider(nativeGcm);
        SplittableRandom random = new SplittableRandom(11);
        byte[] key = bytes(random, 16);
        byte[] nonce = bytes(random, 12);
        byte[] aad = bytes(random, 32);
        byte[] plain = bytes(random, 77);
        byte[] sealed = jdk(Cipher.ENCRYPT_MODE, key, nonce, aad, plain);
        AesGcm gcm = new AesGcm(key, 32, provider);
        for (int i = 0; i < sealed.length + aad.length; i++) {
            byte[] message = sealed.clone();
            byte[] header = aad.clone();
            if (i < sealed.length) {
                message[i] ^= 1;
            } else {
                header[i - sealed.length] ^= (byte) 0x80;
            }
            ByteBuf buf = Unpooled.directBuffer(plain.length).writeBytes(message, 0, plain.length);
            try {
                byte[] tag = Arrays.copyOfRange(message, plain.length, plain.length + 16);
                int at = i;
                assertThrows(AEADBadTagException.class, () -> gcm.open(nonce, header, buf, 0, plain.length, tag),
                        "tampered byte " + at);
                assertArrayEquals(new byte[plain.length], ByteBufUtil.getBytes(buf),
                        "unauthenticated plaintext left after tampering byte " + i);
            } finally {
                buf.release();
            }
        }
    }

    /** A replayed message opens again; sealing under a nonce only opened before is allowed, sealing twice is not. */
    @ParameterizedTest(name = "native provider: {0}")
    @ValueSource(booleans = {false, true})
    void aRepeatedNonceOpensButNeverSealsTwice(boolean nativeGcm) throws Exception {
        Provider provider = provider(nativeGcm);
        byte[] key = new byte[16];
        byte[] nonce = HexFormat.of().parseHex("0102030405060708090a0b0c");
        byte[] aad = new byte[32];
        byte[] plain = bytes(new SplittableRandom(3), 100);
        byte[] sealed = jdk(Cipher.ENCRYPT_MODE, key, nonce, aad, plain);
        byte[] tag = Arrays.copyOfRange(sealed, 100, 116);
        AesGcm gcm = new AesGcm(key, AesGcm.CHUNK, provider);
        ByteBuf buf = Unpooled.buffer(100);
        try {
            for (int i = 0; i < 2; i++) {
                buf.clear().writeBytes(sealed, 0, 100);
                gcm.open(nonce, aad, buf, 0, 100, tag);
                assertArrayEquals(plain, ByteBufUtil.getBytes(buf));
            }
            byte[] newTag = new byte[16];
            gcm.seal(nonce, aad, buf, 0, 100, newTag);
            assertArrayEquals(tag, newTag);
            assertThrows(IllegalStateException.class, () -> gcm.seal(nonce, aad, buf, 0, 100, new byte[16]));
        } finally {
            buf.release();
        }
    }

    /** The native provider, which the Linux x86-64 and ARM64 builds carry, or null for the JDK's engine. */
    static Provider provider(boolean nativeGcm) {
        return nativeGcm ? NativeGcm.provider().orElseThrow(() -> new AssertionError(NativeGcm.description())) : null;
    }

    private static ByteBuf buffer(int kind, int capacity) {
        return switch (kind) {
            case 0 -> Unpooled.buffer(capacity);
            case 1 -> Unpooled.directBuffer(capacity);
            default -> PooledByteBufAllocator.DEFAULT.directBuffer(capacity);
        };
    }

    private static byte[] jdk(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(input);
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}

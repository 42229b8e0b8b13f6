package io.signet.protocol.crypto;

import static io.signet.protocol.crypto.AesCmacTest.bytes;
import static io.signet.protocol.crypto.AesCmacTest.randomSplits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.GMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AES-GMAC primitive (RFC 4543 / SP 800-38D with empty plaintext) against the NIST and McGrew-Viega vectors
 * (file 07) and Bouncy Castle's GMac, on each of its routes: on the JDK plain AAD and data presented as GCM
 * ciphertext, and the native provider's streamed AAD.
 */
class AesGmacTest {
    private static final Vectors NIST = Vectors.load(Vectors.PRIMITIVES);

    /** The routes, forced regardless of length. */
    enum Route {
        AAD(Integer.MAX_VALUE),
        CIPHERTEXT(-1),
        JDK_DEFAULT(AesGmac.DEFAULT_AAD_LIMIT),
        /** The native provider, which the Linux x86-64 and ARM64 builds carry ({@link NativeGcmTest}). */
        NATIVE(0);

        final int aadLimit;

        Route(int aadLimit) {
            this.aadLimit = aadLimit;
        }

        AesGmac create(byte[] key) {
            if (this == NATIVE) {
                return new AesGmac(key, aadLimit, NativeGcm.provider().orElseThrow(
                        () -> new AssertionError(NativeGcm.description())));
            }
            return new AesGmac(key, aadLimit);
        }
    }

    static Stream<Arguments> publishedVectorsOnEveryRoute() {
        List<Arguments> out = new ArrayList<>();
        for (Route route : Route.values()) {
            // NIST CAVP gcmEncryptExtIV128, PTlen=0, AADlen=128: pure GMAC.
            out.add(Arguments.of("GMAC128", "GMAC128_K", "GMAC128_IV", "GMAC128_AAD", "GMAC128_T", route));
            out.add(Arguments.of("GMAC128b", "GMAC128b_K", "GMAC128b_IV", "GMAC128b_AAD", "GMAC128b_T", route));
            // McGrew-Viega test case 1: empty AAD and plaintext.
            out.add(Arguments.of("GCM TC1", "GCM_TC1_K", "GCM_TC1_IV", null, "GCM_TC1_T", route));
            // NIST CAVP gcmEncryptExtIV256, AES-256 key, nothing authenticated.
            out.add(Arguments.of("GCM256", "GCM256_K", "GCM256_IV", null, "GCM256_T", route));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {5}")
    @MethodSource("publishedVectorsOnEveryRoute")
    void matchesPublishedVectors(String name, String key, String iv, String aad, String tag, Route route) {
        byte[] data = aad == null ? new byte[0] : NIST.get(aad);
        AesGmac gmac = route.create(NIST.get(key));
        assertArrayEquals(NIST.get(tag), tag(gmac, NIST.get(iv), data, new int[] {data.length}));
        assertArrayEquals(NIST.get(tag), tag(gmac, NIST.get(iv), data, new int[] {data.length}), "same nonce again");
    }

    static Stream<Arguments> lengthsZeroToHundredOnEachRoute() {
        List<Arguments> out = new ArrayList<>();
        for (Route route : Route.values()) {
            for (int length = 0; length <= 100; length++) {
                out.add(Arguments.of(length, route));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} bytes {1}")
    @MethodSource("lengthsZeroToHundredOnEachRoute")
    void matchesBouncyCastleForEveryShortLength(int length, Route route) {
        SplittableRandom random = new SplittableRandom(4543 + length);
        byte[] key = bytes(random, 16);
        byte[] nonce = bytes(random, 12);
        byte[] m = bytes(random, length);
        AesGmac gmac = route.create(key);
        byte[] expected = bouncyCastle(key, nonce, m);
        assertArrayEquals(expected, tag(gmac, nonce, m, new int[] {length}));
        assertArrayEquals(expected, tag(gmac, nonce, m, randomSplits(random, length)), "random splits");
    }

    static Stream<Arguments> longLengthsOnEachRoute() {
        List<Arguments> out = new ArrayList<>();
        for (Route route : Route.values()) {
            for (int length : new int[] {AesGmac.DEFAULT_AAD_LIMIT, AesGmac.DEFAULT_AAD_LIMIT + 1,
                    AesGmac.CHUNK * 2 + 9, 1 << 20, (1 << 20) + 3}) {
                out.add(Arguments.of(length, route));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} bytes {1}")
    @MethodSource("longLengthsOnEachRoute")
    void matchesBouncyCastleForLongMessages(int length, Route route) {
        SplittableRandom random = new SplittableRandom(length);
        byte[] key = bytes(random, 16);
        byte[] nonce = bytes(random, 12);
        byte[] m = bytes(random, length);
        AesGmac gmac = route.create(key);
        byte[] expected = bouncyCastle(key, nonce, m);
        assertArrayEquals(expected, tag(gmac, nonce, m, new int[] {length}));
        assertArrayEquals(expected, tag(gmac, nonce, m, randomSplits(random, length)), "random splits");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void keepsWorkingAcrossMessagesNoncesAndAbandonedMessages(Route route) {
        SplittableRandom random = new SplittableRandom(11);
        byte[] key = bytes(random, 16);
        AesGmac gmac = route.create(key);
        byte[] nonce = bytes(random, 12);
        for (int i = 0; i < 100; i++) {
            if (i % 3 != 0) {
                nonce = bytes(random, 12); // otherwise: the same nonce as the previous message
            }
            byte[] m = bytes(random, random.nextInt(0, 3 * AesGmac.CHUNK));
            if (i % 10 == 5) {
                gmac.start(nonce, m.length);
                gmac.update(m, 0, m.length / 2);
                gmac.reset();
            }
            assertArrayEquals(bouncyCastle(key, nonce, m), tag(gmac, nonce, m, new int[] {m.length}), "message " + i);
        }
    }

    @Test
    void refusesMoreOrLessDataThanDeclared() {
        AesGmac gmac = new AesGmac(new byte[16]);
        byte[] nonce = new byte[12];
        gmac.start(nonce, 10);
        assertThrows(IllegalStateException.class, () -> gmac.update(new byte[11], 0, 11));
        gmac.start(nonce, 10);
        gmac.update(new byte[9], 0, 9);
        assertThrows(IllegalStateException.class, () -> gmac.finish(new byte[16], 0));
        assertThrows(IllegalArgumentException.class, () -> gmac.start(new byte[16], 10));
    }

    /** x * 1 = x, and x * y = y * x, with 1 = bit 0 set in GCM's reflected order. */
    @Test
    void fieldMultiplicationBasics() {
        SplittableRandom random = new SplittableRandom(3);
        long[] z = new long[2];
        long[] w = new long[2];
        for (int i = 0; i < 100; i++) {
            long xHi = random.nextLong();
            long xLo = random.nextLong();
            long yHi = random.nextLong();
            long yLo = random.nextLong();
            AesGmac.gfMultiply(xHi, xLo, 0x8000000000000000L, 0, z);
            assertArrayEquals(new long[] {xHi, xLo}, z);
            AesGmac.gfMultiply(xHi, xLo, yHi, yLo, z);
            AesGmac.gfMultiply(yHi, yLo, xHi, xLo, w);
            assertArrayEquals(z, w);
        }
    }

    static byte[] tag(AesGmac gmac, byte[] nonce, byte[] m, int[] parts) {
        gmac.start(nonce, m.length);
        int off = 0;
        for (int part : parts) {
            gmac.update(m, off, part);
            off += part;
        }
        byte[] out = new byte[19];
        gmac.finish(out, 3);
        return Arrays.copyOfRange(out, 3, 19);
    }

    static byte[] bouncyCastle(byte[] key, byte[] nonce, byte[] m) {
        GMac bc = new GMac(GCMBlockCipher.newInstance(AESEngine.newInstance()));
        bc.init(new ParametersWithIV(new KeyParameter(key), nonce));
        bc.update(m, 0, m.length);
        byte[] out = new byte[16];
        bc.doFinal(out, 0);
        return out;
    }
}

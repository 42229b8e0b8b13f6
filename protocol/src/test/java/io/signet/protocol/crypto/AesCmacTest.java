package io.signet.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The AES-CMAC primitive (RFC 4493) against RFC 4493 section 4 (file 07) and Bouncy Castle's CMac(AESEngine). */
class AesCmacTest {
    private static final Vectors RFC = Vectors.load(Vectors.PRIMITIVES);

    @Test
    void subkeysMatchRfc4493() {
        AesCmac cmac = new AesCmac(RFC.get("CMAC_K"));
        assertArrayEquals(RFC.get("CMAC_K1"), cmac.subkey1());
        assertArrayEquals(RFC.get("CMAC_K2"), cmac.subkey2());
    }

    /** RFC 4493 examples 1-4: the first 0, 16, 40 and 64 bytes of the same message. */
    @ParameterizedTest
    @ValueSource(ints = {0, 16, 40, 64})
    void tagsMatchRfc4493Examples(int length) {
        byte[] m = Arrays.copyOf(RFC.get("CMAC_M64"), length);
        byte[] expected = RFC.get("CMAC_T" + length);
        AesCmac cmac = new AesCmac(RFC.get("CMAC_K"));
        assertArrayEquals(expected, tag(cmac, m, new int[] {length}), "one update");
        assertArrayEquals(expected, tag(cmac, m, ones(length)), "byte by byte, same instance");
        assertArrayEquals(expected, tag(cmac, m, new int[] {Math.min(length, 7), length - Math.min(length, 7)}));
    }

    static IntStream lengthsZeroToHundred() {
        return IntStream.rangeClosed(0, 100);
    }

    @ParameterizedTest
    @MethodSource("lengthsZeroToHundred")
    void matchesBouncyCastleForEveryShortLength(int length) {
        SplittableRandom random = new SplittableRandom(4493 + length);
        byte[] key = bytes(random, 16);
        byte[] m = bytes(random, length);
        AesCmac cmac = new AesCmac(key);
        byte[] expected = bouncyCastle(key, m);
        assertArrayEquals(expected, tag(cmac, m, new int[] {length}));
        assertArrayEquals(expected, tag(cmac, m, randomSplits(random, length)), "random splits, reused instance");
    }

    @ParameterizedTest
    @ValueSource(ints = {1 << 20, (1 << 20) + 5, AesCmac.CHUNK * 3 + 16, AesCmac.CHUNK * 3 + 17})
    void matchesBouncyCastleForLongMessages(int length) {
        SplittableRandom random = new SplittableRandom(length);
        byte[] key = bytes(random, 16);
        byte[] m = bytes(random, length);
        byte[] expected = bouncyCastle(key, m);
        AesCmac cmac = new AesCmac(key);
        assertArrayEquals(expected, tag(cmac, m, new int[] {length}));
        assertArrayEquals(expected, tag(cmac, m, randomSplits(random, length)));
    }

    @ParameterizedTest
    @ValueSource(ints = {24, 32})
    void acceptsLongerAesKeys(int keyLength) {
        SplittableRandom random = new SplittableRandom(keyLength);
        byte[] key = bytes(random, keyLength);
        byte[] m = bytes(random, 1000);
        assertArrayEquals(bouncyCastle(key, m), tag(new AesCmac(key), m, new int[] {1000}));
    }

    /** The CBC chaining value must start from zero again for every message, including after an abandoned one. */
    @Test
    void consecutiveMessagesAndAResetDoNotLeakState() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] key = bytes(random, 16);
        AesCmac cmac = new AesCmac(key);
        for (int i = 0; i < 200; i++) {
            byte[] m = bytes(random, random.nextInt(0, 3 * AesCmac.CHUNK));
            if (i % 10 == 3) {
                cmac.update(m, 0, m.length);
                cmac.reset();
            }
            assertArrayEquals(bouncyCastle(key, m), tag(cmac, m, new int[] {m.length}), "message " + i);
        }
    }

    private static byte[] tag(AesCmac cmac, byte[] m, int[] parts) {
        int off = 0;
        for (int part : parts) {
            cmac.update(m, off, part);
            off += part;
        }
        if (off != m.length) {
            throw new AssertionError("parts cover " + off + " of " + m.length);
        }
        byte[] out = new byte[20];
        cmac.finish(out, 2);
        return Arrays.copyOfRange(out, 2, 18);
    }

    static byte[] bouncyCastle(byte[] key, byte[] m) {
        CMac bc = new CMac(AESEngine.newInstance());
        bc.init(new KeyParameter(key));
        bc.update(m, 0, m.length);
        byte[] out = new byte[16];
        bc.doFinal(out, 0);
        return out;
    }

    static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static int[] randomSplits(SplittableRandom random, int length) {
        int[] parts = new int[64];
        int count = 0;
        int left = length;
        while (left > 0 && count < parts.length - 1) {
            int n = random.nextInt(0, Math.min(left, 40_000) + 1);
            parts[count++] = n;
            left -= n;
        }
        parts[count++] = left;
        return Arrays.copyOf(parts, count);
    }

    private static int[] ones(int n) {
        int[] parts = new int[n];
        Arrays.fill(parts, 1);
        return parts;
    }
}

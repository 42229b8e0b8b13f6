package io.signet.protocol.crypto.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/**
 * {@link AesCcm} against Bouncy Castle's pure-Java CCM (RFC 3610) on random keys, nonces, AAD and messages, in both
 * directions, with chunk sizes from one block up, so that chunk boundaries fall everywhere relative to the message
 * end, and messages at random offsets in heap and direct buffers. The seed is fixed so a failure reproduces.
 */
class AesCcmOracleTest {
    private static final int TAG_BITS = 128;

    @Test
    void matchesBouncyCastleOnRandomInputs() throws Exception {
        SplittableRandom random = new SplittableRandom(0x5EED_CC3L);
        int[] keyLengths = {16, 24, 32};
        for (int round = 0; round < 400; round++) {
            byte[] key = bytes(random, keyLengths[random.nextInt(3)]);
            byte[] nonce = bytes(random, round % 2 == 0 ? 11 : random.nextInt(7, 14));
            byte[] aad = bytes(random, round % 3 == 0 ? 32 : random.nextInt(0, 300));
            int length = round % 50 == 0 ? random.nextInt(AesCcm.CHUNK, 3 * AesCcm.CHUNK + 100)
                    : random.nextInt(0, 2100);
            byte[] plain = bytes(random, length);
            boolean direct = random.nextBoolean();
            int chunk = round % 4 == 0 ? AesCcm.CHUNK : 16 * random.nextInt(1, 40);
            int offset = random.nextInt(0, 20);
            String what = "round " + round + ": key " + key.length + ", nonce " + nonce.length + ", aad "
                    + aad.length + ", length " + length + ", chunk " + chunk + (direct ? ", direct" : ", heap");

            byte[] expected = bouncyCastle(true, key, nonce, aad, plain);

            ByteBuf data = buffer(offset, plain, direct);
            try {
                byte[] tag = new byte[AesCcm.TAG_LENGTH];
                AesCcm ccm = new AesCcm(key, chunk);
                ccm.encrypt(nonce, aad, aad.length, data, offset, length, tag, 0);
                assertArrayEquals(Arrays.copyOf(expected, length), contents(data, offset, length),
                        what + ": ciphertext");
                assertArrayEquals(Arrays.copyOfRange(expected, length, length + 16), tag, what + ": tag");

                ccm.decrypt(nonce, aad, aad.length, data, offset, length, tag, 0);
                assertArrayEquals(plain, contents(data, offset, length), what + ": decrypted");
            } finally {
                data.release();
            }
        }
    }

    @Test
    void decryptsWhatBouncyCastleEncrypts() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 100; round++) {
            byte[] key = bytes(random, round % 2 == 0 ? 16 : 32);
            byte[] nonce = bytes(random, 11);
            byte[] aad = bytes(random, 32);
            byte[] plain = bytes(random, random.nextInt(0, 5000));
            byte[] sealed = bouncyCastle(true, key, nonce, aad, plain);
            ByteBuf data = Unpooled.wrappedBuffer(Arrays.copyOf(sealed, plain.length));
            new AesCcm(key, 16 * random.nextInt(1, 300)).decrypt(nonce, aad, aad.length, data, 0, plain.length,
                    sealed, plain.length);
            assertArrayEquals(plain, contents(data, 0, plain.length), "round " + round);
        }
    }

    @Test
    void rejectsATagBouncyCastleRejectsAndWipesTheData() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        byte[] key = bytes(random, 16);
        byte[] nonce = bytes(random, 11);
        byte[] aad = bytes(random, 32);
        byte[] plain = bytes(random, 100);
        byte[] sealed = bouncyCastle(true, key, nonce, aad, plain);
        sealed[sealed.length - 1] ^= 1;
        assertThrows(InvalidCipherTextException.class, () -> bouncyCastle(false, key, nonce, aad, sealed));
        ByteBuf data = Unpooled.wrappedBuffer(Arrays.copyOf(sealed, plain.length));
        assertThrows(AEADBadTagException.class,
                () -> new AesCcm(key, 48).decrypt(nonce, aad, aad.length, data, 0, plain.length, sealed,
                        plain.length));
        assertArrayEquals(new byte[plain.length], contents(data, 0, plain.length),
                "unauthenticated plaintext left behind");
    }

    @Test
    void refusesParametersOutsideRfc3610() {
        AesCcm ccm = new AesCcm(new byte[16]);
        byte[] tag = new byte[16];
        ByteBuf data = Unpooled.buffer(65536).writeZero(65536);
        assertThrows(IllegalArgumentException.class,
                () -> ccm.encrypt(new byte[6], new byte[0], 0, data, 0, 10, tag, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ccm.encrypt(new byte[14], new byte[0], 0, data, 0, 10, tag, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ccm.encrypt(new byte[11], new byte[0xFF00], 0xFF00, data, 0, 10, tag, 0));
        // A 13-byte nonce leaves a 2-byte length field: at most 65535 bytes.
        assertThrows(IllegalArgumentException.class,
                () -> ccm.encrypt(new byte[13], new byte[0], 0, data, 0, 65536, tag, 0));
        assertThrows(IllegalArgumentException.class, () -> new AesCcm(new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> new AesCcm(new byte[16], 24));
    }

    private static byte[] bouncyCastle(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] input)
            throws InvalidCipherTextException {
        AEADCipher ccm = CCMBlockCipher.newInstance(AESEngine.newInstance());
        ccm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce, aad));
        byte[] out = new byte[ccm.getOutputSize(input.length)];
        int n = ccm.processBytes(input, 0, input.length, out, 0);
        n += ccm.doFinal(out, n);
        return Arrays.copyOf(out, n);
    }

    private static ByteBuf buffer(int offset, byte[] content, boolean direct) {
        int capacity = offset + content.length + 3;
        ByteBuf b = direct ? Unpooled.directBuffer(capacity) : Unpooled.buffer(capacity);
        return b.writeZero(offset).writeBytes(content).writeZero(3);
    }

    private static byte[] contents(ByteBuf b, int offset, int length) {
        return ByteBufUtil.getBytes(b, offset, length);
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}

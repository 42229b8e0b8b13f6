package io.signet.protocol.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CMAC (RFC 4493, NIST SP 800-38B), streaming, for one key.
 *
 * <p>CMAC is CBC-MAC with a tweaked last block, so the bulk of the work is AES-CBC encryption with a zero IV, which
 * this class hands to the JDK's {@code AES/CBC/NoPadding} (HotSpot compiles its block loop to AES-NI). The CBC
 * ciphertext is thrown away into this thread's scratch array ({@link Scratch}) of at most {@link #CHUNK} bytes;
 * only the last block, XORed with the subkey K1 (complete block) or padded and XORed with K2 (partial or empty),
 * goes through {@code doFinal}, whose output is the tag. The JDK's CBC {@code doFinal} resets the chaining value to
 * the IV, so the same {@code Cipher} serves message after message without another {@code init}.
 *
 * <p>Not thread-safe. Used by {@link AesCmacSigner} and directly by the RFC 4493 tests.
 */
final class AesCmac {
    static final int BLOCK = 16;
    /** Bytes handed to the CBC cipher per call: big enough to amortise the call, small enough to stay in L1/L2. */
    static final int CHUNK = 8 * 1024;
    /** RFC 4493 2.3: R_128 = 0^120 || 10000111. */
    private static final int RB = 0x87;

    private final Cipher cbc;
    private final SecretKeySpec key;
    private final byte[] k1 = new byte[BLOCK];
    private final byte[] k2 = new byte[BLOCK];
    /** The last (up to 16) bytes seen: held back because only the final block gets the subkey treatment. */
    private final byte[] pending = new byte[BLOCK];
    private int pendingLength;

    /** @param key an AES key: 16, 24 or 32 bytes (SMB uses 16) */
    AesCmac(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        try {
            // RFC 4493 2.3 Generate_Subkey: L = AES-K(0^128); K1 = L << 1 (^ Rb), K2 = K1 << 1 (^ Rb).
            Cipher ecb = Crypto.cipher("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, this.key);
            byte[] l = ecb.doFinal(new byte[BLOCK]);
            doubleInGf(l, k1);
            doubleInGf(k1, k2);
            Arrays.fill(l, (byte) 0);
            cbc = Crypto.cipher("AES/CBC/NoPadding");
            cbc.init(Cipher.ENCRYPT_MODE, this.key, new IvParameterSpec(new byte[BLOCK]));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable AES key of " + key.length + " bytes", e);
        }
    }

    /** Absorbs {@code b[off, off+len)}. */
    void update(byte[] b, int off, int len) {
        if (len <= BLOCK - pendingLength) {
            System.arraycopy(b, off, pending, pendingLength, len);
            pendingLength += len;
            return;
        }
        // More input than fits: the pending block is not the last one, so it can go through CBC now.
        int fill = BLOCK - pendingLength;
        System.arraycopy(b, off, pending, pendingLength, fill);
        off += fill;
        len -= fill;
        encrypt(pending, 0, BLOCK);
        // len > 0 here. Keep the final 1..16 bytes back; everything before them is whole blocks.
        int keep = ((len - 1) & (BLOCK - 1)) + 1;
        int bulkEnd = off + len - keep;
        while (off < bulkEnd) {
            int n = Math.min(CHUNK, bulkEnd - off);
            encrypt(b, off, n);
            off += n;
        }
        System.arraycopy(b, off, pending, 0, keep);
        pendingLength = keep;
    }

    /** Writes the 16-byte tag of everything absorbed since the last finish/reset to {@code out[off]}; resets. */
    void finish(byte[] out, int off) {
        if (pendingLength == BLOCK) {
            xor(pending, k1);
        } else {
            // RFC 4493 2.4 step 4: padding(x) = x || 10^i, then XOR K2.
            pending[pendingLength] = (byte) 0x80;
            Arrays.fill(pending, pendingLength + 1, BLOCK, (byte) 0);
            xor(pending, k2);
        }
        pendingLength = 0;
        try {
            if (cbc.doFinal(pending, 0, BLOCK, out, off) != BLOCK) {
                throw new IllegalStateException("CBC returned a short last block");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC failed on a whole block", e);
        }
    }

    /** Drops a partly absorbed message, e.g. after the source buffer threw halfway through. */
    void reset() {
        pendingLength = 0;
        try {
            cbc.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[BLOCK]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("re-initialising AES-CBC with a key it accepted before", e);
        }
    }

    byte[] subkey1() {
        return k1.clone();
    }

    byte[] subkey2() {
        return k2.clone();
    }

    /** {@code len} is a positive multiple of 16 and at most {@link #CHUNK}. */
    private void encrypt(byte[] b, int off, int len) {
        byte[] discard = Scratch.array(Scratch.WORK_A, CHUNK);
        try {
            cbc.update(b, off, len, discard, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("CBC output larger than its whole-block input", e);
        }
    }

    /** Multiplication by x in GF(2^128) with the RFC 4493 bit order (a left shift of the big-endian block). */
    private static void doubleInGf(byte[] in, byte[] out) {
        int carry = (in[0] & 0x80) != 0 ? RB : 0;
        for (int i = 0; i < BLOCK - 1; i++) {
            out[i] = (byte) ((in[i] << 1) | ((in[i + 1] & 0xFF) >>> 7));
        }
        out[BLOCK - 1] = (byte) ((in[BLOCK - 1] << 1) ^ carry);
    }

    private static void xor(byte[] target, byte[] mask) {
        for (int i = 0; i < BLOCK; i++) {
            target[i] ^= mask[i];
        }
    }
}

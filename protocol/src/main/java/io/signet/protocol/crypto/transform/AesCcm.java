package io.signet.protocol.crypto.transform;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.crypto.Crypto;
import io.signet.protocol.crypto.Scratch;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CCM (RFC 3610; NIST SP 800-38C) with a 16-byte tag (M = 16), built from the JDK's AES-CBC (for the CBC-MAC)
 * and AES-CTR (for the encryption) so that both passes run on the AES intrinsics. The JDK has no CCM of its own.
 *
 * <p>SMB uses an 11-byte nonce, hence a 4-byte length field (L = 15 - 11, RFC 3610 section 2), and 32 bytes of
 * additional authenticated data (the TRANSFORM_HEADER from its Nonce on, [MS-SMB2] 3.1.4.3). This class accepts any
 * nonce length from 7 to 13 bytes and AAD shorter than 0xFF00 bytes (the two-byte length encoding of RFC 3610
 * section 2.2), which is enough for SMB and lets tests compare it with other implementations over wider inputs.
 *
 * <ul>
 *   <li>Authentication (RFC 3610 2.2): T = the last block of AES-CBC with a zero IV over
 *       {@code B_0 || l(a) || a || pad || m || pad}, where {@code B_0 = flags || nonce || l(m)} and flags =
 *       {@code 64*Adata + 8*((M-2)/2) + (L-1)}. The CBC output of all earlier blocks is written to a reused
 *       {@link #CHUNK}-sized scratch array and discarded.</li>
 *   <li>Encryption (RFC 3610 2.3): counter blocks {@code A_i = (L-1) || nonce || i} as an L-byte big-endian i.
 *       The tag is encrypted with {@code S_0 = E(K, A_0)} and the message with {@code S_1, S_2, ...}, so a single
 *       AES-CTR stream started at {@code A_0} first yields S_0 (kept for the tag) and then encrypts the message.
 *       Since S_0 is known before the message, the MAC and the encryption run in one pass over the data; decryption
 *       MACs each chunk's plaintext right after decrypting it. The JDK's
 *       CTR increments the whole 128-bit block, which equals incrementing i as long as the message is shorter
 *       than 2^(8L) blocks; the length check below guarantees that.</li>
 * </ul>
 * Data is transformed in place in a range of a {@link ByteBuf} of any kind, in one pass of chunks of at most
 * {@link #CHUNK} bytes through this thread's scratch arrays ({@link Scratch}): nothing sized by the message is allocated.
 *
 * <p>Not thread-safe; one instance per key and direction, reused for every message.
 */
final class AesCcm {
    static final int TAG_LENGTH = 16;
    static final int MIN_NONCE_LENGTH = 7;
    static final int MAX_NONCE_LENGTH = 13;
    /** RFC 3610 2.2: AAD up to 2^16 - 2^8 - 1 bytes has a two-byte length encoding, the only one supported here. */
    static final int MAX_AAD_LENGTH = 0xFEFF;
    /** Bytes of message fed to the CBC-MAC per call, bounding the scratch array. */
    static final int CHUNK = 32 * 1024;
    private static final int BLOCK = 16;
    private static final byte[] ZERO_BLOCK = new byte[BLOCK];

    private final SecretKeySpec key;
    private final Cipher cbc;
    private final Cipher ctr;
    private final IvParameterSpec zeroIv = new IvParameterSpec(new byte[BLOCK]);

    private final int chunk;
    private final byte[] counterBlock = new byte[BLOCK];
    private final byte[] s0 = new byte[BLOCK];
    /** The chunk as it came from the buffer, as it goes back, and the CBC-MAC's discarded output: this thread's
     * scratch arrays ({@link Scratch}), fetched at the start of each call. */
    private byte[] plain;
    private byte[] other;
    private byte[] macOut;
    private final byte[] lastMacBlock = new byte[BLOCK];
    private final byte[] expectedTag = new byte[TAG_LENGTH];
    private byte[] macPrefix = new byte[4 * BLOCK];

    /** @param key an AES key of 16, 24 or 32 bytes */
    AesCcm(byte[] key) {
        this(key, CHUNK);
    }

    /** @param chunk bytes per chunk, a positive multiple of 16; tests vary it to put chunk boundaries anywhere */
    AesCcm(byte[] key, int chunk) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes, got " + key.length);
        }
        if (chunk <= 0 || chunk % BLOCK != 0) {
            throw new IllegalArgumentException("chunk must be a positive multiple of 16, got " + chunk);
        }
        this.chunk = chunk;
        this.key = new SecretKeySpec(key, "AES");
        this.cbc = Crypto.cipher("AES/CBC/NoPadding");
        this.ctr = Crypto.cipher("AES/CTR/NoPadding");
    }

    /**
     * Encrypts {@code buf[index, index+length)} in place and writes the 16-byte tag U to {@code tag[tagOffset]}. One
     * pass: each chunk is copied out, MACed, encrypted and copied back.
     */
    void encrypt(byte[] nonce, byte[] aad, int aadLength, ByteBuf buf, int index, int length, byte[] tag,
            int tagOffset) {
        checkParameters(nonce, aadLength, length);
        fetchScratch();
        try {
            startMac(nonce, aad, aadLength, length);
            startCounter(nonce);
            int end = index + length;
            for (int i = index; i < end; ) {
                int n = Math.min(chunk, end - i);
                buf.getBytes(i, plain, 0, n);
                mac(plain, n);
                crypt(plain, n);
                buf.setBytes(i, other, 0, n);
                i += n;
            }
            finishMac(length);
            // U = T xor first-M-bytes(S_0) (RFC 3610 2.3)
            xor(lastMacBlock, s0, tag, tagOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC/CTR rejected parameters it must accept", e);
        }
    }

    /**
     * Decrypts {@code buf[index, index+length)} in place and checks it against the 16-byte tag U at
     * {@code tag[tagOffset]}. One pass: each chunk is copied out, decrypted, MACed (CCM authenticates the plaintext)
     * and copied back.
     *
     * @throws AEADBadTagException if the tag does not match; the range is then overwritten with zeros, so no
     *                             unauthenticated plaintext is left behind
     */
    void decrypt(byte[] nonce, byte[] aad, int aadLength, ByteBuf buf, int index, int length, byte[] tag,
            int tagOffset) throws AEADBadTagException {
        checkParameters(nonce, aadLength, length);
        fetchScratch();
        boolean valid;
        try {
            startMac(nonce, aad, aadLength, length);
            startCounter(nonce);
            int end = index + length;
            for (int i = index; i < end; ) {
                int n = Math.min(chunk, end - i);
                buf.getBytes(i, plain, 0, n);
                crypt(plain, n);
                mac(other, n);
                buf.setBytes(i, other, 0, n);
                i += n;
            }
            finishMac(length);
            xor(tag, tagOffset, s0, expectedTag); // T = U xor S_0
            valid = MessageDigest.isEqual(expectedTag, lastMacBlock);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC/CTR rejected parameters it must accept", e);
        }
        if (!valid) {
            buf.setZero(index, length);
            throw new AEADBadTagException("AES-CCM tag mismatch");
        }
    }

    private void fetchScratch() {
        plain = Scratch.array(Scratch.WORK_A, chunk);
        other = Scratch.array(Scratch.WORK_B, chunk);
        // Prefix blocks go through absorb() in pieces of at most CHUNK; the CBC may hold back up to a block.
        macOut = Scratch.array(Scratch.WORK_C, Math.max(chunk, CHUNK) + BLOCK);
    }

    private static void checkParameters(byte[] nonce, int aadLength, int length) {
        if (nonce.length < MIN_NONCE_LENGTH || nonce.length > MAX_NONCE_LENGTH) {
            throw new IllegalArgumentException("CCM nonce must be 7 to 13 bytes, got " + nonce.length);
        }
        if (aadLength < 0 || aadLength > MAX_AAD_LENGTH) {
            throw new IllegalArgumentException("AAD length " + aadLength + " is outside [0, " + MAX_AAD_LENGTH + "]");
        }
        int lengthFieldBytes = 15 - nonce.length;
        if (lengthFieldBytes < 4 && length >= 1 << (8 * lengthFieldBytes)) {
            throw new IllegalArgumentException(length + " bytes do not fit the " + lengthFieldBytes
                    + "-byte length field of a " + nonce.length + "-byte nonce");
        }
    }

    /**
     * CTR from A_0 = (L-1) || nonce || 0 (RFC 3610 2.3): the first block of key stream, S_0, goes to {@link #s0} for
     * the tag; the stream then stands at S_1 for the message.
     */
    private void startCounter(byte[] nonce) throws GeneralSecurityException {
        Arrays.fill(counterBlock, (byte) 0);
        counterBlock[0] = (byte) (15 - nonce.length - 1);
        System.arraycopy(nonce, 0, counterBlock, 1, nonce.length);
        ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counterBlock));
        if (ctr.update(ZERO_BLOCK, 0, BLOCK, s0, 0) != BLOCK) {
            throw new IllegalStateException("AES-CTR held back part of a block");
        }
    }

    /** {@code other[0, n) = plain[0, n) xor key stream} (CTR is its own inverse, so this also decrypts). */
    private void crypt(byte[] input, int n) throws GeneralSecurityException {
        if (ctr.update(input, 0, n, other, 0) != n) {
            throw new IllegalStateException("AES-CTR held back part of a chunk");
        }
    }

    /** Starts the CBC-MAC of RFC 3610 2.2 with B_0 and the encoded AAD; the message follows through {@link #mac}. */
    private void startMac(byte[] nonce, byte[] aad, int aadLength, int length) throws GeneralSecurityException {
        int lengthFieldBytes = 15 - nonce.length;
        int prefixLength = BLOCK + (aadLength == 0 ? 0 : roundUp(2 + aadLength));
        if (macPrefix.length < prefixLength) {
            macPrefix = new byte[prefixLength];
        }
        byte[] p = macPrefix;
        Arrays.fill(p, 0, prefixLength, (byte) 0);
        // B_0: flags = 64*Adata + 8*((M-2)/2) + (L-1)
        p[0] = (byte) ((aadLength > 0 ? 0x40 : 0) | (((TAG_LENGTH - 2) / 2) << 3) | (lengthFieldBytes - 1));
        System.arraycopy(nonce, 0, p, 1, nonce.length);
        for (int i = 0; i < lengthFieldBytes; i++) {
            p[BLOCK - 1 - i] = (byte) (i < 4 ? length >>> (8 * i) : 0); // l(m), big-endian
        }
        if (aadLength > 0) {
            p[BLOCK] = (byte) (aadLength >>> 8);                        // l(a), two bytes big-endian
            p[BLOCK + 1] = (byte) aadLength;
            System.arraycopy(aad, 0, p, BLOCK + 2, aadLength);          // then zero padding to a block
        }
        cbc.init(Cipher.ENCRYPT_MODE, key, zeroIv);
        absorb(p, prefixLength);
    }

    /** Feeds {@code b[0, n)} of the message to the CBC-MAC; the JDK holds back a partial block for the next call. */
    private void mac(byte[] b, int n) throws GeneralSecurityException {
        keepLastBlock(cbc.update(b, 0, n, macOut, 0));
    }

    /** Pads the message to a block; leaves T in {@link #lastMacBlock}. */
    private void finishMac(int length) throws GeneralSecurityException {
        int pad = (BLOCK - length % BLOCK) % BLOCK;
        if (pad > 0) {
            absorb(ZERO_BLOCK, pad);
        }
    }

    private void absorb(byte[] in, int length) throws GeneralSecurityException {
        int produced = 0;
        for (int off = 0; off < length; ) {
            int n = Math.min(CHUNK, length - off);
            produced = cbc.update(in, off, n, macOut, 0);
            keepLastBlock(produced);
            off += n;
        }
    }

    private void keepLastBlock(int produced) {
        if (produced >= BLOCK) {
            System.arraycopy(macOut, produced - BLOCK, lastMacBlock, 0, BLOCK);
        }
    }

    private static void xor(byte[] a, byte[] b, byte[] out, int outOffset) {
        for (int i = 0; i < TAG_LENGTH; i++) {
            out[outOffset + i] = (byte) (a[i] ^ b[i]);
        }
    }

    private static void xor(byte[] a, int aOffset, byte[] b, byte[] out) {
        for (int i = 0; i < TAG_LENGTH; i++) {
            out[i] = (byte) (a[aOffset + i] ^ b[i]);
        }
    }

    private static int roundUp(int n) {
        return (n + BLOCK - 1) & -BLOCK;
    }
}

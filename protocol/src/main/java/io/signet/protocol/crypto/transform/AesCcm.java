package io.signet.protocol.crypto.transform;

import io.signet.protocol.crypto.Crypto;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
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
 *       AES-CTR stream started at {@code A_0} first turns T into U and then the message into ciphertext. The JDK's
 *       CTR increments the whole 128-bit block, which equals incrementing i as long as the message is shorter
 *       than 2^(8L) blocks; the length check below guarantees that.</li>
 * </ul>
 * Data is transformed in place in the given {@link ByteBuffer}, heap or direct.
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
    static final int CHUNK = 16 * 1024;
    private static final int BLOCK = 16;
    private static final byte[] ZERO_BLOCK = new byte[BLOCK];

    private final SecretKeySpec key;
    private final Cipher cbc;
    private final Cipher ctr;
    private final IvParameterSpec zeroIv = new IvParameterSpec(new byte[BLOCK]);

    private final byte[] counterBlock = new byte[BLOCK];
    private final byte[] macOut = new byte[CHUNK + BLOCK];
    private final byte[] lastMacBlock = new byte[BLOCK];
    private final byte[] expectedTag = new byte[TAG_LENGTH];
    private byte[] macPrefix = new byte[4 * BLOCK];

    /** @param key an AES key of 16, 24 or 32 bytes */
    AesCcm(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.cbc = Crypto.cipher("AES/CBC/NoPadding");
        this.ctr = Crypto.cipher("AES/CTR/NoPadding");
    }

    /**
     * Encrypts {@code data} (position to limit) in place and writes the 16-byte tag U to {@code tag[tagOffset]}.
     * The buffer's position and limit are left as they were.
     */
    void encrypt(byte[] nonce, byte[] aad, int aadLength, ByteBuffer data, byte[] tag, int tagOffset) {
        int length = data.remaining();
        checkParameters(nonce, aadLength, length);
        try {
            cbcMac(nonce, aad, aadLength, data.duplicate(), length);
            startCounter(nonce);
            // U = T xor first-M-bytes(S_0), then C = m xor S_1 S_2 ... (RFC 3610 2.3)
            ctr.update(lastMacBlock, 0, TAG_LENGTH, tag, tagOffset);
            ctr.doFinal(data.duplicate(), data.duplicate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC/CTR rejected parameters it must accept", e);
        }
    }

    /**
     * Decrypts {@code data} (position to limit) in place and checks it against the 16-byte tag U at
     * {@code tag[tagOffset]}. The buffer's position and limit are left as they were.
     *
     * @throws AEADBadTagException if the tag does not match; the data range is then overwritten with zeros, so no
     *                             unauthenticated plaintext is left behind
     */
    void decrypt(byte[] nonce, byte[] aad, int aadLength, ByteBuffer data, byte[] tag, int tagOffset)
            throws AEADBadTagException {
        int length = data.remaining();
        checkParameters(nonce, aadLength, length);
        boolean valid;
        try {
            startCounter(nonce);
            ctr.update(tag, tagOffset, TAG_LENGTH, expectedTag, 0); // T = U xor S_0
            ctr.doFinal(data.duplicate(), data.duplicate());
            cbcMac(nonce, aad, aadLength, data.duplicate(), length);
            valid = MessageDigest.isEqual(expectedTag, lastMacBlock);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC/CTR rejected parameters it must accept", e);
        }
        if (!valid) {
            wipe(data.duplicate());
            throw new AEADBadTagException("AES-CCM tag mismatch");
        }
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

    /** CTR from A_0 = (L-1) || nonce || 0 (RFC 3610 2.3). */
    private void startCounter(byte[] nonce) throws GeneralSecurityException {
        Arrays.fill(counterBlock, (byte) 0);
        counterBlock[0] = (byte) (15 - nonce.length - 1);
        System.arraycopy(nonce, 0, counterBlock, 1, nonce.length);
        ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counterBlock));
    }

    /** Leaves T, the CBC-MAC of RFC 3610 2.2, in {@link #lastMacBlock}. */
    private void cbcMac(byte[] nonce, byte[] aad, int aadLength, ByteBuffer message, int length)
            throws GeneralSecurityException {
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

        ByteBuffer out = ByteBuffer.wrap(macOut);
        int remaining = length;
        while (remaining > 0) {
            int n = Math.min(CHUNK, remaining);
            ByteBuffer chunk = message.duplicate();
            chunk.limit(chunk.position() + n);
            out.clear();
            int produced;
            try {
                produced = cbc.update(chunk, out);
            } catch (ShortBufferException e) {
                throw new IllegalStateException("CBC-MAC scratch sized for a chunk was too small", e);
            }
            keepLastBlock(produced);
            message.position(message.position() + n);
            remaining -= n;
        }
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

    private static void wipe(ByteBuffer data) {
        while (data.hasRemaining()) {
            data.put(ZERO_BLOCK, 0, Math.min(BLOCK, data.remaining()));
        }
    }

    private static int roundUp(int n) {
        return (n + BLOCK - 1) & -BLOCK;
    }
}

package io.signet.protocol.crypto.transform;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.crypto.Crypto;
import io.signet.protocol.crypto.NativeGcm;
import io.signet.protocol.crypto.Scratch;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM (NIST SP 800-38D) with a 12-byte nonce and a 16-byte tag over a range of a {@link ByteBuf}, in place, in
 * chunks of at most {@link #CHUNK} bytes that pass through two of this thread's scratch arrays ({@link Scratch}):
 * nothing sized by the message is allocated, whatever kind of buffer holds it.
 *
 * <h2>Why not the JDK's GCM decryption</h2>
 * The JDK's {@code AES/GCM} decryption (JDK 17) buffers the whole ciphertext in a growing
 * {@code ByteArrayOutputStream} and decrypts it only in {@code doFinal}: two or three copies of the message on the
 * heap per message. Its encryption streams, but given direct {@code ByteBuffer}s it copies them through fresh
 * temporary arrays. So this class uses only the JDK's streaming primitives on byte arrays, where the AES-CTR and
 * GHASH intrinsics apply:
 * <ul>
 *   <li><b>Seal</b>: the JDK's GCM encryption, chunk by chunk (copy out, encrypt into the second array, copy
 *       back).</li>
 *   <li><b>Open</b>: GCM decryption is {@code P = C xor CTR(K, inc32(J0))} and the tag is
 *       {@code E(K, J0) xor GHASH(A, C)}, the same tag that GCM <em>encryption</em> of P under the same key, nonce
 *       and AAD produces, since encryption outputs exactly C and hashes exactly (A, C). So each chunk of C goes
 *       through {@code AES/CTR} from counter block {@code nonce || 00000002} (inc32(J0), SP 800-38D 7.2 step 3;
 *       a 128-bit counter equals inc32 below 64 GiB of data), which gives P, and P goes through GCM encryption, whose
 *       output (C again) is discarded and whose final tag is compared, in constant time, with the received one.
 *       P is written back in place as it is produced. If the tag does not match, the whole range is overwritten with
 *       zeros before {@link AEADBadTagException} is thrown, so no unauthenticated plaintext is left behind: the
 *       caller must not use the range then, and [MS-SMB2] 3.3.5.2.1.1 has it disconnect.</li>
 * </ul>
 * The cost of opening is AES-CTR twice plus GHASH, against once plus GHASH for the JDK's decryption, in exchange for
 * no copy of the message and no allocation.
 *
 * <p>The GCM engine comes from {@link NativeGcm}'s choice: the native provider's, where it loads, streams encryption
 * the same way at more than twice the JDK 17 speed (its decryption buffers the whole message like the JDK's, so the
 * route above stays); AES-CTR is always the JDK's, whose intrinsic is as fast.
 *
 * <h2>Nonces</h2>
 * The JDK refuses to initialise GCM encryption with the key and IV of its previous initialisation. Sealing never
 * repeats a nonce ({@link MessageEncryptor}'s counter); opening uses the sender's nonce, which may repeat (a replayed
 * message, or one instance opening what it sealed). Only the tag leaves the opening computation and only as a
 * boolean, so when the nonce repeats the previous one the cipher is first initialised with a throwaway IV (no data
 * is processed under it) and then with the real one. Sealing under the nonce that was last only opened is allowed the
 * same way; sealing twice in a row under one nonce is still refused by the JDK.
 *
 * <p>Not thread-safe; one instance per key, reused for every message.
 */
final class AesGcm {
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    /** Bytes per chunk: a multiple of the block size, big enough to amortise a call, small enough for L1/L2. */
    static final int CHUNK = 32 * 1024;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final Cipher gcm;
    private final Cipher ctr;
    private final int chunk;
    /** This thread's scratch arrays ({@link Scratch}), fetched at the start of each call. */
    private byte[] in;
    private byte[] out;
    private final byte[] computedTag = new byte[TAG_LENGTH];
    private final byte[] counterBlock = new byte[16];
    private final byte[] lastNonce = new byte[NONCE_LENGTH];
    private boolean initialisedBefore;
    /** Whether the previous initialisation sealed a message (a repeat of its nonce must then be refused). */
    private boolean lastWasSeal;

    /** @param key an AES key of 16, 24 or 32 bytes */
    AesGcm(byte[] key) {
        this(key, CHUNK, NativeGcm.provider().orElse(null));
    }

    /**
     * @param chunk bytes per chunk, a positive multiple of 16; tests vary it to put chunk boundaries anywhere
     * @param provider the provider of the GCM engine, null for the JDK's
     */
    AesGcm(byte[] key, int chunk, Provider provider) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes, got " + key.length);
        }
        if (chunk <= 0 || chunk % 16 != 0) {
            throw new IllegalArgumentException("chunk must be a positive multiple of 16, got " + chunk);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.chunk = chunk;
        this.gcm = NativeGcm.cipher(provider);
        this.ctr = Crypto.cipher("AES/CTR/NoPadding");
    }

    /**
     * Encrypts {@code buf[index, index+length)} in place and writes the tag to {@code tag[0..16)}.
     *
     * @param nonce a nonce never used with this key before (the JDK refuses a repeat of the previous one)
     */
    void seal(byte[] nonce, byte[] aad, ByteBuf buf, int index, int length, byte[] tag) {
        fetchScratch();
        try {
            if (initialisedBefore && !lastWasSeal && Arrays.equals(nonce, lastNonce)) {
                clearLastIv(nonce); // the previous use was only a tag check (see the class comment)
            }
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            remember(nonce, true);
            gcm.updateAAD(aad);
            int written = index;
            int end = index + length;
            for (int i = index; i < end; ) {
                int n = Math.min(chunk, end - i);
                buf.getBytes(i, in, 0, n);
                int produced = gcm.update(in, 0, n, out, 0);
                buf.setBytes(written, out, 0, produced);
                written += produced;
                i += n;
            }
            int last = gcm.doFinal(out, 0) - TAG_LENGTH;
            if (written + last != end) {
                throw new IllegalStateException("AES-GCM produced " + (written + last - index) + " bytes for "
                        + length);
            }
            buf.setBytes(written, out, 0, last);
            System.arraycopy(out, last, tag, 0, TAG_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM rejected a key and nonce it must accept", e);
        }
    }

    /**
     * Decrypts {@code buf[index, index+length)} in place if {@code tag[0..16)} is its tag under {@code nonce} and
     * {@code aad}.
     *
     * @throws AEADBadTagException if the tag does not match; the range is then all zeros
     */
    void open(byte[] nonce, byte[] aad, ByteBuf buf, int index, int length, byte[] tag) throws AEADBadTagException {
        fetchScratch();
        boolean valid;
        try {
            System.arraycopy(nonce, 0, counterBlock, 0, NONCE_LENGTH);
            counterBlock[12] = 0;
            counterBlock[13] = 0;
            counterBlock[14] = 0;
            counterBlock[15] = 2; // inc32(J0), J0 = nonce || 00000001 (SP 800-38D 7.1 step 2)
            ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counterBlock));
            initForTag(nonce);
            gcm.updateAAD(aad);
            int end = index + length;
            for (int i = index; i < end; ) {
                int n = Math.min(chunk, end - i);
                buf.getBytes(i, in, 0, n);
                // in: C -> out: P (the plaintext), then GCM re-encrypts P into in (C again) while hashing C.
                if (ctr.update(in, 0, n, out, 0) != n) {
                    throw new IllegalStateException("AES-CTR held back part of a chunk");
                }
                gcm.update(out, 0, n, in, 0);
                buf.setBytes(i, out, 0, n);
                i += n;
            }
            int last = gcm.doFinal(out, 0) - TAG_LENGTH;
            System.arraycopy(out, last, computedTag, 0, TAG_LENGTH);
            valid = MessageDigest.isEqual(computedTag, tag);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("scratch sized for a chunk was too small", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM/CTR rejected a key and nonce it must accept", e);
        }
        if (!valid) {
            buf.setZero(index, length);
            throw new AEADBadTagException("AES-GCM tag mismatch");
        }
    }

    private void fetchScratch() {
        in = Scratch.array(Scratch.WORK_A, chunk);
        // GCM holds back a partial block until doFinal, which then emits it ahead of the tag.
        out = Scratch.array(Scratch.WORK_B, chunk + 2 * TAG_LENGTH);
    }

    private void initForTag(byte[] nonce) throws GeneralSecurityException {
        if (initialisedBefore && Arrays.equals(nonce, lastNonce)) {
            clearLastIv(nonce);
        }
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        remember(nonce, false);
    }

    /** The JDK remembers only the previous IV; any other value clears the way. Nothing is processed under it. */
    private void clearLastIv(byte[] nonce) throws GeneralSecurityException {
        byte[] throwaway = nonce.clone();
        throwaway[NONCE_LENGTH - 1] ^= (byte) 0x80;
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, throwaway));
    }

    private void remember(byte[] nonce, boolean sealed) {
        System.arraycopy(nonce, 0, lastNonce, 0, NONCE_LENGTH);
        initialisedBefore = true;
        lastWasSeal = sealed;
    }
}

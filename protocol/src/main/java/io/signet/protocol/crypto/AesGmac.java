package io.signet.protocol.crypto;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GMAC (RFC 4543; NIST SP 800-38D with an empty plaintext): a 16-byte tag over data that GCM treats as
 * additional authenticated data, with a 12-byte nonce.
 *
 * <h2>With the native provider</h2>
 * Where {@link NativeGcm} found the native provider, the data simply goes to {@code updateAAD} chunk by chunk: that
 * provider hashes additional data as it arrives, at native speed, without holding on to it. Everything below is about
 * the JDK's GCM, which runs when the native provider is absent.
 *
 * <h2>Why not simply {@code updateAAD} on the JDK</h2>
 * The JDK's GCM buffers all AAD (JDK 17: a growing {@code ByteArrayOutputStream}, copied again at the end) and
 * hashes it in a single GHASH call when the operation ends. That allocates once or twice the message per message, and
 * because the GHASH intrinsic only applies once its caller has been C2-compiled (thousands of calls), a stream of large
 * messages runs in the interpreter's pure-Java GHASH at about 100 MB/s. The JDK hashes <em>ciphertext</em>
 * incrementally, chunk by chunk, through its fused AES-CTR+GHASH intrinsic, so for large messages this class presents
 * the data as GCM ciphertext instead:
 * <ol>
 *   <li>GHASH is Horner's rule over the padded blocks of A, the padded blocks of C, then the length block
 *       {@code [len(A)]64 || [len(C)]64}, each step {@code Y = (Y ^ X) * H}. Hashing the data as C with an empty A
 *       visits the very same data blocks; only the length block differs, by {@code (b || b)} where {@code b} is the
 *       data length in bits. So {@code S_asAad = S_asCiphertext ^ (b || b) * H}, and since the tag is
 *       {@code E(K, J0) ^ S} for both, the same correction turns one tag into the other.</li>
 *   <li>GCM encryption outputs {@code C = P ^ CTR(K, inc32(J0))}. To make the ciphertext equal the data M, encrypt
 *       {@code P = M ^ CTR(K, inc32(J0))}, which is M run through {@code AES/CTR} from counter block
 *       {@code nonce || 00000002} (a 128-bit counter equals GCM's inc32 while the data stays below 64 GiB).</li>
 * </ol>
 * The ciphertext (equal to M) and the intermediate P land in two of this thread's scratch arrays
 * ({@link Scratch}) of {@link #CHUNK} bytes.
 * {@code H = E(K, 0^128)} is computed once per key, and so is a table of {@code (2^j || 2^j) * H}, so the correction
 * costs one XOR per set bit of {@code b}. Data of at most {@link #DEFAULT_AAD_LIMIT} bytes takes the plain
 * {@code updateAAD} route from one contiguous scratch copy, which is quicker there (one cipher initialisation instead
 * of two); small messages arrive often enough for the GHASH intrinsic to be compiled early.
 *
 * <h2>Nonce reuse</h2>
 * The JDK refuses to initialise GCM for encryption with the key and IV of its previous initialisation. A tag computed
 * here never leaves the class by itself; whether releasing it is safe is the caller's decision (see
 * {@link AesGmacSigner}). So when the next nonce equals the previous one, for instance when a replayed request is
 * verified, the cipher is first initialised with a throwaway IV (no data is processed under it) and then with the
 * real nonce.
 *
 * <p>Not thread-safe.
 */
final class AesGmac {
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    static final int CHUNK = 32 * 1024;
    /**
     * Data up to this length is MACed as AAD from one scratch copy; longer data goes the ciphertext route. Measured on
     * JDK 17 (x86-64, AES-NI + PCLMULQDQ): the AAD route wins by 10-20% below about 1 KiB (one cipher initialisation
     * instead of two), the ciphertext route from 2 KiB on, by 10-40%.
     */
    static final int DEFAULT_AAD_LIMIT = 1024;
    /** Longest data length in bits that the correction table covers (data lengths are Java ints). */
    private static final int LENGTH_BITS = 35;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final Cipher gcm;
    /** Whether {@link #gcm} is the native provider's, which takes the data as streamed additional data. */
    private final boolean streamsAad;
    private final Cipher ctr;
    private final int aadLimit;
    /** {@code correction[2j], correction[2j+1]}: high and low halves of {@code (2^j || 2^j) * H}. */
    private final long[] correction = new long[2 * LENGTH_BITS];

    private final byte[] lastNonce = new byte[NONCE_LENGTH];
    private boolean initialisedBefore;
    private final byte[] counterBlock = new byte[16];

    /** Declared total length of the current message, and bytes absorbed so far; -1 when idle. */
    private long declared = -1;
    private long absorbed;
    private boolean asAad;
    private byte[] aadCopy;
    /** This thread's scratch arrays ({@link Scratch}), fetched when a message starts. */
    private byte[] plain;
    private byte[] cipherOut;

    /** @param key an AES key: 16, 24 or 32 bytes (SMB signing uses 16); runs on {@link NativeGcm}'s choice */
    AesGmac(byte[] key) {
        this(key, DEFAULT_AAD_LIMIT, NativeGcm.provider().orElse(null));
    }

    /**
     * On the JDK's GCM. @param aadLimit longest data taken on the plain AAD route; tests vary it to exercise both
     * routes
     */
    AesGmac(byte[] key, int aadLimit) {
        this(key, aadLimit, null);
    }

    /** @param nativeProvider the native provider's GCM, which streams the data as AAD; null for the JDK's routes */
    AesGmac(byte[] key, int aadLimit, Provider nativeProvider) {
        this.key = new SecretKeySpec(key, "AES");
        this.aadLimit = aadLimit;
        this.gcm = NativeGcm.cipher(nativeProvider);
        this.streamsAad = nativeProvider != null;
        this.ctr = streamsAad ? null : Crypto.cipher("AES/CTR/NoPadding");
        byte[] h;
        try {
            Cipher ecb = Crypto.cipher("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, this.key);
            h = ecb.doFinal(new byte[16]);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable AES key of " + key.length + " bytes", e);
        }
        long hHi = getLongBe(h, 0);
        long hLo = getLongBe(h, 8);
        Arrays.fill(h, (byte) 0);
        if (streamsAad) {
            return; // the correction table serves only the JDK's ciphertext route
        }
        long[] product = new long[2];
        for (int j = 0; j < LENGTH_BITS; j++) {
            long x = 1L << j;
            gfMultiply(x, x, hHi, hLo, product);
            correction[2 * j] = product[0];
            correction[2 * j + 1] = product[1];
        }
    }

    /**
     * Starts a tag over exactly {@code length} bytes under {@code nonce} (12 bytes). Must be followed by updates
     * totalling {@code length} bytes and {@link #finish}, or by {@link #reset}.
     */
    void start(byte[] nonce, int length) {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("GMAC nonce must be 12 bytes, got " + nonce.length);
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        declared = length;
        absorbed = 0;
        asAad = !streamsAad && length <= aadLimit;
        if (asAad) {
            if (aadCopy == null || aadCopy.length < length) {
                aadCopy = new byte[Math.max(length, Math.min(aadLimit, DEFAULT_AAD_LIMIT))];
            }
        } else if (!streamsAad) { // the ciphertext route; streamed AAD needs nothing prepared
            plain = Scratch.array(Scratch.WORK_A, CHUNK);
            cipherOut = Scratch.array(Scratch.WORK_B, CHUNK + 2 * TAG_LENGTH);
            System.arraycopy(nonce, 0, counterBlock, 0, NONCE_LENGTH);
            counterBlock[12] = 0;
            counterBlock[13] = 0;
            counterBlock[14] = 0;
            counterBlock[15] = 2; // inc32(J0), J0 = nonce || 00000001 (SP 800-38D 7.1 step 2)
            try {
                ctr.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counterBlock));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-CTR rejected a key and counter it must accept", e);
            }
        }
        initGcm(nonce);
    }

    void update(byte[] b, int off, int len) {
        if (declared < 0) {
            throw new IllegalStateException("update before start");
        }
        if (absorbed + len > declared) {
            throw new IllegalStateException("more data than the declared " + declared + " bytes");
        }
        if (asAad) {
            System.arraycopy(b, off, aadCopy, (int) absorbed, len);
            absorbed += len;
            return;
        }
        if (streamsAad) {
            gcm.updateAAD(b, off, len);
            absorbed += len;
            return;
        }
        try {
            while (len > 0) {
                int n = Math.min(CHUNK, len);
                // P = M ^ keystream, then GCM turns P back into ciphertext M while hashing it.
                int p = ctr.update(b, off, n, plain, 0);
                gcm.update(plain, 0, p, cipherOut, 0);
                off += n;
                len -= n;
                absorbed += n;
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException("scratch sized for a chunk was too small", e);
        }
    }

    /** Writes the 16-byte tag to {@code out[off]} and returns to idle. */
    void finish(byte[] out, int off) {
        if (absorbed != declared) {
            long expected = declared;
            reset();
            throw new IllegalStateException("declared " + expected + " bytes but absorbed " + absorbed);
        }
        try {
            if (streamsAad) {
                gcm.doFinal(out, off);
            } else if (asAad) {
                gcm.updateAAD(aadCopy, 0, (int) declared);
                gcm.doFinal(out, off);
            } else {
                // Flushes any partial block of ciphertext (discarded), then the tag at the end.
                int n = gcm.doFinal(cipherOut, 0);
                long bits = declared * 8;
                long hi = 0;
                long lo = 0;
                for (int j = 0; bits != 0; j++, bits >>>= 1) {
                    if ((bits & 1) != 0) {
                        hi ^= correction[2 * j];
                        lo ^= correction[2 * j + 1];
                    }
                }
                int t = n - TAG_LENGTH;
                for (int i = 0; i < 8; i++) {
                    out[off + i] = (byte) (cipherOut[t + i] ^ (hi >>> (56 - 8 * i)));
                    out[off + 8 + i] = (byte) (cipherOut[t + 8 + i] ^ (lo >>> (56 - 8 * i)));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to produce a tag", e);
        } finally {
            declared = -1;
        }
    }

    /** Abandons the current message; the next {@link #start} re-initialises everything. */
    void reset() {
        declared = -1;
        absorbed = 0;
    }

    private void initGcm(byte[] nonce) {
        try {
            if (initialisedBefore && Arrays.equals(nonce, lastNonce)) {
                // The JDK remembers only the previous IV; any other value clears the way. Nothing is encrypted
                // under it: the next init replaces it before any data is processed.
                byte[] throwaway = nonce.clone();
                throwaway[NONCE_LENGTH - 1] ^= (byte) 0x80;
                gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, throwaway));
            }
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            System.arraycopy(nonce, 0, lastNonce, 0, NONCE_LENGTH);
            initialisedBefore = true;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM rejected a key and nonce it must accept", e);
        }
    }

    /**
     * {@code z = x * y} in GF(2^128) with GCM's bit order (SP 800-38D 6.3, Algorithm 1): bit 0 is the most significant
     * bit of the first byte; halves are big-endian longs.
     */
    static void gfMultiply(long xHi, long xLo, long yHi, long yLo, long[] z) {
        long zHi = 0;
        long zLo = 0;
        long vHi = yHi;
        long vLo = yLo;
        for (int i = 0; i < 128; i++) {
            long bit = i < 64 ? (xHi >>> (63 - i)) & 1 : (xLo >>> (127 - i)) & 1;
            long mask = -bit;
            zHi ^= vHi & mask;
            zLo ^= vLo & mask;
            long carry = -(vLo & 1);
            vLo = (vLo >>> 1) | (vHi << 63);
            vHi = (vHi >>> 1) ^ (carry & 0xE100000000000000L); // R = 11100001 || 0^120
        }
        z[0] = zHi;
        z[1] = zLo;
    }

    private static long getLongBe(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}

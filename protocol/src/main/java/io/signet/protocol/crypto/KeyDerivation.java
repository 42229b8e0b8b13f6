package io.signet.protocol.crypto;

import io.signet.protocol.smb2.Dialect;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SMB 3.x key derivation ([MS-SMB2] 3.1.4.2 Generating Cryptographic Keys): the SP800-108 KDF in counter mode with
 * HMAC-SHA256 as PRF and a 32-bit counter (r = 32), and the labels and contexts of [MS-SMB2] 3.2.5.3.1 / 3.3.5.5.3.
 *
 * <p>Labels and contexts below include their terminating NUL: that is how the specification and the published
 * vectors use them, and the KDF adds its own 0x00 separator between label and context on top.
 */
public final class KeyDerivation {
    /** Session.SessionKey is the first 16 bytes of the GSS session key ([MS-SMB2] 3.3.5.5.3). */
    public static final int SESSION_KEY_LENGTH = 16;
    /** Session.PreauthIntegrityHashValue: one SHA-512 value ([MS-SMB2] 3.3.5.5). */
    public static final int PREAUTH_HASH_LENGTH = 64;
    /** L for the signing, application and AES-128 cipher keys. */
    private static final int KEY_BITS = 128;

    // Dialects 3.0 and 3.0.2: fixed contexts.
    private static final byte[] SMB30_SIGNING_LABEL = label("SMB2AESCMAC");
    private static final byte[] SMB30_SIGNING_CONTEXT = label("SmbSign");
    private static final byte[] SMB30_APP_LABEL = label("SMB2APP");
    private static final byte[] SMB30_APP_CONTEXT = label("SmbRpc");
    private static final byte[] SMB30_CIPHER_LABEL = label("SMB2AESCCM");
    /** Client-to-server: the client encrypts with it, the server decrypts. Note the space before the NUL. */
    private static final byte[] SMB30_SERVER_IN_CONTEXT = label("ServerIn ");
    /** Server-to-client: the server encrypts with it. */
    private static final byte[] SMB30_SERVER_OUT_CONTEXT = label("ServerOut");

    // Dialect 3.1.1: the context is Session.PreauthIntegrityHashValue.
    private static final byte[] SMB311_SIGNING_LABEL = label("SMBSigningKey");
    private static final byte[] SMB311_APP_LABEL = label("SMBAppKey");
    /** Client-to-server cipher key (the server's DecryptionKey). */
    private static final byte[] SMB311_C2S_CIPHER_LABEL = label("SMBC2SCipherKey");
    /** Server-to-client cipher key (the server's EncryptionKey). */
    private static final byte[] SMB311_S2C_CIPHER_LABEL = label("SMBS2CCipherKey");

    private KeyDerivation() {
    }

    /**
     * SP800-108 section 5.1 KDF in counter mode, PRF = HMAC-SHA256, r = 32 ([MS-SMB2] 3.1.4.2):
     * {@code K(i) = HMAC-SHA256(ki, [i]32 || label || 0x00 || context || [L]32)} for i = 1, 2, ..., and the result is
     * the leftmost {@code lengthBits} bits of {@code K(1) || K(2) || ...}. Integers are big-endian.
     *
     * @param label      the label bytes, including any NUL terminator the caller's spec prescribes
     * @param context    the context bytes, likewise
     * @param lengthBits L: a positive multiple of 8 (128 for AES-128 keys, 256 for AES-256 keys)
     */
    public static byte[] kdf(byte[] ki, byte[] label, byte[] context, int lengthBits) {
        Objects.requireNonNull(ki, "ki");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(context, "context");
        if (lengthBits <= 0 || lengthBits % 8 != 0) {
            throw new IllegalArgumentException("L must be a positive multiple of 8 bits, got " + lengthBits);
        }
        Mac prf = Crypto.mac("HmacSHA256");
        try {
            prf.init(new SecretKeySpec(ki, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("HMAC-SHA256 rejected the KDF key", e);
        }
        byte[] out = new byte[lengthBits / 8];
        byte[] lengthField = int32(lengthBits);
        int produced = 0;
        for (int i = 1; produced < out.length; i++) {
            prf.update(int32(i));
            prf.update(label);
            prf.update((byte) 0);
            prf.update(context);
            prf.update(lengthField);
            byte[] block = prf.doFinal();
            int n = Math.min(block.length, out.length - produced);
            System.arraycopy(block, 0, out, produced, n);
            produced += n;
        }
        return out;
    }

    /**
     * [MS-SMB2] 3.3.5.5.3: the 32-byte cipher keys of a 3.1.1 session that negotiated AES-256-CCM or AES-256-GCM,
     * keyed with Session.FullSessionKey (the whole GSS key) and L = 256; the signing and application keys stay those
     * of {@link #derive}.
     *
     * @return {server encryption (server-to-client) key, server decryption (client-to-server) key}
     */
    public static byte[][] aes256CipherKeys(byte[] fullSessionKey, byte[] preauthHash) {
        return new byte[][] {
            kdf(fullSessionKey, SMB311_S2C_CIPHER_LABEL, preauthHash, 256),
            kdf(fullSessionKey, SMB311_C2S_CIPHER_LABEL, preauthHash, 256)
        };
    }

    /**
     * The session's keys after authentication ([MS-SMB2] 3.3.5.5.3; the client's counterpart is 3.2.5.3.1).
     *
     * <ul>
     *   <li>2.0.2 / 2.1: signing key and application key are {@code sessionKey} itself; no encryption keys.</li>
     *   <li>3.0 / 3.0.2: KDF with the fixed labels and contexts ("SMB2AESCMAC\0"/"SmbSign\0", "SMB2APP\0"/"SmbRpc\0",
     *       "SMB2AESCCM\0" with "ServerOut\0" for the server's encryption key and "ServerIn \0" for its decryption
     *       key).</li>
     *   <li>3.1.1: KDF with "SMBSigningKey\0", "SMBAppKey\0", "SMBS2CCipherKey\0" (server encryption) and
     *       "SMBC2SCipherKey\0" (server decryption), each with {@code preauthHash} as context.</li>
     * </ul>
     * All derived keys are 16 bytes (L = 128). AES-256 cipher keys (L = 256, keyed with Session.FullSessionKey) are not
     * made here; a caller that negotiates an AES-256 cipher uses {@link #kdf} with the cipher labels above.
     *
     * @param sessionKey  Session.SessionKey, 16 bytes
     * @param preauthHash Session.PreauthIntegrityHashValue (64 bytes) for 3.1.1; ignored (may be null) otherwise
     */
    public static SessionKeys derive(Dialect dialect, byte[] sessionKey, byte[] preauthHash) {
        Objects.requireNonNull(dialect, "dialect");
        if (sessionKey == null || sessionKey.length != SESSION_KEY_LENGTH) {
            throw new IllegalArgumentException("Session.SessionKey must be 16 bytes, got "
                    + (sessionKey == null ? "null" : sessionKey.length + " bytes"));
        }
        switch (dialect) {
            case SMB2_0_2:
            case SMB2_1:
                return new SessionKeys(sessionKey.clone(), sessionKey.clone(), null, null);
            case SMB3_0:
            case SMB3_0_2:
                return new SessionKeys(
                        kdf(sessionKey, SMB30_SIGNING_LABEL, SMB30_SIGNING_CONTEXT, KEY_BITS),
                        kdf(sessionKey, SMB30_APP_LABEL, SMB30_APP_CONTEXT, KEY_BITS),
                        kdf(sessionKey, SMB30_CIPHER_LABEL, SMB30_SERVER_OUT_CONTEXT, KEY_BITS),
                        kdf(sessionKey, SMB30_CIPHER_LABEL, SMB30_SERVER_IN_CONTEXT, KEY_BITS));
            case SMB3_1_1:
                if (preauthHash == null || preauthHash.length != PREAUTH_HASH_LENGTH) {
                    throw new IllegalArgumentException("3.1.1 keys need the 64-byte PreauthIntegrityHashValue, got "
                            + (preauthHash == null ? "null" : preauthHash.length + " bytes"));
                }
                return new SessionKeys(
                        kdf(sessionKey, SMB311_SIGNING_LABEL, preauthHash, KEY_BITS),
                        kdf(sessionKey, SMB311_APP_LABEL, preauthHash, KEY_BITS),
                        kdf(sessionKey, SMB311_S2C_CIPHER_LABEL, preauthHash, KEY_BITS),
                        kdf(sessionKey, SMB311_C2S_CIPHER_LABEL, preauthHash, KEY_BITS));
            default:
                throw new IllegalArgumentException("no key derivation for dialect " + dialect);
        }
    }

    /** ASCII text followed by its NUL terminator. */
    private static byte[] label(String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        byte[] withNul = new byte[ascii.length + 1];
        System.arraycopy(ascii, 0, withNul, 0, ascii.length);
        return withNul;
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}

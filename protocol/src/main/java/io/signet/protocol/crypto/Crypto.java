package io.signet.protocol.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.bouncycastle.crypto.digests.MD4Digest;

/**
 * The one place that asks the JDK for cryptographic engines ({@code Mac}, {@code Cipher}, {@code MessageDigest}).
 *
 * <p>Keeping every lookup here means a provider change, or a missing algorithm on an unusual JVM, is handled once.
 * All engines come from the JDK's default providers so that HotSpot's AES, GHASH and SHA intrinsics apply; the one
 * exception is MD4 (needed by MS-NLMP for the NT hash), which the JDK does not ship.
 */
public final class Crypto {
    private Crypto() {
    }

    public static Mac mac(String algorithm) {
        try {
            return Mac.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks MAC " + algorithm, e);
        }
    }

    public static Cipher cipher(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks cipher " + transformation, e);
        }
    }

    public static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks digest " + algorithm, e);
        }
    }

    /** MD4 (RFC 1320), used only for the NT password hash ([MS-NLMP] 3.3.1 NTOWFv1). */
    public static byte[] md4(byte[] input) {
        MD4Digest md4 = new MD4Digest();
        md4.update(input, 0, input.length);
        byte[] out = new byte[md4.getDigestSize()];
        md4.doFinal(out, 0);
        return out;
    }
}

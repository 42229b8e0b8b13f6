package io.signet.auth.ntlm;

import io.signet.protocol.crypto.Crypto;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The NTLMv2 computations of [MS-NLMP] 3.3.2 and 3.4.5 as pure functions, over the engines of {@link Crypto}.
 *
 * <p>Every method builds its own engine, so the class is safe to use from any thread.
 */
public final class NtlmCrypto {
    private NtlmCrypto() {
    }

    /** HMAC_MD5(key, concatenation of parts) ([MS-NLMP] 6, RFC 2104). */
    public static byte[] hmacMd5(byte[] key, byte[]... parts) {
        Mac mac = Crypto.mac("HmacMD5");
        try {
            mac.init(new SecretKeySpec(key, "HmacMD5"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 refused a " + key.length + "-byte key", e);
        }
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    /** MD5 of the concatenation of parts. */
    public static byte[] md5(byte[]... parts) {
        MessageDigest md5 = Crypto.digest("MD5");
        for (byte[] part : parts) {
            md5.update(part);
        }
        return md5.digest();
    }

    /** RC4K(key, data): a fresh RC4 keystream applied once ([MS-NLMP] 6). */
    public static byte[] rc4(byte[] key, byte[] data) {
        return rc4(key).update(data);
    }

    /** A fresh RC4 handle keyed with {@code key}, whose state advances with each use ([MS-NLMP] 3.4.4.2). */
    public static Cipher rc4(byte[] key) {
        Cipher rc4 = Crypto.cipher("ARCFOUR");
        try {
            rc4.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RC4 refused a " + key.length + "-byte key", e);
        }
        return rc4;
    }

    /**
     * NTOWFv2 ([MS-NLMP] 3.3.2): HMAC_MD5(NT hash, UNICODE(Uppercase(UserName) || UserDom)). The user name is
     * upper-cased, the domain is used exactly as given.
     */
    public static byte[] ntowfV2(byte[] ntHash, String userName, String domain) {
        return hmacMd5(ntHash, (userName.toUpperCase(Locale.ROOT) + domain).getBytes(StandardCharsets.UTF_16LE));
    }

    /**
     * NTProofStr ([MS-NLMP] 3.3.2): HMAC_MD5(ResponseKeyNT, ServerChallenge || temp), where temp is the NTLMv2
     * client challenge blob: everything of the NtChallengeResponse after its first 16 bytes.
     */
    public static byte[] ntProofStr(byte[] ntowfV2, byte[] serverChallenge, byte[] temp) {
        return hmacMd5(ntowfV2, serverChallenge, temp);
    }

    /**
     * SessionBaseKey ([MS-NLMP] 3.3.2): HMAC_MD5(ResponseKeyNT, NTProofStr). With NTLMv2 the KeyExchangeKey is the
     * SessionBaseKey ([MS-NLMP] 3.4.5.1).
     */
    public static byte[] sessionBaseKey(byte[] ntowfV2, byte[] ntProofStr) {
        return hmacMd5(ntowfV2, ntProofStr);
    }

    /**
     * The AUTHENTICATE_MESSAGE MIC ([MS-NLMP] 3.1.5.1.2, 3.2.5.1.2):
     * HMAC_MD5(ExportedSessionKey, NEGOTIATE_MESSAGE || CHALLENGE_MESSAGE || AUTHENTICATE_MESSAGE with MIC zeroed).
     */
    public static byte[] mic(byte[] exportedSessionKey, byte[] negotiate, byte[] challenge, byte[] authenticate) {
        return hmacMd5(exportedSessionKey, negotiate, challenge, AuthenticateMessage.withMicZeroed(authenticate));
    }
}

package io.signet.protocol.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 message signing ([MS-SMB2] 3.1.4.1, dialects 2.0.2 and 2.1, and SigningAlgorithmId 0x0000): the
 * signature is the first 16 of the 32 HMAC bytes, keyed with Session.SessionKey.
 */
final class HmacSha256Signer extends AbstractMessageSigner {
    private final Mac mac;
    private final byte[] full = new byte[32];

    HmacSha256Signer(byte[] key) {
        mac = Crypto.mac("HmacSHA256");
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("HMAC-SHA256 rejected the signing key", e);
        }
    }

    @Override
    protected void begin(byte[] header, int length, boolean signing) {
        // Mac resets itself after doFinal (and in abort), so each message starts from the keyed state.
    }

    @Override
    protected void update(byte[] b, int off, int len) {
        mac.update(b, off, len);
    }

    @Override
    protected void finish(byte[] tag, boolean signing) {
        try {
            mac.doFinal(full, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("32-byte buffer too short for HMAC-SHA256", e);
        }
        System.arraycopy(full, 0, tag, 0, tag.length);
    }

    @Override
    protected void abort() {
        mac.reset();
    }
}

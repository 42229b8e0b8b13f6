package io.signet.protocol.crypto;

import java.util.function.Function;

/**
 * [MS-SMB2] 2.2.3.1.7 SMB2_SIGNING_CAPABILITIES: SigningAlgorithmId values, each with its {@link MessageSigner}.
 *
 * <p>Dialects 2.0.2/2.1 always use {@link #HMAC_SHA256}; 3.0, 3.0.2 and 3.1.1 without a negotiated signing context use
 * {@link #AES_CMAC}; 3.1.1 uses whatever SMB2_SIGNING_CAPABILITIES selected ([MS-SMB2] 3.1.4.1).
 */
public enum SigningAlgorithm {
    HMAC_SHA256(0x0000, HmacSha256Signer::new),
    AES_CMAC(0x0001, AesCmacSigner::new),
    AES_GMAC(0x0002, AesGmacSigner::new);

    /** All three algorithms take a 16-byte key: Session.SessionKey, Session.SigningKey or Channel.SigningKey. */
    public static final int KEY_LENGTH = 16;

    private final int id;
    private final Function<byte[], MessageSigner> factory;

    SigningAlgorithm(int id, Function<byte[], MessageSigner> factory) {
        this.id = id;
        this.factory = factory;
    }

    /** The 16-bit SigningAlgorithmId on the wire. */
    public int id() {
        return id;
    }

    /** @return the algorithm with this SigningAlgorithmId, or {@code null} if [MS-SMB2] 2.2.3.1.7 defines none */
    public static SigningAlgorithm fromId(int id) {
        for (SigningAlgorithm a : values()) {
            if (a.id == id) {
                return a;
            }
        }
        return null;
    }

    /**
     * A new signer keyed with {@code key} (16 bytes; not retained: the JDK engines keep their own copy). Create one per
     * (session, connection) and reuse it; see {@link MessageSigner} on threads.
     *
     * @throws IllegalArgumentException if the key is not 16 bytes
     */
    public MessageSigner newSigner(byte[] key) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new IllegalArgumentException(
                    this + " needs a 16-byte key, got " + (key == null ? "null" : key.length + " bytes"));
        }
        return factory.apply(key);
    }
}

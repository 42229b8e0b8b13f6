package io.signet.protocol.crypto.transform;

/**
 * [MS-SMB2] 2.2.3.1.2 SMB2_ENCRYPTION_CAPABILITIES cipher identifiers, with each cipher's key and nonce lengths.
 *
 * <p>SMB 3.0 and 3.0.2 have no negotiate contexts and always use {@link #AES_128_CCM} ([MS-SMB2] 3.3.5.4). The
 * nonce length is the part of the 16-byte TRANSFORM_HEADER Nonce field that the cipher uses ([MS-SMB2] 2.2.41):
 * 11 bytes for CCM (so the RFC 3610 length field L is 15 - 11 = 4 bytes), 12 bytes for GCM.
 */
public enum CipherId {
    AES_128_CCM(0x0001, 16, 11),
    AES_128_GCM(0x0002, 16, 12),
    AES_256_CCM(0x0003, 32, 11),
    AES_256_GCM(0x0004, 32, 12);

    private final int id;
    private final int keyLength;
    private final int nonceLength;

    CipherId(int id, int keyLength, int nonceLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.nonceLength = nonceLength;
    }

    /** The 16-bit identifier in the Ciphers array of the encryption capabilities context. */
    public int id() {
        return id;
    }

    /** Key length in bytes: 16 for AES-128, 32 for AES-256. */
    public int keyLength() {
        return keyLength;
    }

    /** Bytes of the Nonce field the cipher uses; the rest of the 16 bytes are zero. */
    public int nonceLength() {
        return nonceLength;
    }

    /** True for the CCM ciphers, false for GCM. */
    public boolean isCcm() {
        return this == AES_128_CCM || this == AES_256_CCM;
    }

    /** The cipher with identifier {@code id}, or {@code null} for an identifier this server does not know. */
    public static CipherId fromId(int id) {
        for (CipherId c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }
}

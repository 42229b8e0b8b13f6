package io.signet.auth.kerberos;

import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;

/**
 * Which enctypes the acceptor takes, for ticket keys, session keys and subkeys alike: AES-CTS-HMAC-SHA1-96
 * ([RFC 3962]) always; RC4-HMAC ([RFC 4757], deprecated by [RFC 8429]) only when configured; DES and 3DES never
 * ([RFC 6649], [RFC 8429]). The AES-SHA2 enctypes of [RFC 8009] are not offered: Kerby 2.0.3 does not implement them.
 * Compared by number, since Kerby has several constants (aliases) for one enctype.
 */
record EnctypePolicy(boolean allowRc4) {
    static final int AES128_CTS_HMAC_SHA1_96 = 17;
    static final int AES256_CTS_HMAC_SHA1_96 = 18;
    static final int RC4_HMAC = 23;

    boolean allows(EncryptionType type) {
        if (type == null) {
            return false;
        }
        int number = type.getValue();
        return number == AES128_CTS_HMAC_SHA1_96 || number == AES256_CTS_HMAC_SHA1_96
                || number == RC4_HMAC && allowRc4;
    }
}

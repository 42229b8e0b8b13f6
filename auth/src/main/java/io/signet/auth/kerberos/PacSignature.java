package io.signet.auth.kerberos;

import java.security.MessageDigest;
import java.util.Arrays;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.crypto.CheckSumHandler;
import org.apache.kerby.kerberos.kerb.type.base.CheckSumType;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;

/**
 * [MS-PAC] 2.8 PAC_SIGNATURE_DATA, located in the PAC:
 *
 * <pre>
 * SignatureType (4) | Signature (12 for the AES types, 16 for HMAC-MD5) | RODCIdentifier (2, optional)
 * </pre>
 *
 * @param type            the checksum type, one of {@link #HMAC_SHA1_96_AES128}, {@link #HMAC_SHA1_96_AES256},
 *                        {@link #HMAC_MD5}
 * @param signatureOffset where the Signature field starts in the PAC
 * @param signatureLength its length, fixed by the type
 */
record PacSignature(int type, int signatureOffset, int signatureLength) {
    /** [MS-PAC] 2.8: checksum types of [RFC 3962] 7 and [RFC 4757] 4 (KERB_CHECKSUM_HMAC_MD5, -138). */
    static final int HMAC_SHA1_96_AES128 = 15;
    static final int HMAC_SHA1_96_AES256 = 16;
    static final int HMAC_MD5 = -138;
    /** [MS-PAC] 2.8.1: KERB_NON_KERB_CKSUM_SALT, the key usage of the server signature. */
    static final int KEY_USAGE = 17;

    /** Reads the PAC_SIGNATURE_DATA in {@code buffer}; the type must be known and the buffer long enough for it. */
    static PacSignature read(byte[] pac, Pac.Buffer buffer, String what) throws KerberosException {
        if (buffer.size() < 4) {
            throw Pac.malformed(what + " of " + buffer.size() + " bytes");
        }
        int type = (int) Pac.Le.u32(pac, buffer.offset());
        int length = switch (type) {
            case HMAC_SHA1_96_AES128, HMAC_SHA1_96_AES256 -> 12;
            case HMAC_MD5 -> 16;
            default -> throw Pac.malformed(what + " of unknown checksum type " + type);
        };
        if (buffer.size() < 4 + length) {
            throw Pac.malformed(what + " of type " + type + " in " + buffer.size() + " bytes, needs "
                    + (4 + length));
        }
        return new PacSignature(type, buffer.offset() + 4, length);
    }

    /**
     * [MS-PAC] 2.8.1: whether this is the server signature over {@code zeroed}, the PAC with the Signature fields of
     * the server and KDC signatures set to zero, made with the key the ticket was encrypted in. Its checksum type must
     * be the one of that key's enctype.
     */
    boolean isValidServerSignature(byte[] pac, byte[] zeroed, EncryptionKey serviceKey) throws KerberosException {
        int expected = switch (serviceKey.getKeyType().getValue()) {
            case EnctypePolicy.AES128_CTS_HMAC_SHA1_96 -> HMAC_SHA1_96_AES128;
            case EnctypePolicy.AES256_CTS_HMAC_SHA1_96 -> HMAC_SHA1_96_AES256;
            case EnctypePolicy.RC4_HMAC -> HMAC_MD5;
            default -> throw new KerberosException("no PAC server signature for enctype " + serviceKey.getKeyType());
        };
        if (type != expected) {
            return false;
        }
        try {
            byte[] computed = CheckSumHandler.getCheckSumHandler(CheckSumType.fromValue(type))
                    .checksumWithKey(zeroed, serviceKey.getKeyData(), KEY_USAGE);
            byte[] received = Arrays.copyOfRange(pac, signatureOffset, signatureOffset + signatureLength);
            return MessageDigest.isEqual(computed, received);
        } catch (KrbException e) {
            throw new KerberosException("PAC server signature of type " + type + " cannot be computed: "
                    + e.getMessage());
        }
    }

    void zero(byte[] pac) {
        Arrays.fill(pac, signatureOffset, signatureOffset + signatureLength, (byte) 0);
    }
}

package io.signet.auth.kerberos;

import java.security.MessageDigest;
import java.util.Arrays;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.crypto.CheckSumHandler;
import org.apache.kerby.kerberos.kerb.crypto.CheckSumTypeHandler;
import org.apache.kerby.kerberos.kerb.type.base.CheckSumType;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;

/**
 * MIC tokens of the Kerberos GSS mechanism ([RFC 4121] 4.2.6.1), as SPNEGO's mechListMIC needs them ([RFC 4178] 5).
 *
 * <pre>
 * TOK_ID 04 04 | Flags (1) | Filler FF FF FF FF FF | SND_SEQ (8, big-endian) | SGN_CKSUM
 * SGN_CKSUM = checksum(key, usage, message || the first 16 octets of the token)     ([RFC 4121] 4.2.4)
 * </pre>
 *
 * <p>The key is the context key: the initiator's subkey when it sent one, else the ticket session key (the
 * acceptor asserts no subkey of its own, so Flags never has AcceptorSubkey). Only the AES enctypes use this token
 * format; RC4-HMAC contexts use the [RFC 1964]-style tokens of [RFC 4757] 7.2, which are not implemented, so
 * their MICs are refused.
 */
public final class GssMic {
    /** [RFC 4121] 2: KG-USAGE-ACCEPTOR-SIGN and KG-USAGE-INITIATOR-SIGN. */
    static final int ACCEPTOR_SIGN = 23;
    static final int INITIATOR_SIGN = 25;
    /** [RFC 4121] 4.2.2 Flags. */
    static final int SENT_BY_ACCEPTOR = 0x01;
    static final int ACCEPTOR_SUBKEY = 0x04;
    private static final int HEADER_LENGTH = 16;

    private GssMic() {
    }

    /** The acceptor's MIC token over {@code message}, with sequence number {@code seq}. */
    public static byte[] acceptorMic(EncryptionKey key, long seq, byte[] message) throws KerberosException {
        CheckSumTypeHandler handler = handler(key);
        byte[] header = header(SENT_BY_ACCEPTOR, seq);
        byte[] checksum = checksum(handler, key, ACCEPTOR_SIGN, message, header);
        byte[] token = Arrays.copyOf(header, HEADER_LENGTH + checksum.length);
        System.arraycopy(checksum, 0, token, HEADER_LENGTH, checksum.length);
        return token;
    }

    /** Whether {@code token} is the initiator's valid MIC over {@code message}. */
    public static boolean isValidInitiatorMic(EncryptionKey key, byte[] token, byte[] message)
            throws KerberosException {
        CheckSumTypeHandler handler = handler(key);
        if (token.length != HEADER_LENGTH + handler.outputSize()) {
            return false;
        }
        if ((token[0] & 0xFF) != 0x04 || (token[1] & 0xFF) != 0x04) {
            return false;
        }
        int flags = token[2] & 0xFF;
        if ((flags & (SENT_BY_ACCEPTOR | ACCEPTOR_SUBKEY)) != 0) {
            return false; // a reflected acceptor token, or one keyed with an acceptor subkey that does not exist
        }
        for (int i = 3; i < 8; i++) {
            if ((token[i] & 0xFF) != 0xFF) {
                return false;
            }
        }
        byte[] header = Arrays.copyOf(token, HEADER_LENGTH);
        byte[] expected = checksum(handler, key, INITIATOR_SIGN, message, header);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(token, HEADER_LENGTH, token.length));
    }

    private static byte[] header(int flags, long seq) {
        byte[] h = new byte[HEADER_LENGTH];
        h[0] = 0x04;
        h[1] = 0x04;
        h[2] = (byte) flags;
        Arrays.fill(h, 3, 8, (byte) 0xFF);
        for (int i = 0; i < 8; i++) {
            h[8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
        return h;
    }

    /** The checksum type of the key's enctype ([RFC 3962] 7): HMAC-SHA1-96 with a key derived per usage. */
    private static CheckSumTypeHandler handler(EncryptionKey key) throws KerberosException {
        CheckSumType type = switch (key.getKeyType().getValue()) {
            case EnctypePolicy.AES128_CTS_HMAC_SHA1_96 -> CheckSumType.HMAC_SHA1_96_AES128;
            case EnctypePolicy.AES256_CTS_HMAC_SHA1_96 -> CheckSumType.HMAC_SHA1_96_AES256;
            default -> throw new KerberosException("no MIC tokens for enctype " + key.getKeyType()
                    + " ([RFC 4757] tokens are not implemented)");
        };
        try {
            return CheckSumHandler.getCheckSumHandler(type);
        } catch (KrbException e) {
            throw new KerberosException("checksum " + type + " unavailable: " + e.getMessage());
        }
    }

    private static byte[] checksum(CheckSumTypeHandler handler, EncryptionKey key, int usage, byte[] message,
                                   byte[] header) throws KerberosException {
        byte[] input = new byte[message.length + header.length];
        System.arraycopy(message, 0, input, 0, message.length);
        System.arraycopy(header, 0, input, message.length, header.length);
        try {
            return handler.checksumWithKey(input, key.getKeyData(), usage);
        } catch (KrbException e) {
            throw new KerberosException("MIC checksum failed: " + e.getMessage());
        }
    }
}

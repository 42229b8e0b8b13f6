package io.signet.auth.testing;

import io.signet.auth.kerberos.GssKrb5Token;
import io.signet.auth.spnego.DerEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kerby.kerberos.kerb.KrbCodec;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.crypto.CheckSumHandler;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.ap.ApOption;
import org.apache.kerby.kerberos.kerb.type.ap.ApOptions;
import org.apache.kerby.kerberos.kerb.type.ap.ApRep;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.ap.EncAPRepPart;
import org.apache.kerby.kerberos.kerb.type.base.CheckSumType;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.KeyUsage;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.apache.kerby.kerberos.kerb.type.ticket.SgtTicket;

/**
 * The initiator side of the Kerberos GSS mechanism, as far as the acceptor's tests need it: builds the AP-REQ
 * context token ([RFC 4121] 4.1) for a service ticket, reads the AP-REP, and makes and checks MIC tokens
 * ([RFC 4121] 4.2.6.1). The Authenticator is DER-encoded here rather than by Kerby, since Kerby cannot encode the
 * GSS checksum type 0x8003.
 */
public final class KerberosTestClient {
    public static final int GSS_MUTUAL = 2;
    public static final int GSS_CONF_INTEG = 0x10 | 0x20;

    private final SgtTicket ticket;
    /** The authenticator's subkey, or null to send none. */
    public EncryptionKey subkey;
    public boolean mutual = true;
    public long ctimeMillis = System.currentTimeMillis();
    /** Varies per client: ctime has whole seconds only, so ctime and cusec together tell authenticators apart. */
    public int cusec = java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000);
    public int seq = 0x1234_5678;
    /** The checksum type and value to send; null sends no checksum. */
    public Integer checksumType = 0x8003;
    public byte[] checksumValue;

    public KerberosTestClient(SgtTicket ticket) throws KrbException {
        this.ticket = ticket;
        this.subkey = EncryptionHandler.random2Key(EncryptionType.AES256_CTS_HMAC_SHA1_96);
    }

    /** The key the context uses: the subkey, else the ticket session key. */
    public EncryptionKey contextKey() {
        return subkey != null ? subkey : ticket.getSessionKey();
    }

    public EncryptionKey ticketSessionKey() {
        return ticket.getSessionKey();
    }

    /** The GSS-API initial context token carrying the AP-REQ. */
    public byte[] apReqToken() throws KrbException {
        return GssKrb5Token.wrap(GssKrb5Token.TOK_AP_REQ, apReq());
    }

    public byte[] apReq() throws KrbException {
        EncryptedData authenticator = EncryptionHandler.encrypt(authenticator(), ticket.getSessionKey(),
                KeyUsage.AP_REQ_AUTH);
        ApReq apReq = new ApReq();
        ApOptions options = new ApOptions();
        if (mutual) {
            options.setFlag(ApOption.MUTUAL_REQUIRED);
        }
        apReq.setApOptions(options);
        apReq.setTicket(ticket.getTicket());
        apReq.setEncryptedAuthenticator(authenticator);
        return KrbCodec.encode(apReq);
    }

    /** [RFC 4120] 5.5.1 Authenticator, [APPLICATION 2]. */
    public byte[] authenticator() throws KrbException {
        PrincipalName cname = ticket.getClientPrincipal();
        byte[] gss = checksumValue != null ? checksumValue : gssChecksum(mutual ? GSS_MUTUAL | GSS_CONF_INTEG
                : GSS_CONF_INTEG);
        byte[] cksum = checksumType == null ? null : DerEncoder.element(DerEncoder.context(3),
                DerEncoder.element(DerEncoder.SEQUENCE,
                        DerEncoder.element(DerEncoder.context(0), integer(checksumType)),
                        DerEncoder.element(DerEncoder.context(1), DerEncoder.element(DerEncoder.OCTET_STRING, gss))));
        return DerEncoder.element(0x62, DerEncoder.element(DerEncoder.SEQUENCE,
                DerEncoder.element(DerEncoder.context(0), integer(5)),
                DerEncoder.element(DerEncoder.context(1), DerEncoder.element(DerEncoder.GENERAL_STRING,
                        ticket.getRealm().getBytes(StandardCharsets.US_ASCII))),
                DerEncoder.element(DerEncoder.context(2), KrbCodec.encode(cname)),
                cksum,
                DerEncoder.element(DerEncoder.context(4), integer(cusec)),
                DerEncoder.element(DerEncoder.context(5), KrbCodec.encode(new KerberosTime(ctimeMillis))),
                subkey == null ? null : DerEncoder.element(DerEncoder.context(6), KrbCodec.encode(subkey)),
                DerEncoder.element(DerEncoder.context(7), integer(seq))));
    }

    /** [RFC 4121] 4.1.1: Lgth 16, zero bindings, flags. */
    public static byte[] gssChecksum(int flags) {
        byte[] b = new byte[24];
        b[0] = 16;
        b[20] = (byte) flags;
        b[21] = (byte) (flags >>> 8);
        return b;
    }

    /** A DER INTEGER of a non-negative value, minimal. */
    private static byte[] integer(long value) {
        byte[] be = java.math.BigInteger.valueOf(value).toByteArray();
        return DerEncoder.element(0x02, be);
    }

    /** Decrypts the AP-REP of the acceptor's response token with the ticket session key ([RFC 4120] 5.5.2). */
    public EncAPRepPart readApRep(byte[] token) throws Exception {
        ApRep rep = KrbCodec.decode(GssKrb5Token.unwrap(token, GssKrb5Token.TOK_AP_REP), ApRep.class);
        byte[] plain = EncryptionHandler.decrypt(rep.getEncryptedEncPart(), ticket.getSessionKey(),
                KeyUsage.AP_REP_ENCPART);
        return KrbCodec.decode(plain, EncAPRepPart.class);
    }

    /** The initiator's MIC token over {@code message} (usage 25, no flags). */
    public byte[] initiatorMic(byte[] message) throws KrbException {
        return mic(contextKey(), 25, 0x00, seq, message);
    }

    /** Whether {@code token} is a valid acceptor MIC (usage 23, SentByAcceptor) over {@code message}. */
    public boolean isValidAcceptorMic(byte[] token, byte[] message) throws KrbException {
        if (token.length < 16 || token[2] != 0x01) {
            return false;
        }
        long seq = 0;
        for (int i = 8; i < 16; i++) {
            seq = seq << 8 | (token[i] & 0xFF);
        }
        return Arrays.equals(token, mic(contextKey(), 23, 0x01, seq, message));
    }

    private static byte[] mic(EncryptionKey key, int usage, int flags, long seq, byte[] message)
            throws KrbException {
        byte[] header = {0x04, 0x04, (byte) flags, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) (seq >>> 56), (byte) (seq >>> 48), (byte) (seq >>> 40), (byte) (seq >>> 32),
                (byte) (seq >>> 24), (byte) (seq >>> 16), (byte) (seq >>> 8), (byte) seq};
        byte[] input = new byte[message.length + 16];
        System.arraycopy(message, 0, input, 0, message.length);
        System.arraycopy(header, 0, input, message.length, 16);
        CheckSumType type = key.getKeyType().getValue() == 18 ? CheckSumType.HMAC_SHA1_96_AES256
                : CheckSumType.HMAC_SHA1_96_AES128;
        byte[] checksum = CheckSumHandler.getCheckSumHandler(type).checksumWithKey(input, key.getKeyData(), usage);
        byte[] token = Arrays.copyOf(header, 16 + checksum.length);
        System.arraycopy(checksum, 0, token, 16, checksum.length);
        return token;
    }
}

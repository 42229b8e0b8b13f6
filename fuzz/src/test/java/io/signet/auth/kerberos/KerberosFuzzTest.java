package io.signet.auth.kerberos;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kerby.kerberos.kerb.KrbCodec;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.ad.AuthorizationData;
import org.apache.kerby.kerberos.kerb.type.ap.ApOptions;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.KeyUsage;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;

/**
 * The Kerberos acceptor's decoders ([RFC 4120] 5, [RFC 4121] 4.1, [MS-PAC]), with a fixed AES-256 service key. The
 * first byte picks what the rest is:
 * <ul>
 *   <li>a SESSION_SETUP mechToken: the GSS-API KRB_AP_REQ token, walked by {@code DerNesting} and decoded;</li>
 *   <li>the plaintext of a ticket's EncTicketPart, sealed with the service key into an AP-REQ for this server, so
 *       that the decoders behind the ticket's decryption (EncTicketPart, AuthorizationData, the PAC) see it;</li>
 *   <li>an AuthorizationData DER, searched for a PAC by {@code TicketPac};</li>
 *   <li>a PAC ([MS-PAC] 2.3), parsed and its client info and logon info (NDR) read.</li>
 * </ul>
 * Each may return or throw {@link KerberosException}; nothing else, StackOverflowError included.
 */
class KerberosFuzzTest {
    private static final String REALM = "EXAMPLE.COM";
    private static final PrincipalName SERVICE = new PrincipalName("cifs/localhost@" + REALM);
    private static final EncryptionKey SERVICE_KEY = new EncryptionKey(EncryptionType.AES256_CTS_HMAC_SHA1_96,
            new byte[32], 1);
    private static final KerberosAcceptor ACCEPTOR = new KerberosAcceptor(
            ServiceKeys.of(List.of(new KeytabEntry(SERVICE, new KerberosTime(0), 1, SERVICE_KEY))), REALM,
            Duration.ofMinutes(5), false, Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));

    @FuzzTest
    void kerberos(FuzzedDataProvider data) throws KrbException {
        int mode = data.consumeInt(0, 3);
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            switch (mode) {
                case 0 -> ACCEPTOR.accept(bytes);
                case 1 -> ACCEPTOR.accept(apReqWithTicket(bytes));
                case 2 -> authorizationData(bytes);
                default -> pac(bytes);
            }
        } catch (KerberosException expected) {
            // the documented refusal
        }
    }

    private static byte[] apReqWithTicket(byte[] encTicketPart) throws KrbException {
        Ticket ticket = new Ticket();
        ticket.setTktKvno(5);
        ticket.setRealm(REALM);
        ticket.setSname(SERVICE);
        EncryptedData sealed = EncryptionHandler.encrypt(encTicketPart, SERVICE_KEY, KeyUsage.KDC_REP_TICKET);
        sealed.setKvno(1);
        ticket.setEncryptedEncPart(sealed);
        ApReq apReq = new ApReq();
        apReq.setApOptions(new ApOptions());
        apReq.setTicket(ticket);
        apReq.setEncryptedAuthenticator(new EncryptedData());
        apReq.getEncryptedAuthenticator().setEType(EncryptionType.AES256_CTS_HMAC_SHA1_96);
        apReq.getEncryptedAuthenticator().setCipher(new byte[48]);
        return GssKrb5Token.wrap(GssKrb5Token.TOK_AP_REQ, KrbCodec.encode(apReq));
    }

    private static void authorizationData(byte[] der) throws KerberosException {
        DerNesting.check(der, "AuthorizationData");
        AuthorizationData ad;
        try {
            ad = KrbCodec.decode(der, AuthorizationData.class);
        } catch (KrbException | RuntimeException kerbyRefusal) {
            // Kerby's own refusal, which the acceptor turns into a KerberosException
            return;
        }
        TicketPac.find(ad);
    }

    private static void pac(byte[] bytes) throws KerberosException {
        Pac pac = Pac.parse(bytes);
        pac.first(Pac.CLIENT_INFO).ifPresent(b -> {
            try {
                PacClientInfo.read(bytes, b);
            } catch (KerberosException expected) {
                // the documented refusal
            }
        });
        Pac.Buffer logon = pac.first(Pac.LOGON_INFO).orElse(null);
        if (logon != null) {
            KerbValidationInfo.read(bytes, logon);
        }
    }
}

package io.signet.auth.kerberos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.auth.testing.KerberosTestClient;
import io.signet.auth.testing.TestKdc;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kerby.kerberos.kerb.KrbCodec;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.ap.EncAPRepPart;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.apache.kerby.kerberos.kerb.type.ticket.SgtTicket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptor against real tickets from an in-process KDC, and against every kind of bad token. */
class KerberosAcceptorTest {
    private static final Duration SKEW = Duration.ofMinutes(5);

    @TempDir
    static Path workDir;
    private static TestKdc kdc;
    private static ServiceKeys keys;

    @BeforeAll
    static void startKdc() throws Exception {
        kdc = new TestKdc(workDir);
        keys = ServiceKeys.load(kdc.keytab());
    }

    @AfterAll
    static void stopKdc() throws Exception {
        kdc.close();
    }

    private static KerberosAcceptor acceptor(Clock clock) {
        return new KerberosAcceptor(keys, TestKdc.REALM, SKEW, false, clock);
    }

    private static KerberosAcceptor acceptor() {
        return acceptor(Clock.systemUTC());
    }

    private static KerberosTestClient alice() throws Exception {
        return new KerberosTestClient(kdc.serviceTicket(TestKdc.ALICE, TestKdc.SERVICE));
    }

    private static String refusal(KerberosAcceptor acceptor, byte[] token) {
        return assertThrows(KerberosException.class, () -> acceptor.accept(token)).getMessage();
    }

    @Test
    void theKeytabHoldsTheServicePrincipal() {
        assertEquals(java.util.Set.of("cifs/localhost@EXAMPLE.COM"), keys.principals());
    }

    @Test
    void acceptsATicketWithTheSubkeyAsSessionKeyAndAnApRepEchoingCtime() throws Exception {
        KerberosTestClient client = alice();
        KerberosContext context = acceptor().accept(client.apReqToken());

        assertEquals(List.of("alice"), context.identity().nameComponents());
        assertEquals(TestKdc.REALM, context.identity().realm());
        assertTrue(context.identity().logonInfo().isEmpty());
        assertArrayEquals(client.subkey.getKeyData(), context.sessionKey());
        assertEquals(32, context.sessionKey().length, "the full AES-256 key, not 16 bytes of it");

        assertNotNull(context.responseToken());
        EncAPRepPart apRep = client.readApRep(context.responseToken());
        assertEquals(client.ctimeMillis / 1000, apRep.getCtime().getTime() / 1000);
        assertEquals(client.cusec, apRep.getCusec());
        assertNull(apRep.getSubkey(), "the acceptor asserts no subkey");
    }

    @Test
    void withoutSubkeyTheSessionKeyIsTheTicketsAndWithoutMutualThereIsNoApRep() throws Exception {
        KerberosTestClient client = alice();
        client.subkey = null;
        client.mutual = false;
        KerberosContext context = acceptor().accept(client.apReqToken());
        assertArrayEquals(client.ticketSessionKey().getKeyData(), context.sessionKey());
        assertNull(context.responseToken());
    }

    @Test
    void micTokensRoundTrip() throws Exception {
        KerberosTestClient client = alice();
        KerberosContext context = acceptor().accept(client.apReqToken());
        byte[] message = {0x30, 0x03, 0x06, 0x01, 0x2a};
        assertTrue(context.isValidInitiatorMic(client.initiatorMic(message), message));
        assertTrue(client.isValidAcceptorMic(context.acceptorMic(message), message));

        byte[] other = message.clone();
        other[4] ^= 1;
        assertTrue(!context.isValidInitiatorMic(client.initiatorMic(message), other));
        byte[] reflected = context.acceptorMic(message);
        assertTrue(!context.isValidInitiatorMic(reflected, message), "an acceptor token is not the initiator's");
    }

    @Test
    void aTamperedTicketIsRefused() throws Exception {
        KerberosTestClient client = alice();
        ApReq apReq = KrbCodec.decode(client.apReq(), ApReq.class);
        byte[] cipher = apReq.getTicket().getEncryptedEncPart().getCipher();
        cipher[cipher.length / 2] ^= 0x01;
        apReq.getTicket().getEncryptedEncPart().setCipher(cipher);
        byte[] token = io.signet.auth.kerberos.GssKrb5Token.wrap(GssKrb5Token.TOK_AP_REQ, KrbCodec.encode(apReq));
        assertTrue(refusal(acceptor(), token).contains("ticket does not decrypt"));
    }

    @Test
    void aTicketForAnotherServiceIsRefused() throws Exception {
        KerberosTestClient client = new KerberosTestClient(kdc.serviceTicket(TestKdc.ALICE,
                TestKdc.OTHER_SERVICE));
        assertTrue(refusal(acceptor(), client.apReqToken()).contains("not in the keytab"));
    }

    @Test
    void anExpiredTicketIsRefused() throws Exception {
        SgtTicket ticket = kdc.serviceTicket(TestKdc.ALICE, TestKdc.SERVICE);
        KerberosTestClient client = new KerberosTestClient(ticket);
        long end = ticket.getEncKdcRepPart().getEndTime().getTime();
        Instant later = Instant.ofEpochMilli(end).plus(SKEW).plusSeconds(60);
        client.ctimeMillis = later.toEpochMilli(); // a fresh authenticator: only the ticket is stale
        String reason = refusal(acceptor(Clock.fixed(later, java.time.ZoneOffset.UTC)), client.apReqToken());
        assertTrue(reason.contains("ticket expired"), reason);
    }

    @Test
    void anAuthenticatorOutsideTheClockSkewIsRefused() throws Exception {
        KerberosTestClient client = alice();
        client.ctimeMillis -= SKEW.toMillis() + 60_000;
        KerberosException refused = assertThrows(KerberosException.class, () -> acceptor().accept(client.apReqToken()));
        // The log line an administrator reads: which service, and by how much the clocks differ.
        String reason = refused.getMessage();
        assertTrue(reason.matches("clock skew 36\\d s \\(the client's clock behind, at most 300 s allowed\\)"), reason);
        assertEquals(java.util.Optional.of("cifs/localhost@EXAMPLE.COM"), refused.service());
    }

    @Test
    void aReplayedAuthenticatorIsRefused() throws Exception {
        KerberosAcceptor acceptor = acceptor();
        byte[] token = alice().apReqToken();
        acceptor.accept(token);
        assertTrue(refusal(acceptor, token).contains("replayed authenticator"));
    }

    @Test
    void aKeytabWithAnotherKeyIsRefused() throws Exception {
        PrincipalName service = new PrincipalName(TestKdc.SERVICE);
        List<KeytabEntry> wrong = List.of(
                new KeytabEntry(service, new KerberosTime(), 1,
                        EncryptionHandler.random2Key(EncryptionType.AES256_CTS_HMAC_SHA1_96)),
                new KeytabEntry(service, new KerberosTime(), 1,
                        EncryptionHandler.random2Key(EncryptionType.AES128_CTS_HMAC_SHA1_96)));
        KerberosAcceptor acceptor = new KerberosAcceptor(ServiceKeys.of(wrong), TestKdc.REALM, SKEW, false,
                Clock.systemUTC());
        assertTrue(refusal(acceptor, alice().apReqToken()).contains("ticket does not decrypt"));
    }

    @Test
    void aTicketOfAnotherRealmIsRefused() throws Exception {
        KerberosAcceptor acceptor = new KerberosAcceptor(keys, "OTHER.ORG", SKEW, false, Clock.systemUTC());
        assertTrue(refusal(acceptor, alice().apReqToken()).contains("ticket for realm EXAMPLE.COM"));
    }

    @Test
    void anAuthenticatorWithoutTheGssChecksumIsRefused() throws Exception {
        KerberosTestClient client = alice();
        client.checksumType = null;
        assertTrue(refusal(acceptor(), client.apReqToken()).contains("without the GSS checksum"));
        KerberosTestClient other = alice();
        other.checksumType = 16; // an ordinary hmac-sha1-96-aes256 checksum is not the GSS one
        assertTrue(refusal(acceptor(), other.apReqToken()).contains("not the GSS checksum"));
        KerberosTestClient shortOne = alice();
        shortOne.checksumValue = new byte[20];
        assertTrue(refusal(acceptor(), shortOne.apReqToken()).contains("shorter than 24"));
    }

    @Test
    void garbageIsRefused() {
        KerberosAcceptor acceptor = acceptor();
        refusal(acceptor, new byte[0]);
        refusal(acceptor, new byte[] {0x60, 0x00});
        refusal(acceptor, new byte[] {0x60, 0x03, 0x06, 0x01, 0x2a});
        refusal(acceptor, GssKrb5Token.wrap(GssKrb5Token.TOK_AP_REQ, new byte[] {0x6e, 0x03, 0x02, 0x01, 0x05}));
        refusal(acceptor, GssKrb5Token.wrap(GssKrb5Token.TOK_AP_REQ, "not ASN.1 at all".getBytes()));
        refusal(acceptor, GssKrb5Token.wrap(GssKrb5Token.TOK_AP_REP, new byte[] {0x30, 0x00}));
    }

    @Test
    void deeplyNestedAsn1IsRefusedWithoutRecursion() {
        int levels = 100_000;
        byte[] nested = new byte[6 * levels];
        for (int i = 0; i < levels; i++) {
            int length = 6 * (levels - i - 1);
            nested[6 * i] = (byte) (i == 0 ? 0x6e : 0x30);
            nested[6 * i + 1] = (byte) 0x84;
            nested[6 * i + 2] = (byte) (length >>> 24);
            nested[6 * i + 3] = (byte) (length >>> 16);
            nested[6 * i + 4] = (byte) (length >>> 8);
            nested[6 * i + 5] = (byte) length;
        }
        String reason = refusal(acceptor(), GssKrb5Token.wrap(GssKrb5Token.TOK_AP_REQ, nested));
        assertTrue(reason.contains("nesting deeper than"), reason);

        byte[] indefinite = new byte[2 * levels];
        for (int i = 0; i < levels; i++) {
            indefinite[2 * i] = (byte) (i == 0 ? 0x6e : 0x30);
            indefinite[2 * i + 1] = (byte) 0x80;
        }
        assertTrue(refusal(acceptor(), GssKrb5Token.wrap(GssKrb5Token.TOK_AP_REQ, indefinite))
                .contains("indefinite length"));
    }

    @Test
    void aHugeClaimedLengthIsRefused() {
        byte[] apReq = {0x6e, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x30, 0x00};
        assertTrue(refusal(acceptor(), GssKrb5Token.wrap(GssKrb5Token.TOK_AP_REQ, apReq)).contains("claims"));
    }

    @Test
    void everyTruncationIsRefused() throws Exception {
        KerberosAcceptor acceptor = acceptor();
        byte[] token = alice().apReqToken();
        for (int length = 0; length < token.length; length++) {
            refusal(acceptor, java.util.Arrays.copyOf(token, length));
        }
    }
}

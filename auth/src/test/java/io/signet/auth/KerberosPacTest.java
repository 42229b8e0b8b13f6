package io.signet.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.auth.AuthStep.Outcome;
import io.signet.auth.kerberos.KerberosAcceptor;
import io.signet.auth.kerberos.KerberosException;
import io.signet.auth.kerberos.PacLogonInfo;
import io.signet.auth.kerberos.ServiceKeys;
import io.signet.auth.spnego.NegTokenInit;
import io.signet.auth.spnego.ObjectId;
import io.signet.auth.testing.KerberosTestClient;
import io.signet.auth.testing.PacIssuingBackend;
import io.signet.auth.testing.TestKdc;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.status.NtStatus;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real tickets carrying a PAC: Kerby's KDC with {@link PacIssuingBackend} puts one, signed with the service key, in
 * each service ticket, which goes through the acceptor and the SPNEGO exchange.
 */
class KerberosPacTest {
    private static final Sid DOMAIN = Sid.parse("S-1-5-21-1111-2222-3333");
    private static final ServerIdentity IDENTITY =
            new ServerIdentity("SIGNET", "WORKGROUP", "signet.example.test", "example.test");

    @TempDir
    static Path workDir;
    private static TestKdc kdc;
    private static KerberosAcceptor acceptor;
    private static Authenticator authenticator;

    @BeforeAll
    static void startKdc() throws Exception {
        kdc = new TestKdc(workDir, true);
        acceptor = new KerberosAcceptor(ServiceKeys.load(kdc.keytab()), TestKdc.REALM, Duration.ofMinutes(5), false,
                Clock.systemUTC());
        authenticator = new Authenticator(new InMemoryUserDirectory(Map.of("alice", "Secret#1")), IDENTITY,
                acceptor, new SecureRandom(), Clock.systemUTC());
    }

    @AfterAll
    static void stopKdc() throws Exception {
        kdc.close();
    }

    @AfterEach
    void resetKdc() {
        PacIssuingBackend.adjust = pac -> { };
        PacIssuingBackend.tamper = false;
    }

    private static byte[] aliceToken() throws Exception {
        return new KerberosTestClient(kdc.serviceTicket(TestKdc.ALICE, TestKdc.SERVICE)).apReqToken();
    }

    @Test
    void theAcceptorReturnsThePacsSids() throws Exception {
        PacIssuingBackend.adjust = pac -> pac.extraSids.add(new Object[] {Sid.parse("S-1-18-1"), 7});
        PacLogonInfo info = acceptor.accept(aliceToken()).identity().logonInfo().orElseThrow();
        assertEquals(new PacLogonInfo(DOMAIN.withRid(1104), DOMAIN.withRid(513),
                List.of(DOMAIN.withRid(513), DOMAIN.withRid(1108)), List.of(Sid.parse("S-1-18-1"))), info);
    }

    @Test
    void theLogonCarriesThePacsSidsAsDomainSids() throws Exception {
        AuthStep step = authenticator.newExchange().step(NegTokenInit.of(
                List.of(ObjectId.KERBEROS_MICROSOFT, ObjectId.NTLMSSP), aliceToken(), null, null).encode());
        assertEquals(Outcome.SUCCESS, step.outcome(), step.toString());
        assertEquals("alice", step.user().name());
        assertEquals(List.of(DOMAIN.withRid(1104), DOMAIN.withRid(513), DOMAIN.withRid(1108)),
                step.user().domainSids());
    }

    /**
     * MIT KDCs since 1.20 put a PAC without PAC_LOGON_INFO in every ticket: it is verified, and the client is mapped
     * by name with no domain SIDs, as for a ticket without a PAC.
     */
    @Test
    void aPacWithoutLogonInfoLogsTheClientOnByName() throws Exception {
        PacIssuingBackend.adjust = pac -> pac.withLogonInfo = false;
        assertTrue(acceptor.accept(aliceToken()).identity().logonInfo().isEmpty());

        AuthStep step = authenticator.newExchange().step(NegTokenInit.of(
                List.of(ObjectId.KERBEROS_MICROSOFT, ObjectId.NTLMSSP), aliceToken(), null, null).encode());
        assertEquals(Outcome.SUCCESS, step.outcome(), step.toString());
        assertEquals("alice", step.user().name());
        assertEquals(List.of(), step.user().domainSids());
    }

    @Test
    void aPacWithoutLogonInfoAboutAnotherClientRefusesTheTicket() throws Exception {
        PacIssuingBackend.adjust = pac -> {
            pac.withLogonInfo = false;
            pac.clientName = "bob";
        };
        byte[] token = aliceToken();
        String reason = assertThrows(KerberosException.class, () -> acceptor.accept(token)).getMessage();
        assertTrue(reason.contains("PAC_CLIENT_INFO names bob"), reason);
    }

    @Test
    void aPacTamperedAfterSigningRefusesTheTicket() throws Exception {
        PacIssuingBackend.tamper = true;
        byte[] token = aliceToken();
        String reason = assertThrows(KerberosException.class, () -> acceptor.accept(token)).getMessage();
        assertTrue(reason.contains("PAC server signature"), reason);

        AuthStep step = authenticator.newExchange().step(NegTokenInit.of(List.of(ObjectId.KERBEROS_MICROSOFT),
                aliceToken(), null, null).encode());
        assertEquals(Outcome.FAILURE, step.outcome());
        assertEquals(NtStatus.STATUS_LOGON_FAILURE, step.failure());
        assertNull(step.user());
    }

    @Test
    void aPacAboutAnotherClientRefusesTheTicket() throws Exception {
        PacIssuingBackend.adjust = pac -> pac.clientName = "bob";
        byte[] token = aliceToken();
        String reason = assertThrows(KerberosException.class, () -> acceptor.accept(token)).getMessage();
        assertTrue(reason.contains("PAC_CLIENT_INFO names bob"), reason);
    }

    @Test
    void aPacFromAnotherLogonRefusesTheTicket() throws Exception {
        PacIssuingBackend.adjust = pac -> pac.authTimeMillis -= 60_000;
        byte[] token = aliceToken();
        String reason = assertThrows(KerberosException.class, () -> acceptor.accept(token)).getMessage();
        assertTrue(reason.contains("not the ticket's authtime"), reason);
    }
}

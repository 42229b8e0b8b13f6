package io.signet.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.auth.AuthStep.Outcome;
import io.signet.auth.kerberos.KerberosAcceptor;
import io.signet.auth.kerberos.KerberosIdentity;
import io.signet.auth.kerberos.ServiceKeys;
import io.signet.auth.spnego.NegState;
import io.signet.auth.spnego.NegTokenInit;
import io.signet.auth.spnego.NegTokenResp;
import io.signet.auth.spnego.NegotiationToken;
import io.signet.auth.spnego.ObjectId;
import io.signet.auth.testing.KerberosTestClient;
import io.signet.auth.testing.TestKdc;
import io.signet.protocol.status.NtStatus;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPNEGO conversations carrying Kerberos, through {@link Authenticator}, with tickets from an in-process KDC. */
class KerberosExchangeTest {
    private static final ServerIdentity IDENTITY =
            new ServerIdentity("SIGNET", "WORKGROUP", "signet.example.test", "example.test");
    private static final List<ObjectId> WINDOWS_ORDER =
            List.of(ObjectId.KERBEROS_MICROSOFT, ObjectId.KERBEROS, ObjectId.NTLMSSP);
    private static final ObjectId NEGOEX = ObjectId.of("1.3.6.1.4.1.311.2.2.30");

    @TempDir
    static Path workDir;
    private static TestKdc kdc;
    private static Authenticator authenticator;

    @BeforeAll
    static void startKdc() throws Exception {
        kdc = new TestKdc(workDir);
        // alice is a local user; bob has a Kerberos principal but no local account.
        KerberosAcceptor acceptor = new KerberosAcceptor(ServiceKeys.load(kdc.keytab()), "example.com",
                Duration.ofMinutes(5), false, Clock.systemUTC());
        authenticator = new Authenticator(new InMemoryUserDirectory(Map.of("Alice", "Secret#1")), IDENTITY,
                acceptor, new SecureRandom(), Clock.systemUTC());
    }

    @AfterAll
    static void stopKdc() throws Exception {
        kdc.close();
    }

    private static KerberosTestClient client(String user) throws Exception {
        return new KerberosTestClient(kdc.serviceTicket(user, TestKdc.SERVICE));
    }

    private static NegTokenResp resp(byte[] token) throws Exception {
        return (NegTokenResp) NegotiationToken.decode(token);
    }

    private static void assertLogonFailure(AuthStep step) {
        assertEquals(Outcome.FAILURE, step.outcome(), step.toString());
        assertEquals(NtStatus.STATUS_LOGON_FAILURE, step.failure());
        assertNull(step.user());
        assertNull(step.sessionKey());
    }

    @Test
    void withAKeytabTheNegotiateTokenOffersKerberosThenNtlm() throws Exception {
        NegTokenInit init = (NegTokenInit) NegotiationToken.decode(authenticator.negotiateToken());
        assertEquals(WINDOWS_ORDER, init.mechTypes());
    }

    @Test
    void anOptimisticKerberosTokenCompletesInOneLeg() throws Exception {
        KerberosTestClient alice = client(TestKdc.ALICE);
        AuthStep step = authenticator.newExchange().step(
                NegTokenInit.of(WINDOWS_ORDER, alice.apReqToken(), null, null).encode());

        assertEquals(Outcome.SUCCESS, step.outcome(), step.toString());
        assertEquals(new AuthenticatedUser("Alice", "SIGNET", UserKind.USER), step.user());
        assertArrayEquals(alice.subkey.getKeyData(), step.sessionKey());
        assertEquals(32, step.sessionKey().length);
        NegTokenResp resp = resp(step.responseToken());
        assertEquals(NegState.ACCEPT_COMPLETED, resp.negState());
        assertEquals(ObjectId.KERBEROS_MICROSOFT, resp.supportedMech(), "the client's first OID");
        assertEquals(alice.ctimeMillis / 1000, alice.readApRep(resp.responseToken()).getCtime().getTime() / 1000);
        assertNull(resp.mechListMic());
    }

    @Test
    void theRfcOidFirstIsEchoedAndWithoutMutualThereIsNoApRep() throws Exception {
        KerberosTestClient alice = client(TestKdc.ALICE);
        alice.mutual = false;
        AuthStep step = authenticator.newExchange().step(NegTokenInit.of(
                List.of(ObjectId.KERBEROS, ObjectId.NTLMSSP), alice.apReqToken(), null, null).encode());
        assertEquals(Outcome.SUCCESS, step.outcome(), step.toString());
        NegTokenResp resp = resp(step.responseToken());
        assertEquals(ObjectId.KERBEROS, resp.supportedMech());
        assertNull(resp.responseToken());
    }

    @Test
    void aClientMechListMicIsVerifiedAndAnswered() throws Exception {
        KerberosTestClient alice = client(TestKdc.ALICE);
        NegTokenInit probe = NegTokenInit.of(WINDOWS_ORDER, null, null, null);
        byte[] mic = alice.initiatorMic(probe.mechTypesEncoding());
        AuthStep step = authenticator.newExchange().step(
                NegTokenInit.of(WINDOWS_ORDER, alice.apReqToken(), null, mic).encode());
        assertEquals(Outcome.SUCCESS, step.outcome(), step.toString());
        byte[] serverMic = resp(step.responseToken()).mechListMic();
        assertNotNull(serverMic);
        assertTrue(alice.isValidAcceptorMic(serverMic, probe.mechTypesEncoding()));
    }

    @Test
    void aBadClientMechListMicIsALogonFailure() throws Exception {
        KerberosTestClient alice = client(TestKdc.ALICE);
        byte[] mic = alice.initiatorMic(new byte[] {0x30, 0x00});
        assertLogonFailure(authenticator.newExchange().step(
                NegTokenInit.of(WINDOWS_ORDER, alice.apReqToken(), null, mic).encode()));
    }

    @Test
    void kerberosBelowTheClientsFirstChoiceNeedsBothMics() throws Exception {
        KerberosTestClient alice = client(TestKdc.ALICE);
        List<ObjectId> mechs = List.of(NEGOEX, ObjectId.KERBEROS);
        NegTokenInit init = NegTokenInit.of(mechs, new byte[] {1, 2, 3}, null, null);
        AuthExchange exchange = authenticator.newExchange();

        NegTokenResp select = resp(exchange.step(init.encode()).responseToken());
        assertEquals(NegState.ACCEPT_INCOMPLETE, select.negState());
        assertEquals(ObjectId.KERBEROS, select.supportedMech());
        assertNull(select.responseToken());

        AuthStep second = exchange.step(new NegTokenResp(null, null, alice.apReqToken(), null).encode());
        assertEquals(Outcome.CONTINUE, second.outcome(), second.toString());
        NegTokenResp withMic = resp(second.responseToken());
        assertEquals(NegState.ACCEPT_INCOMPLETE, withMic.negState());
        assertTrue(alice.isValidAcceptorMic(withMic.mechListMic(), init.mechTypesEncoding()));
        assertNotNull(alice.readApRep(withMic.responseToken()));

        AuthStep last = exchange.step(new NegTokenResp(NegState.ACCEPT_COMPLETED, null, null,
                alice.initiatorMic(init.mechTypesEncoding())).encode());
        assertEquals(Outcome.SUCCESS, last.outcome(), last.toString());
        assertArrayEquals(alice.subkey.getKeyData(), last.sessionKey());
    }

    @Test
    void kerberosBelowTheClientsFirstChoiceWithoutTheClientMicFails() throws Exception {
        KerberosTestClient alice = client(TestKdc.ALICE);
        AuthExchange exchange = authenticator.newExchange();
        exchange.step(NegTokenInit.of(List.of(NEGOEX, ObjectId.KERBEROS), null, null, null).encode());
        assertEquals(Outcome.CONTINUE,
                exchange.step(new NegTokenResp(null, null, alice.apReqToken(), null).encode()).outcome());
        assertLogonFailure(exchange.step(new NegTokenResp(NegState.ACCEPT_COMPLETED, null, null, null).encode()));
    }

    @Test
    void aBadOptimisticKerberosTokenIsALogonFailureWithoutNtlmFallback() throws Exception {
        AuthExchange exchange = authenticator.newExchange();
        assertLogonFailure(exchange.step(
                NegTokenInit.of(WINDOWS_ORDER, new byte[] {0x60, 0x03, 0x06, 0x01, 0x2a}, null, null).encode()));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, exchange.step(new byte[] {1}).failure(),
                "the exchange is over");
    }

    @Test
    void aReplayedTokenIsALogonFailure() throws Exception {
        byte[] token = NegTokenInit.of(WINDOWS_ORDER, client(TestKdc.ALICE).apReqToken(), null, null).encode();
        assertEquals(Outcome.SUCCESS, authenticator.newExchange().step(token).outcome());
        assertLogonFailure(authenticator.newExchange().step(token));
    }

    @Test
    void aPrincipalWithoutALocalUserIsALogonFailure() throws Exception {
        assertLogonFailure(authenticator.newExchange().step(
                NegTokenInit.of(WINDOWS_ORDER, client(TestKdc.BOB).apReqToken(), null, null).encode()));
    }

    @Test
    void principalsMapToLocalUsersOfTheConfiguredRealmOnly() {
        KerberosUsers users = new KerberosUsers(new InMemoryUserDirectory(Map.of("alice", "x")), "EXAMPLE.COM",
                IDENTITY);
        assertEquals("alice", users.user(new KerberosIdentity(List.of("ALICE"), "example.com", null))
                .orElseThrow().name());
        assertTrue(users.user(new KerberosIdentity(List.of("alice"), "EVIL.COM", null)).isEmpty());
        assertTrue(users.user(new KerberosIdentity(List.of("alice", "admin"), "EXAMPLE.COM", null)).isEmpty());
        assertTrue(users.user(new KerberosIdentity(List.of("mallory"), "EXAMPLE.COM", null)).isEmpty());
    }

    @Test
    void spnegoFramingErrorsAreStillInvalidParameter() {
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                authenticator.newExchange().step(new byte[] {0x60, 0x7f, 0x00}).failure());
    }

    /** With a keytab too, NTLMSSP below the client's first choice needs the client's mechListMIC ([RFC 4178] 5). */
    @Test
    void ntlmBelowTheClientsFirstChoiceNeedsTheMechListMic() throws Exception {
        for (boolean sendMechListMic : new boolean[] {false, true}) {
            io.signet.auth.testing.NtlmTestClient ntlm = new io.signet.auth.testing.NtlmTestClient("alice",
                    "WORKGROUP", "Secret#1");
            AuthExchange exchange = authenticator.newExchange();
            NegTokenInit init = NegTokenInit.of(List.of(NEGOEX, ObjectId.NTLMSSP), new byte[] {1, 2}, null, null);
            assertEquals(ObjectId.NTLMSSP, resp(exchange.step(init.encode()).responseToken()).supportedMech());
            AuthStep challenge = exchange.step(new NegTokenResp(null, null, ntlm.negotiate(), null).encode());
            byte[] auth = ntlm.authenticate(resp(challenge.responseToken()).responseToken());
            byte[] mic = sendMechListMic ? ntlm.mechListMic(init.mechTypesEncoding()) : null;
            AuthStep last = exchange.step(new NegTokenResp(null, null, auth, mic).encode());
            if (sendMechListMic) {
                assertEquals(Outcome.SUCCESS, last.outcome(), last.toString());
            } else {
                assertLogonFailure(last);
                assertTrue(last.reason().contains("a downgrade"), last.reason());
            }
        }
    }

    @Test
    void aKerberosRefusalSaysWhichServiceAndWhy() throws Exception {
        KerberosTestClient bob = client(TestKdc.BOB);
        AuthStep step = authenticator.newExchange().step(
                NegTokenInit.of(WINDOWS_ORDER, bob.apReqToken(), null, null).encode());
        assertLogonFailure(step);
        assertEquals("Kerberos: principal bob@EXAMPLE.COM is not a user of realm example.com known to this server",
                step.reason());

        KerberosTestClient alice = client(TestKdc.ALICE);
        alice.ctimeMillis -= 412_000;
        step = authenticator.newExchange().step(
                NegTokenInit.of(WINDOWS_ORDER, alice.apReqToken(), null, null).encode());
        assertLogonFailure(step);
        assertTrue(step.reason().matches("Kerberos ticket for cifs/localhost@EXAMPLE\\.COM refused: clock skew 41\\d s"
                + " \\(the client's clock behind, at most 300 s allowed\\)"), step.reason());
    }

    @Test
    void ntlmStillWorksBesideKerberos() throws Exception {
        io.signet.auth.testing.NtlmTestClient ntlm = new io.signet.auth.testing.NtlmTestClient("alice",
                "WORKGROUP", "Secret#1");
        AuthExchange exchange = authenticator.newExchange();
        NegTokenInit init = NegTokenInit.of(List.of(ObjectId.NTLMSSP), ntlm.negotiate(), null, null);
        AuthStep first = exchange.step(init.encode());
        assertEquals(Outcome.CONTINUE, first.outcome());
        byte[] auth = ntlm.authenticate(resp(first.responseToken()).responseToken());
        AuthStep last = exchange.step(new NegTokenResp(null, null, auth, ntlm.mechListMic(init.mechTypesEncoding()))
                .encode());
        assertEquals(Outcome.SUCCESS, last.outcome(), last.toString());
        assertEquals(16, last.sessionKey().length);
    }
}

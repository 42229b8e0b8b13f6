package io.signet.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.auth.AuthStep.Outcome;
import io.signet.auth.ntlm.AvPair;
import io.signet.auth.ntlm.ChallengeMessage;
import io.signet.auth.spnego.NegState;
import io.signet.auth.spnego.NegTokenInit;
import io.signet.auth.spnego.NegTokenResp;
import io.signet.auth.spnego.NegotiationToken;
import io.signet.auth.spnego.ObjectId;
import io.signet.auth.testing.NtlmTestClient;
import io.signet.protocol.status.NtStatus;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Whole SESSION_SETUP conversations through {@link Authenticator}, driven by a test NTLMv2 client. */
class AuthenticatorTest {
    private static final ServerIdentity IDENTITY =
            new ServerIdentity("SIGNET", "WORKGROUP", "signet.example.test", "example.test");
    private static final List<ObjectId> NTLM_ONLY = List.of(ObjectId.NTLMSSP);
    private static final List<ObjectId> KERBEROS_FIRST =
            List.of(ObjectId.KERBEROS_MICROSOFT, ObjectId.KERBEROS, ObjectId.NTLMSSP);
    /** Stands in for an optimistic Kerberos AP-REQ; the server must ignore it. */
    private static final byte[] KERBEROS_TOKEN = HexFormat.of().parseHex("6003020100");

    private Authenticator authenticator =
            new Authenticator(new InMemoryUserDirectory(Map.of("alice", "Secret#1")), IDENTITY);

    private static NtlmTestClient alice() {
        return new NtlmTestClient("alice", "WORKGROUP", "Secret#1");
    }

    private static NegTokenResp resp(byte[] token) throws Exception {
        return (NegTokenResp) NegotiationToken.decode(token);
    }

    /** Runs an NTLM-first SPNEGO exchange; returns the final step. */
    private AuthStep spnego(NtlmTestClient client, boolean sendMechListMic) throws Exception {
        AuthExchange exchange = authenticator.newExchange();
        NegTokenInit init = NegTokenInit.of(NTLM_ONLY, client.negotiate(), null, null);
        AuthStep first = exchange.step(init.encode());
        assertEquals(Outcome.CONTINUE, first.outcome());
        byte[] auth = client.authenticate(resp(first.responseToken()).responseToken());
        byte[] mic = sendMechListMic ? client.mechListMic(init.mechTypesEncoding()) : null;
        return exchange.step(new NegTokenResp(null, null, auth, mic).encode());
    }

    private static void assertFailure(NtStatus expected, AuthStep step) {
        assertEquals(Outcome.FAILURE, step.outcome(), step.toString());
        assertEquals(expected, step.failure());
        assertNull(step.sessionKey());
        assertNull(step.user());
    }

    @Test
    void negotiateTokenIsTheNegTokenInit2OfMsSpng() throws Exception {
        // Without a keytab only NTLMSSP is offered; Kerberos is offered too when one is configured
        // (KerberosExchangeTest).
        String hint = HexFormat.of().formatHex(
                "not_defined_in_RFC4178@please_ignore".getBytes(StandardCharsets.US_ASCII));
        String expected = "604806062b0601050502" + "a03e" + "303c"
                + "a00e" + "300c" + "060a2b06010401823702020a"
                + "a32a" + "3028" + "a026" + "1b24" + hint;
        assertEquals(expected, HexFormat.of().formatHex(authenticator.negotiateToken()));

        NegTokenInit init = (NegTokenInit) NegotiationToken.decode(authenticator.negotiateToken());
        assertEquals(NTLM_ONLY, init.mechTypes());
        assertEquals("not_defined_in_RFC4178@please_ignore", init.hintName());
        assertNull(init.mechToken());
        assertNull(init.mechListMic());
    }

    @Test
    void spnegoWithNtlmFirstSucceedsWithTheClientsSessionKeyAndBothMechListMics() throws Exception {
        NtlmTestClient client = alice();
        AuthExchange exchange = authenticator.newExchange();
        NegTokenInit init = NegTokenInit.of(NTLM_ONLY, client.negotiate(), null, null);

        AuthStep first = exchange.step(init.encode());
        assertEquals(Outcome.CONTINUE, first.outcome());
        NegTokenResp challengeResp = resp(first.responseToken());
        assertEquals(NegState.ACCEPT_INCOMPLETE, challengeResp.negState());
        assertEquals(ObjectId.NTLMSSP, challengeResp.supportedMech());

        ChallengeMessage challenge = ChallengeMessage.decode(challengeResp.responseToken());
        assertEquals(0xE28A8215, challenge.flags(), "the flags Windows grants to the same request");
        assertEquals("SIGNET", challenge.targetName());
        assertEquals(List.of(AvPair.MSV_AV_NB_DOMAIN_NAME, AvPair.MSV_AV_NB_COMPUTER_NAME,
                        AvPair.MSV_AV_DNS_DOMAIN_NAME, AvPair.MSV_AV_DNS_COMPUTER_NAME, AvPair.MSV_AV_TIMESTAMP),
                challenge.targetInfo().stream().map(AvPair::id).collect(Collectors.toList()));
        assertEquals("WORKGROUP", new String(challenge.targetInfo().get(0).value(), StandardCharsets.UTF_16LE));
        assertNotNull(challenge.version());

        byte[] auth = client.authenticate(challengeResp.responseToken());
        AuthStep done = exchange.step(new NegTokenResp(null, null, auth,
                client.mechListMic(init.mechTypesEncoding())).encode());
        assertEquals(Outcome.SUCCESS, done.outcome(), done.toString());
        assertArrayEquals(client.exportedSessionKey(), done.sessionKey());
        assertEquals(new AuthenticatedUser("alice", "SIGNET", UserKind.USER), done.user());

        NegTokenResp last = resp(done.responseToken());
        assertEquals(NegState.ACCEPT_COMPLETED, last.negState());
        assertNull(last.responseToken());
        assertTrue(client.isValidServerMechListMic(init.mechTypesEncoding(), last.mechListMic()));
    }

    @Test
    void serverChallengesAreFreshForEveryExchange() throws Exception {
        byte[] a = resp(authenticator.newExchange().step(
                NegTokenInit.of(NTLM_ONLY, alice().negotiate(), null, null).encode()).responseToken()).responseToken();
        byte[] b = resp(authenticator.newExchange().step(
                NegTokenInit.of(NTLM_ONLY, alice().negotiate(), null, null).encode()).responseToken()).responseToken();
        assertFalse(java.util.Arrays.equals(ChallengeMessage.decode(a).serverChallenge(),
                ChallengeMessage.decode(b).serverChallenge()));
    }

    @Test
    void kerberosFirstWithOptimisticTokenIsSteeredToNtlm() throws Exception {
        NtlmTestClient client = alice();
        AuthExchange exchange = authenticator.newExchange();
        NegTokenInit init = NegTokenInit.of(KERBEROS_FIRST, KERBEROS_TOKEN, null, null);

        AuthStep first = exchange.step(init.encode());
        assertEquals(Outcome.CONTINUE, first.outcome());
        assertEquals("a1153013a0030a0101a10c060a2b06010401823702020a",
                HexFormat.of().formatHex(first.responseToken()),
                "accept-incomplete, supportedMech NTLMSSP, no responseToken");

        AuthStep second = exchange.step(new NegTokenResp(null, null, client.negotiate(), null).encode());
        assertEquals(Outcome.CONTINUE, second.outcome());
        NegTokenResp challengeResp = resp(second.responseToken());
        assertEquals(NegState.ACCEPT_INCOMPLETE, challengeResp.negState());
        assertNull(challengeResp.supportedMech(), "supportedMech is only in the first reply");

        byte[] auth = client.authenticate(challengeResp.responseToken());
        AuthStep done = exchange.step(new NegTokenResp(null, null, auth,
                client.mechListMic(init.mechTypesEncoding())).encode());
        assertEquals(Outcome.SUCCESS, done.outcome(), done.toString());
        assertArrayEquals(client.exportedSessionKey(), done.sessionKey());
        assertTrue(client.isValidServerMechListMic(init.mechTypesEncoding(), resp(done.responseToken()).mechListMic()));
    }

    /**
     * [RFC 4178] 5: NTLMSSP chosen below the client's first choice (Kerberos) is exactly what a downgrade looks like,
     * so the client's mechListMIC must prove the list; without it the logon is refused, whether or not the NTLM
     * message carried a MIC.
     */
    @Test
    void ntlmBelowKerberosWithoutAMechListMicIsRefused() throws Exception {
        for (boolean ntlmMic : new boolean[] {true, false}) {
            NtlmTestClient client = alice();
            client.sendMic = ntlmMic;
            AuthExchange exchange = authenticator.newExchange();
            exchange.step(NegTokenInit.of(KERBEROS_FIRST, KERBEROS_TOKEN, null, null).encode());
            AuthStep second = exchange.step(new NegTokenResp(null, null, client.negotiate(), null).encode());
            byte[] auth = client.authenticate(resp(second.responseToken()).responseToken());
            AuthStep done = exchange.step(new NegTokenResp(null, null, auth, null).encode());
            assertFailure(NtStatus.STATUS_LOGON_FAILURE, done);
            assertEquals("NTLM: no mechListMIC from user alice, although the client listed Kerberos "
                    + "(1.2.840.48018.1.2.2) first (a downgrade)", done.reason());
        }
    }

    @Test
    void mechListMicOverADifferentListIsRefused() throws Exception {
        // The server saw only NTLMSSP; the client signs the list it really sent (Kerberos first): a downgrade.
        NtlmTestClient client = alice();
        AuthExchange exchange = authenticator.newExchange();
        AuthStep first = exchange.step(NegTokenInit.of(NTLM_ONLY, client.negotiate(), null, null).encode());
        byte[] auth = client.authenticate(resp(first.responseToken()).responseToken());
        byte[] mic = client.mechListMic(NegTokenInit.of(KERBEROS_FIRST, null, null, null).mechTypesEncoding());
        assertFailure(NtStatus.STATUS_LOGON_FAILURE,
                exchange.step(new NegTokenResp(null, null, auth, mic).encode()));
    }

    @Test
    void corruptedMechListMicIsRefused() throws Exception {
        NtlmTestClient client = alice();
        AuthExchange exchange = authenticator.newExchange();
        NegTokenInit init = NegTokenInit.of(NTLM_ONLY, client.negotiate(), null, null);
        byte[] auth = client.authenticate(resp(exchange.step(init.encode()).responseToken()).responseToken());
        byte[] mic = client.mechListMic(init.mechTypesEncoding());
        mic[6] ^= 1;
        assertFailure(NtStatus.STATUS_LOGON_FAILURE, exchange.step(new NegTokenResp(null, null, auth, mic).encode()));
    }

    @Test
    void rawNtlmsspIsAnsweredRaw() throws Exception {
        NtlmTestClient client = alice();
        AuthExchange exchange = authenticator.newExchange();
        AuthStep first = exchange.step(client.negotiate());
        assertEquals(Outcome.CONTINUE, first.outcome());
        ChallengeMessage.decode(first.responseToken()); // raw CHALLENGE_MESSAGE, not SPNEGO
        AuthStep done = exchange.step(client.authenticate(first.responseToken()));
        assertEquals(Outcome.SUCCESS, done.outcome(), done.toString());
        assertNull(done.responseToken());
        assertArrayEquals(client.exportedSessionKey(), done.sessionKey());
    }

    @Test
    void rawExchangeContinuedInSpnegoIsRefused() throws Exception {
        NtlmTestClient client = alice();
        AuthExchange exchange = authenticator.newExchange();
        byte[] challenge = exchange.step(client.negotiate()).responseToken();
        byte[] auth = client.authenticate(challenge);
        assertFailure(NtStatus.STATUS_INVALID_PARAMETER,
                exchange.step(new NegTokenResp(null, null, auth, null).encode()));
    }

    @Test
    void emptyFirstBufferGetsTheNegotiateTokenThenTheExchangeProceeds() throws Exception {
        NtlmTestClient client = alice();
        AuthExchange exchange = authenticator.newExchange();
        AuthStep hint = exchange.step(new byte[0]);
        assertEquals(Outcome.CONTINUE, hint.outcome());
        assertArrayEquals(authenticator.negotiateToken(), hint.responseToken());

        NegTokenInit init = NegTokenInit.of(NTLM_ONLY, client.negotiate(), null, null);
        byte[] auth = client.authenticate(resp(exchange.step(init.encode()).responseToken()).responseToken());
        AuthStep done = exchange.step(new NegTokenResp(null, null, auth,
                client.mechListMic(init.mechTypesEncoding())).encode());
        assertEquals(Outcome.SUCCESS, done.outcome());
    }

    @Test
    void nullBufferCountsAsEmptyAndASecondEmptyBufferFails() {
        AuthExchange exchange = authenticator.newExchange();
        assertEquals(Outcome.CONTINUE, exchange.step(null).outcome());
        assertFailure(NtStatus.STATUS_INVALID_PARAMETER, exchange.step(new byte[0]));
    }

    @Test
    void emptyBufferInTheMiddleFails() throws Exception {
        AuthExchange exchange = authenticator.newExchange();
        exchange.step(NegTokenInit.of(NTLM_ONLY, alice().negotiate(), null, null).encode());
        assertFailure(NtStatus.STATUS_INVALID_PARAMETER, exchange.step(new byte[0]));
    }

    @Test
    void wrongPasswordFails() throws Exception {
        assertFailure(NtStatus.STATUS_LOGON_FAILURE,
                spnego(new NtlmTestClient("alice", "WORKGROUP", "Secret#2"), true));
    }

    @Test
    void unknownUserFails() throws Exception {
        AuthStep step = spnego(new NtlmTestClient("bob", "WORKGROUP", "Secret#1"), true);
        assertFailure(NtStatus.STATUS_LOGON_FAILURE, step);
        assertEquals("NTLM: unknown user bob", step.reason());
    }

    @Test
    void anUnknownUserLogsOnAsGuestOnlyWhenMappedToGuest() throws Exception {
        authenticator = new Authenticator(new InMemoryUserDirectory(Map.of("alice", "Secret#1")), IDENTITY, null,
                true);
        AuthStep bob = spnego(new NtlmTestClient("bob", "WORKGROUP", "anything"), true);
        assertEquals(Outcome.SUCCESS, bob.outcome(), bob.toString());
        assertEquals(UserKind.GUEST, bob.user().kind());
        assertNull(bob.sessionKey(), "a guest logon has no session key");

        // "bad user" only: a known user with a wrong password still fails.
        AuthStep wrong = spnego(new NtlmTestClient("alice", "WORKGROUP", "wrong"), true);
        assertFailure(NtStatus.STATUS_LOGON_FAILURE, wrong);
    }

    @Test
    void aRefusalReasonCannotForgeLogLines() throws Exception {
        AuthStep step = spnego(new NtlmTestClient("bob\n2024-01-01 INFO session established", "WORKGROUP", "x"),
                true);
        assertEquals("NTLM: unknown user bob?2024-01-01 INFO session established", step.reason());
        String longName = "m".repeat(2000);
        step = spnego(new NtlmTestClient(longName, "WORKGROUP", "x"), true);
        assertEquals(AuthStep.MAX_REASON_LENGTH + 3, step.reason().length(), "cut, with an ellipsis");
    }

    @Test
    void ntlmV1ResponseIsRefused() throws Exception {
        NtlmTestClient client = alice();
        client.ntlmV1 = true;
        client.sendMic = false;
        assertFailure(NtStatus.STATUS_LOGON_FAILURE, spnego(client, false));
    }

    @Test
    void badNtlmMicIsRefused() throws Exception {
        NtlmTestClient client = alice();
        client.corruptMic = true;
        assertFailure(NtStatus.STATUS_LOGON_FAILURE, spnego(client, true));
    }

    /**
     * [MS-NLMP] 2.2.2.1: MsvAvFlags is 32 bits. One of another length is malformed (Samba: STATUS_INVALID_PARAMETER);
     * ignoring it would let a client announce a MIC in a form the server skips, and so skip the MIC check.
     */
    @Test
    void msvAvFlagsOfTheWrongLengthIsAnInvalidParameter() throws Exception {
        for (int length : new int[] {0, 2, 5, 8}) {
            NtlmTestClient client = alice();
            client.avFlagsLength = length;
            assertFailure(NtStatus.STATUS_INVALID_PARAMETER, spnego(client, true));
            client = alice();
            client.avFlagsLength = length;
            client.corruptMic = true;
            assertFailure(NtStatus.STATUS_INVALID_PARAMETER, spnego(client, true));
        }
    }

    @Test
    void ntlmV2ResponseWithoutTheServersTimestampIsAnInvalidParameter() throws Exception {
        NtlmTestClient client = alice();
        client.omitTimestamp = true;
        AuthStep step = spnego(client, true);
        assertFailure(NtStatus.STATUS_INVALID_PARAMETER, step);
        assertTrue(step.reason().contains("MsvAvTimestamp"), step.reason());
    }

    @Test
    void userNamesMatchWithoutRegardToCase() throws Exception {
        AuthStep done = spnego(new NtlmTestClient("ALICE", "WORKGROUP", "Secret#1"), true);
        assertEquals(Outcome.SUCCESS, done.outcome(), done.toString());
        assertEquals("alice", done.user().name());
    }

    @Test
    void domainIsTriedAsSentUpperCasedAndEmpty() throws Exception {
        NtlmTestClient asSent = new NtlmTestClient("alice", "AnyDomain", "Secret#1");
        assertEquals(Outcome.SUCCESS, spnego(asSent, true).outcome());

        NtlmTestClient upper = new NtlmTestClient("alice", "workgroup", "Secret#1");
        upper.hashDomain = "WORKGROUP";
        assertEquals(Outcome.SUCCESS, spnego(upper, true).outcome());

        NtlmTestClient nil = new NtlmTestClient("alice", "WORKGROUP", "Secret#1");
        nil.hashDomain = "";
        assertEquals(Outcome.SUCCESS, spnego(nil, true).outcome());

        NtlmTestClient other = new NtlmTestClient("alice", "WORKGROUP", "Secret#1");
        other.hashDomain = "ELSEWHERE";
        assertFailure(NtStatus.STATUS_LOGON_FAILURE, spnego(other, true));
    }

    @Test
    void clientWithoutNtlmMicNeedNotSendAMechListMic() throws Exception {
        NtlmTestClient client = alice();
        client.sendMic = false;
        AuthStep done = spnego(client, false);
        assertEquals(Outcome.SUCCESS, done.outcome(), done.toString());
        assertArrayEquals(client.exportedSessionKey(), done.sessionKey());
        NegTokenResp last = resp(done.responseToken());
        assertEquals(NegState.ACCEPT_COMPLETED, last.negState());
        assertNull(last.mechListMic());
    }

    @Test
    void clientWithNtlmMicButNoMechListMicStillGetsTheServerMechListMic() throws Exception {
        NtlmTestClient client = alice();
        AuthStep done = spnego(client, false);
        assertEquals(Outcome.SUCCESS, done.outcome(), done.toString());
        assertNotNull(resp(done.responseToken()).mechListMic());
    }

    @Test
    void mechListMicWithoutNtlmMicIsStillVerified() throws Exception {
        NtlmTestClient client = alice();
        client.sendMic = false;
        AuthStep done = spnego(client, true);
        assertEquals(Outcome.SUCCESS, done.outcome(), done.toString());
        assertNotNull(resp(done.responseToken()).mechListMic());
    }

    @Test
    void mechListMicWithoutExtendedSessionSecurityIsRefused() throws Exception {
        NtlmTestClient client = alice();
        client.flags &= ~0x00080000; // no NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
        client.sendMic = false;
        AuthExchange exchange = authenticator.newExchange();
        NegTokenInit init = NegTokenInit.of(NTLM_ONLY, client.negotiate(), null, null);
        byte[] auth = client.authenticate(resp(exchange.step(init.encode()).responseToken()).responseToken());
        byte[] bogusMic = new byte[16];
        bogusMic[0] = 1;
        assertFailure(NtStatus.STATUS_LOGON_FAILURE,
                exchange.step(new NegTokenResp(null, null, auth, bogusMic).encode()));
    }

    @Test
    void anonymousSucceedsWithoutAKey() throws Exception {
        NtlmTestClient client = new NtlmTestClient("", "", "");
        client.anonymous = true;
        AuthStep done = spnego(client, false);
        assertEquals(Outcome.SUCCESS, done.outcome(), done.toString());
        assertEquals(UserKind.ANONYMOUS, done.user().kind());
        assertNull(done.sessionKey());
        assertNull(resp(done.responseToken()).mechListMic());
    }

    @Test
    void noNtlmsspOfferedIsRejected() throws Exception {
        AuthStep step = authenticator.newExchange().step(
                NegTokenInit.of(List.of(ObjectId.KERBEROS), KERBEROS_TOKEN, null, null).encode());
        assertEquals(Outcome.FAILURE, step.outcome());
        assertEquals(NtStatus.STATUS_LOGON_FAILURE, step.failure());
        assertEquals(NegState.REJECT, resp(step.responseToken()).negState());
    }

    @Test
    void negTokenRespAsFirstTokenFails() {
        assertFailure(NtStatus.STATUS_INVALID_PARAMETER, authenticator.newExchange().step(
                new NegTokenResp(NegState.ACCEPT_INCOMPLETE, ObjectId.NTLMSSP, null, null).encode()));
    }

    @Test
    void finishedExchangeRefusesFurtherSteps() throws Exception {
        NtlmTestClient client = alice();
        AuthExchange exchange = authenticator.newExchange();
        byte[] challenge = exchange.step(client.negotiate()).responseToken();
        byte[] auth = client.authenticate(challenge);
        assertEquals(Outcome.SUCCESS, exchange.step(auth).outcome());
        assertFailure(NtStatus.STATUS_INVALID_PARAMETER, exchange.step(auth));
    }
}

package io.signet.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.auth.AuthStep.Outcome;
import io.signet.auth.spnego.DerEncoder;
import io.signet.auth.spnego.NegTokenInit;
import io.signet.auth.spnego.NegTokenResp;
import io.signet.auth.spnego.NegotiationToken;
import io.signet.auth.spnego.ObjectId;
import io.signet.auth.testing.NtlmTestClient;
import io.signet.protocol.status.NtStatus;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile security buffers: every one must end in a FAILURE step, never an exception or a wrong key. */
class MalformedInputTest {
    private static final List<ObjectId> NTLM_ONLY = List.of(ObjectId.NTLMSSP);
    private final Authenticator authenticator = new Authenticator(
            new InMemoryUserDirectory(Map.of("alice", "Secret#1")),
            new ServerIdentity("SIGNET", "WORKGROUP", "", ""));

    private static void assertRefused(AuthStep step) {
        assertEquals(Outcome.FAILURE, step.outcome(), step.toString());
        assertTrue(step.failure() == NtStatus.STATUS_INVALID_PARAMETER
                || step.failure() == NtStatus.STATUS_LOGON_FAILURE, step.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "00", "ff", "60", "6000", "a0", "a100", "4e544c4d53535000", "4e544c4d5353500001000000",
        "60820000", "6084ffffffff", "6080", "a1843fffffff3000", "9f818000",
    })
    void garbageFirstTokenFails(String hex) {
        assertRefused(authenticator.newExchange().step(HexFormat.of().parseHex(hex)));
    }

    @Test
    void everyTruncationOfAValidFirstTokenFails() {
        byte[] init = NegTokenInit.of(NTLM_ONLY, new NtlmTestClient("alice", "W", "Secret#1").negotiate(), null,
                null).encode();
        for (int n = 1; n < init.length; n++) {
            assertRefused(authenticator.newExchange().step(Arrays.copyOf(init, n)));
        }
    }

    @Test
    void everyTruncationOfAValidAuthenticateFails() throws Exception {
        NtlmTestClient client = new NtlmTestClient("alice", "W", "Secret#1");
        byte[] negotiate = client.negotiate();
        AuthExchange probe = authenticator.newExchange();
        byte[] challenge = ((NegTokenResp) NegotiationToken.decode(
                probe.step(NegTokenInit.of(NTLM_ONLY, negotiate, null, null).encode()).responseToken()))
                .responseToken();
        byte[] token = new NegTokenResp(null, null, client.authenticate(challenge), null).encode();
        for (int n = 0; n < token.length; n += 7) {
            AuthExchange exchange = authenticator.newExchange();
            exchange.step(NegTokenInit.of(NTLM_ONLY, negotiate, null, null).encode());
            AuthStep step = exchange.step(Arrays.copyOf(token, n));
            assertRefused(step);
        }
    }

    @Test
    void deeplyNestedDerFails() {
        byte[] nested = ObjectId.NTLMSSP.encode();
        for (int i = 0; i < 5000; i++) {
            nested = DerEncoder.element(i % 2 == 0 ? DerEncoder.SEQUENCE : DerEncoder.context(0), nested);
        }
        byte[] token = DerEncoder.element(DerEncoder.APPLICATION_0, ObjectId.SPNEGO.encode(),
                DerEncoder.element(DerEncoder.context(0), nested));
        assertRefused(authenticator.newExchange().step(token));
        assertRefused(authenticator.newExchange().step(DerEncoder.element(DerEncoder.context(1), nested)));
    }

    @Test
    void ntlmFieldsPointingPastTheBufferFail() throws Exception {
        for (int descriptor = 12; descriptor <= 52; descriptor += 8) {
            NtlmTestClient client = new NtlmTestClient("alice", "W", "Secret#1");
            AuthExchange exchange = authenticator.newExchange();
            byte[] challenge = exchange.step(client.negotiate()).responseToken();
            byte[] auth = client.authenticate(challenge);
            auth[descriptor + 4] = (byte) 0xF0; // offset far past the end
            auth[descriptor + 7] = (byte) 0x7F;
            assertRefused(exchange.step(auth));
        }
    }

    @Test
    void negotiateTooShortFails() {
        assertRefused(authenticator.newExchange().step(HexFormat.of().parseHex("4e544c4d535350000100000097")));
    }

    /** Random byte flips in each leg of a valid exchange: failure, or success with the right key, nothing else. */
    @Test
    void mutatedExchangesNeverThrowNorYieldAWrongKey() throws Exception {
        Random random = new Random(20240601);
        int successes = 0;
        for (int round = 0; round < 1500; round++) {
            NtlmTestClient client = new NtlmTestClient("alice", "W", "Secret#1");
            NegTokenInit init = NegTokenInit.of(NTLM_ONLY, client.negotiate(), null, null);
            AuthExchange exchange = authenticator.newExchange();
            int leg = round % 2;
            byte[] first = init.encode();
            if (leg == 0) {
                mutate(first, random);
            }
            AuthStep step = exchange.step(first);
            if (step.outcome() != Outcome.CONTINUE) {
                assertRefused(step);
                continue;
            }
            NegTokenResp challenge = (NegTokenResp) NegotiationToken.decode(step.responseToken());
            if (challenge.responseToken() == null) {
                continue; // the mutation demoted NTLMSSP: a legitimate accept-incomplete without a challenge
            }
            byte[] second = new NegTokenResp(null, null, client.authenticate(challenge.responseToken()),
                    client.mechListMic(init.mechTypesEncoding())).encode();
            if (leg == 1) {
                mutate(second, random);
            }
            AuthStep done = exchange.step(second);
            if (done.outcome() == Outcome.SUCCESS) {
                successes++;
                assertArrayEquals(client.exportedSessionKey(), done.sessionKey());
            } else {
                assertRefused(done);
            }
        }
        assertTrue(successes < 1500, "mutations must break some exchanges");
    }

    private static void mutate(byte[] token, Random random) {
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips; i++) {
            token[random.nextInt(token.length)] ^= (byte) (1 << random.nextInt(8));
        }
    }
}

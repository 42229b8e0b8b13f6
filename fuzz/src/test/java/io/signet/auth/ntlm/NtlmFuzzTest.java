package io.signet.auth.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.signet.auth.InMemoryUserDirectory;
import io.signet.auth.ServerIdentity;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * NTLMSSP as the server reads it ([MS-NLMP] 2.2.1): NEGOTIATE_MESSAGE, AUTHENTICATE_MESSAGE with its NTLMv2
 * response and the AV pairs in it (2.2.2.1), through the acceptor a SESSION_SETUP uses. The input holds a NEGOTIATE
 * and an AUTHENTICATE message. {@code acceptNegotiate} may throw {@link NtlmFormatException}; {@code
 * acceptAuthenticate} never throws and never authenticates a made-up message; the AUTHENTICATE and AV-pair decoders
 * may throw {@link NtlmFormatException}, and what they return must encode and decode to the same fields.
 */
class NtlmFuzzTest {
    private static final ServerIdentity IDENTITY = new ServerIdentity("SIGNET", "WORKGROUP", "signet", "");
    private static final InMemoryUserDirectory USERS = new InMemoryUserDirectory(Map.of("alice", "secret"));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    @FuzzTest
    void ntlmMessages(FuzzedDataProvider data) throws NtlmFormatException {
        byte[] negotiate = data.consumeBytes(data.consumeInt(0, 256));
        byte[] authenticate = data.consumeRemainingAsBytes();
        decodeAuthenticate(authenticate);

        NtlmAcceptor acceptor = new NtlmAcceptor(USERS, IDENTITY, new SecureRandom(), CLOCK);
        try {
            acceptor.acceptNegotiate(negotiate);
        } catch (NtlmFormatException expected) {
            return;
        }
        NtlmResult result = acceptor.acceptAuthenticate(authenticate);
        // The server challenge is random: no fixed input can answer it, except an anonymous logon.
        if (result instanceof NtlmResult.Authenticated a) {
            assertFalse(a.credentials() != null && !a.anonymous(), "authenticated a fuzzed message: " + a);
        }
    }

    private static void decodeAuthenticate(byte[] authenticate) throws NtlmFormatException {
        AuthenticateMessage first;
        try {
            first = AuthenticateMessage.decode(authenticate);
        } catch (NtlmFormatException expected) {
            return;
        }
        AuthenticateMessage again = AuthenticateMessage.decode(first.encode());
        assertEquals(first.flags(), again.flags());
        assertArrayEquals(first.ntChallengeResponse(), again.ntChallengeResponse());
        assertArrayEquals(first.lmChallengeResponse(), again.lmChallengeResponse());
        byte[] nt = first.ntChallengeResponse();
        // [MS-NLMP] 2.2.2.7: the NTLMv2 client challenge carries its AV pairs from byte 28 of the blob after NTProofStr.
        if (nt != null && nt.length > 16 + 28) {
            try {
                var pairs = AvPair.decodeList(nt, 16 + 28, nt.length - 16 - 28);
                byte[] encoded = AvPair.encodeList(pairs);
                assertEquals(pairs, AvPair.decodeList(encoded, 0, encoded.length));
            } catch (NtlmFormatException expected) {
                // the documented refusal
            }
        }
    }
}

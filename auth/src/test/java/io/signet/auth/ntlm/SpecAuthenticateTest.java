package io.signet.auth.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.signet.auth.InMemoryUserDirectory;
import io.signet.auth.testing.Vectors;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The [MS-NLMP] 4.2.4.3 CHALLENGE and AUTHENTICATE messages (no MIC) through the server's checks. */
class SpecAuthenticateTest {
    private static final Vectors SPEC = Vectors.load("02_msnlmp_4.2.4_ntlmv2.txt");

    @Test
    void messagesRoundTrip() throws NtlmFormatException {
        ChallengeMessage challenge = ChallengeMessage.decode(SPEC.hex("ChallengeMessage"));
        assertEquals("Server", challenge.targetName());
        assertArrayEquals(SPEC.hex("ServerChallenge"), challenge.serverChallenge());
        assertArrayEquals(SPEC.hex("TargetInfo"), AvPair.encodeList(challenge.targetInfo()));
        assertArrayEquals(SPEC.hex("ChallengeMessage"), challenge.encode());

        AuthenticateMessage auth = AuthenticateMessage.decode(SPEC.hex("AuthenticateMessage"));
        assertEquals("User", auth.userName());
        assertEquals("Domain", auth.domainName());
        assertEquals("COMPUTER", auth.workstation());
        assertArrayEquals(SPEC.hex("LMv2Response"), auth.lmChallengeResponse());
        assertNull(auth.mic(), "the 4.2.4.3 message has a Version but no MIC");
        assertArrayEquals(SPEC.hex("AuthenticateMessage"), auth.encode());
    }

    @Test
    void serverAcceptsTheSpecExampleAndExportsTheRandomSessionKey() {
        NtlmResult result = NtlmAuthenticateVerifier.verify(
                new InMemoryUserDirectory(Map.of(SPEC.text("User"), SPEC.text("Passwd"))),
                new byte[0], SPEC.hex("ChallengeMessage"), SPEC.hex("AuthenticateMessage"));
        NtlmResult.Authenticated ok = assertInstanceOf(NtlmResult.Authenticated.class, result);
        assertFalse(ok.micPresent());
        assertArrayEquals(SPEC.hex("RandomSessionKey"), ok.exportedSessionKey());
    }
}

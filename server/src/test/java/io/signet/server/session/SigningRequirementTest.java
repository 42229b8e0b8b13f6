package io.signet.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.signet.auth.UserKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole truth table of Session.SigningRequired ([MS-SMB2] 3.3.5.5.3): any of the three reasons makes a user
 * session sign; guest and anonymous sessions never do, whatever is asked, because they have no session key.
 */
class SigningRequirementTest {

    @ParameterizedTest(name = "server={0} negotiated={1} client={2} {3} -> {4}")
    @CsvSource({
            // server, negotiated, client, kind,    required
            "false, false, false, USER,      false",
            "false, false, true,  USER,      true",
            "false, true,  false, USER,      true",
            "false, true,  true,  USER,      true",
            "true,  false, false, USER,      true",
            "true,  false, true,  USER,      true",
            "true,  true,  false, USER,      true",
            "true,  true,  true,  USER,      true",
            "false, false, false, GUEST,     false",
            "false, false, true,  GUEST,     false",
            "false, true,  false, GUEST,     false",
            "false, true,  true,  GUEST,     false",
            "true,  false, false, GUEST,     false",
            "true,  false, true,  GUEST,     false",
            "true,  true,  false, GUEST,     false",
            "true,  true,  true,  GUEST,     false",
            "false, false, false, ANONYMOUS, false",
            "false, false, true,  ANONYMOUS, false",
            "false, true,  false, ANONYMOUS, false",
            "false, true,  true,  ANONYMOUS, false",
            "true,  false, false, ANONYMOUS, false",
            "true,  false, true,  ANONYMOUS, false",
            "true,  true,  false, ANONYMOUS, false",
            "true,  true,  true,  ANONYMOUS, false",
    })
    void signingRequired(boolean server, boolean negotiated, boolean client, UserKind kind, boolean expected) {
        assertEquals(expected, SigningRequirement.isRequired(server, negotiated, client, kind));
    }
}

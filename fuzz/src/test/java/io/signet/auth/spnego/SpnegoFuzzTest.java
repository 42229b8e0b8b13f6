package io.signet.auth.spnego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The SESSION_SETUP security buffer as SPNEGO ([RFC 4178] 4.2, [MS-SPNG]): the GSS-API InitialContextToken wrapper,
 * NegTokenInit (mechTypes, mechToken, negHints, mechListMIC) and NegTokenResp. The decoder may return or throw
 * {@link DerFormatException}. A decoded token, encoded again, must decode to the same fields.
 */
class SpnegoFuzzTest {
    @FuzzTest
    void negotiationToken(byte[] token) throws DerFormatException {
        NegotiationToken first;
        try {
            first = NegotiationToken.decode(token);
        } catch (DerFormatException expected) {
            return;
        }
        if (first instanceof NegTokenInit init) {
            NegTokenInit again = (NegTokenInit) NegotiationToken.decode(init.encode());
            assertEquals(init.mechTypes(), again.mechTypes());
            assertArrayEquals(init.mechToken(), again.mechToken());
            assertArrayEquals(init.mechListMic(), again.mechListMic());
        } else {
            NegTokenResp resp = (NegTokenResp) first;
            NegTokenResp again = (NegTokenResp) NegotiationToken.decode(resp.encode());
            assertEquals(resp.negState(), again.negState());
            assertEquals(resp.supportedMech(), again.supportedMech());
            assertArrayEquals(resp.responseToken(), again.responseToken());
            assertArrayEquals(resp.mechListMic(), again.mechListMic());
        }
    }
}

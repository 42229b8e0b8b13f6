package io.signet.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogonRefusalsTest {
    @Test
    void eachReasonIsReportedOncePerConnection() {
        LogonRefusals connection = new LogonRefusals();
        assertTrue(connection.report("NTLM: unknown user bob"));
        assertFalse(connection.report("NTLM: unknown user bob"), "the same refusal again");
        assertTrue(connection.report("NTLM: wrong password for user alice (domain W)"), "another reason");
        assertTrue(new LogonRefusals().report("NTLM: unknown user bob"), "another connection");
    }

    @Test
    void aConnectionReportsAtMostAFewReasons() {
        LogonRefusals connection = new LogonRefusals();
        for (int i = 0; i < LogonRefusals.MAX_REPORTED; i++) {
            assertTrue(connection.report("NTLM: unknown user u" + i));
        }
        assertFalse(connection.report("NTLM: unknown user one-more"));
        assertFalse(connection.report("NTLM: unknown user u0"));
    }
}

package io.signet.interop.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.server.SignetServer;
import io.signet.server.probe.Credentials;
import io.signet.server.probe.ProbeReport;
import io.signet.server.probe.ProbeReport.DialectResult;
import io.signet.server.probe.ProbeReport.Verdict;
import io.signet.server.probe.ProbeTarget;
import io.signet.server.probe.ReportJson;
import io.signet.server.probe.ReportText;
import io.signet.server.probe.SignetProbe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet probe} against Signet itself, whose signing is mandatory: every dialect it accepts says signing
 * required, anonymous and guest logons are refused, and after a good logon an unsigned and a wrongly signed request
 * are refused while a correctly signed one is served.
 */
class SignetProbeInteropTest {
    @TempDir
    static Path share;
    @TempDir
    static Path local;

    private static SignetServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = SignetServer.builder().share("data", share).user("alice", "secret")
                .port(0).bindAddress("127.0.0.1").stateDir(local.resolve("state")).start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static ProbeReport probe(Credentials credentials) throws IOException {
        ProbeTarget target = new ProbeTarget("127.0.0.1", server.port(), ProbeTarget.DEFAULT_TIMEOUT);
        ProbeReport report = new SignetProbe(target).run(credentials);
        // The report as the command prints it, kept in the test's output for the record.
        System.out.println(ReportText.format(report));
        System.out.println(ReportJson.format(report));
        return report;
    }

    @Test
    void signingIsRequiredAndEnforced() throws IOException {
        ProbeReport report = probe(new Credentials("alice", "", "secret"));

        List<String> accepted = report.dialects().stream().filter(DialectResult::accepted)
                .map(DialectResult::dialect).toList();
        assertEquals(List.of("2.0.2", "2.1", "3.0", "3.0.2", "3.1.1"), accepted, report.dialects().toString());
        for (DialectResult d : report.dialects()) {
            assertTrue(d.signingEnabled() && d.signingRequired(), "signing required at " + d);
        }

        assertNotNull(report.smb311());
        assertEquals(List.of("HMAC-SHA256", "AES-CMAC", "AES-GMAC"), report.smb311().signingSupported());
        assertEquals("AES-GMAC", report.smb311().signingChosen(), "offered first and supported");
        assertEquals(List.of("AES-128-CCM", "AES-128-GCM", "AES-256-CCM", "AES-256-GCM"),
                report.smb311().ciphersSupported());
        assertEquals(List.of(), report.smb311().compression(), "Signet does not compress");

        assertFalse(report.anonymous().accepted(), report.anonymous().toString());
        assertEquals("STATUS_ACCESS_DENIED", report.anonymous().status());
        assertFalse(report.guest().accepted(), report.guest().toString());
        assertEquals("STATUS_LOGON_FAILURE", report.guest().status());

        assertEquals(accepted, report.enforcement().stream().map(ProbeReport.Enforcement::dialect).toList());
        for (ProbeReport.Enforcement e : report.enforcement()) {
            assertEquals(Verdict.ACCEPTED, e.signed().verdict(), e.toString());
            assertEquals(Verdict.REFUSED, e.unsigned().verdict(), e.toString());
            assertEquals("STATUS_ACCESS_DENIED", e.unsigned().answer(), e.toString());
            assertEquals(Verdict.REFUSED, e.badSignature().verdict(), e.toString());
            assertTrue(e.enforced());
        }
        assertEquals("AES-GMAC", report.enforcement().get(4).signingAlgorithm());
        assertEquals("HMAC-SHA256", report.enforcement().get(0).signingAlgorithm());
        assertTrue(report.signingEnforced());
    }

    @Test
    void aWrongPasswordIsReportedAsAFailedLogon() throws IOException {
        ProbeReport report = probe(new Credentials("alice", "", "not-the-password"));

        assertEquals(5, report.enforcement().size());
        for (ProbeReport.Enforcement e : report.enforcement()) {
            assertEquals("STATUS_LOGON_FAILURE", e.logon());
            assertEquals(null, e.signed());
            assertFalse(e.enforced(), "nothing was tested, so nothing is claimed");
        }
        assertFalse(report.signingEnforced());
    }
}

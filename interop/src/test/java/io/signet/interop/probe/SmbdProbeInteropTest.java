package io.signet.interop.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.interop.support.Smbd;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet probe} against Samba's smbd, started by the test on a free loopback port with a private smb.conf: once
 * with {@code server signing = mandatory}, once with {@code server signing = auto}. The probe must tell the two apart.
 */
class SmbdProbeInteropTest {
    private static final String USER = "signetprobe";
    private static final String PASSWORD = "Probe-Secret-1";

    @TempDir
    Path dir;

    private ProbeReport probe(Smbd smbd) throws IOException {
        ProbeTarget target = new ProbeTarget("127.0.0.1", smbd.port(), ProbeTarget.DEFAULT_TIMEOUT);
        ProbeReport report = new SignetProbe(target).run(new Credentials(USER, "", PASSWORD));
        System.out.println(ReportText.format(report));
        System.out.println(ReportJson.format(report));
        return report;
    }

    @Test
    void mandatorySigningIsRequiredAndEnforced() throws IOException {
        try (Smbd smbd = Smbd.start(dir, "mandatory", USER, PASSWORD)) {
            ProbeReport report = probe(smbd);

            for (DialectResult d : report.dialects()) {
                assertTrue(d.accepted(), d + "\n" + smbd.output());
                assertTrue(d.signingEnabled() && d.signingRequired(), "signing required at " + d);
            }
            for (ProbeReport.Enforcement e : report.enforcement()) {
                assertEquals(Verdict.ACCEPTED, e.signed().verdict(), e + "\n" + smbd.output());
                assertEquals(Verdict.REFUSED, e.unsigned().verdict(), e.toString());
                assertEquals(Verdict.REFUSED, e.badSignature().verdict(), e.toString());
            }
            assertTrue(report.signingEnforced());
            assertFalse(report.guest().accepted(), "smbd maps no unknown user to guest by default: " + report.guest());
            // smbd lets an anonymous logon in even with mandatory signing, and flags it neither IS_GUEST nor IS_NULL.
            assertTrue(report.anonymous().accepted(), report.anonymous().toString());
            assertEquals(List.of("HMAC-SHA256", "AES-CMAC", "AES-GMAC"), report.smb311().signingSupported());
        }
    }

    @Test
    void autoSigningIsOfferedButNotRequired() throws IOException {
        try (Smbd smbd = Smbd.start(dir, "auto", USER, PASSWORD)) {
            ProbeReport report = probe(smbd);

            for (DialectResult d : report.dialects()) {
                assertTrue(d.accepted(), d + "\n" + smbd.output());
                assertTrue(d.signingEnabled(), "signing enabled at " + d);
                assertFalse(d.signingRequired(), "signing not required at " + d);
            }
            // Observed with smbd 4.17: "auto" serves an unsigned request on a session whose client did not require
            // signing up to 3.0.2, but an authenticated 3.1.1 session always requires it. A wrong signature is
            // refused at every dialect.
            for (ProbeReport.Enforcement e : report.enforcement()) {
                assertEquals(Verdict.ACCEPTED, e.signed().verdict(), e + "\n" + smbd.output());
                assertEquals(e.dialect().equals("3.1.1") ? Verdict.REFUSED : Verdict.ACCEPTED,
                        e.unsigned().verdict(), e.toString());
                assertEquals(Verdict.REFUSED, e.badSignature().verdict(), e.toString());
            }
            assertEquals(List.of("2.0.2", "2.1", "3.0", "3.0.2"), report.enforcement().stream()
                    .filter(e -> !e.enforced()).map(ProbeReport.Enforcement::dialect).toList());
            assertFalse(report.signingEnforced());
        }
    }
}

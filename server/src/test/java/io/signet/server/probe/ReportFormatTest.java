package io.signet.server.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.server.probe.ProbeReport.Attempt;
import io.signet.server.probe.ProbeReport.DialectResult;
import io.signet.server.probe.ProbeReport.Enforcement;
import io.signet.server.probe.ProbeReport.LogonResult;
import io.signet.server.probe.ProbeReport.Smb311Algorithms;
import io.signet.server.probe.ProbeReport.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text and JSON forms of a report, built by hand so that every field is known. */
class ReportFormatTest {
    private static final Attempt OK = new Attempt(Verdict.ACCEPTED, "STATUS_SUCCESS");
    private static final Attempt DENIED = new Attempt(Verdict.REFUSED, "STATUS_ACCESS_DENIED");

    private static ProbeReport report(List<Enforcement> enforcement) {
        return new ProbeReport("server:445",
                List.of(new DialectResult("2.0.2", false, "connection \"closed\"\n", false, false),
                        new DialectResult("3.0.2", true, null, true, false),
                        new DialectResult("3.1.1", true, null, true, true)),
                new Smb311Algorithms("AES-GMAC", List.of("AES-CMAC", "AES-GMAC"), "AES-128-GCM",
                        List.of("AES-128-GCM"), List.of()),
                new LogonResult("3.1.1", true, "STATUS_SUCCESS", false, true),
                new LogonResult("3.1.1", false, "STATUS_LOGON_FAILURE", false, false),
                enforcement);
    }

    private static final List<Enforcement> MIXED = List.of(
            new Enforcement("3.0.2", "AES-CMAC", "bob", "STATUS_SUCCESS", OK, OK, DENIED),
            new Enforcement("3.1.1", "AES-GMAC", "bob", "STATUS_SUCCESS", OK, DENIED,
                    new Attempt(Verdict.REFUSED, "connection closed by the server")));

    @Test
    void jsonHasEveryFieldAndEscapesStrings() {
        assertEquals("{\"target\":\"server:445\",\"dialects\":["
                + "{\"dialect\":\"2.0.2\",\"accepted\":false,\"refusal\":\"connection \\\"closed\\\"\\n\"},"
                + "{\"dialect\":\"3.0.2\",\"accepted\":true,\"signingEnabled\":true,\"signingRequired\":false},"
                + "{\"dialect\":\"3.1.1\",\"accepted\":true,\"signingEnabled\":true,\"signingRequired\":true}],"
                + "\"smb311\":{\"signingChosen\":\"AES-GMAC\",\"signingSupported\":[\"AES-CMAC\",\"AES-GMAC\"],"
                + "\"cipherChosen\":\"AES-128-GCM\",\"ciphersSupported\":[\"AES-128-GCM\"],\"compression\":[]},"
                + "\"anonymous\":{\"dialect\":\"3.1.1\",\"accepted\":true,\"status\":\"STATUS_SUCCESS\","
                + "\"isGuest\":false,\"isNull\":true},"
                + "\"guest\":{\"dialect\":\"3.1.1\",\"accepted\":false,\"status\":\"STATUS_LOGON_FAILURE\","
                + "\"isGuest\":false,\"isNull\":false},"
                + "\"enforcement\":[{\"user\":\"bob\",\"dialect\":\"3.0.2\",\"signingAlgorithm\":\"AES-CMAC\","
                + "\"logon\":\"STATUS_SUCCESS\",\"signed\":{\"verdict\":\"ACCEPTED\",\"answer\":\"STATUS_SUCCESS\"},"
                + "\"unsigned\":{\"verdict\":\"ACCEPTED\",\"answer\":\"STATUS_SUCCESS\"},"
                + "\"badSignature\":{\"verdict\":\"REFUSED\",\"answer\":\"STATUS_ACCESS_DENIED\"},\"enforced\":false},"
                + "{\"user\":\"bob\",\"dialect\":\"3.1.1\",\"signingAlgorithm\":\"AES-GMAC\","
                + "\"logon\":\"STATUS_SUCCESS\",\"signed\":{\"verdict\":\"ACCEPTED\",\"answer\":\"STATUS_SUCCESS\"},"
                + "\"unsigned\":{\"verdict\":\"REFUSED\",\"answer\":\"STATUS_ACCESS_DENIED\"},"
                + "\"badSignature\":{\"verdict\":\"REFUSED\",\"answer\":\"connection closed by the server\"},"
                + "\"enforced\":true}],\"signingEnforced\":false}\n",
                ReportJson.format(report(MIXED)));
    }

    @Test
    void jsonWithoutCredentialsHasNullEnforcement() {
        String json = ReportJson.format(report(null));
        assertTrue(json.endsWith("\"enforcement\":null,\"signingEnforced\":false}\n"), json);
    }

    @Test
    void textNamesTheDialectsWhereSigningIsNotEnforced() {
        String text = ReportText.format(report(MIXED));
        assertTrue(text.contains("  2.0.2  refused (connection \"closed\"\n"), text);
        assertTrue(text.contains("  3.0.2  accepted, signing enabled, not required\n"), text);
        assertTrue(text.contains("  3.1.1  accepted, signing required\n"), text);
        assertTrue(text.contains("  anonymous: ACCEPTED (SessionFlags: IS_NULL)\n"), text);
        assertTrue(text.contains("  guest:     refused (STATUS_LOGON_FAILURE)\n"), text);
        assertTrue(text.contains("  3.0.2  AES-CMAC, as bob: NOT enforced\n"
                + "         signed request:          accepted (STATUS_SUCCESS)\n"
                + "         unsigned request:        accepted (STATUS_SUCCESS)\n"), text);
        assertTrue(text.contains("  => signing is NOT enforced (at 3.0.2)\n"), text);
    }

    @Test
    void enforcedOnlyWhenEveryDialectRefusesBoth() {
        assertTrue(report(List.of(MIXED.get(1))).signingEnforced());
        assertFalse(report(MIXED).signingEnforced());
        assertFalse(report(List.of()).signingEnforced(), "no dialect tested, nothing claimed");
        assertFalse(new Enforcement("3.1.1", null, "bob", "STATUS_LOGON_FAILURE", null, null, null).enforced());
        assertTrue(ReportText.format(report(List.of(MIXED.get(1)))).contains("ENFORCED at every dialect"));
    }
}

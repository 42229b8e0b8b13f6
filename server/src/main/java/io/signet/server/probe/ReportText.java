package io.signet.server.probe;

import io.signet.server.probe.ProbeReport.Attempt;
import io.signet.server.probe.ProbeReport.DialectResult;
import io.signet.server.probe.ProbeReport.Enforcement;
import io.signet.server.probe.ProbeReport.LogonResult;
import io.signet.server.probe.ProbeReport.Smb311Algorithms;

/** The human-readable form of a {@link ProbeReport}. */
public final class ReportText {
    private ReportText() {
    }

    public static String format(ProbeReport report) {
        StringBuilder out = new StringBuilder();
        out.append("SMB signing audit of ").append(report.target()).append('\n');
        out.append("\nDialects (each offered alone):\n");
        for (DialectResult d : report.dialects()) {
            out.append(String.format("  %-6s ", d.dialect()));
            if (!d.accepted()) {
                out.append("refused (").append(d.refusal()).append(")\n");
            } else {
                out.append("accepted, signing ").append(d.signingRequired() ? "required"
                        : d.signingEnabled() ? "enabled, not required" : "not enabled").append('\n');
            }
        }
        Smb311Algorithms a = report.smb311();
        if (a != null) {
            out.append("\nSMB 3.1.1 negotiate contexts:\n");
            out.append("  signing:     chose ").append(a.signingChosen()).append(" of all; supported alone: ")
                    .append(list(a.signingSupported())).append('\n');
            out.append("  encryption:  chose ").append(a.cipherChosen()).append(" of all; supported alone: ")
                    .append(list(a.ciphersSupported())).append('\n');
            out.append("  compression: ").append(list(a.compression())).append('\n');
        }
        if (report.anonymous() != null) {
            out.append("\nLogons:\n");
            out.append("  anonymous: ").append(logon(report.anonymous())).append('\n');
            out.append("  guest:     ").append(logon(report.guest())).append('\n');
        }
        Enforcement e = report.enforcement();
        if (e != null) {
            out.append("\nSigning enforcement (as ").append(e.user()).append(", dialect ").append(e.dialect());
            out.append(e.signingAlgorithm() == null ? "" : ", " + e.signingAlgorithm()).append("):\n");
            if (e.signed() == null) {
                out.append("  logon failed: ").append(e.logon()).append('\n');
            } else {
                out.append("  signed request:          ").append(attempt(e.signed())).append('\n');
                out.append("  unsigned request:        ").append(attempt(e.unsigned())).append('\n');
                out.append("  wrongly signed request:  ").append(attempt(e.badSignature())).append('\n');
                out.append("  => signing is ").append(e.enforced() ? "ENFORCED" : "NOT enforced").append('\n');
            }
        }
        return out.toString();
    }

    private static String logon(LogonResult r) {
        if (!r.accepted()) {
            return "refused (" + r.status() + ")";
        }
        String flags = r.guest() ? " as guest (IS_GUEST)" : r.nullSession() ? " as null session (IS_NULL)" : "";
        return "ACCEPTED" + flags;
    }

    private static String attempt(Attempt a) {
        return a.verdict().name().toLowerCase(java.util.Locale.ROOT) + " (" + a.answer() + ")";
    }

    private static String list(java.util.List<String> items) {
        return items.isEmpty() ? "none" : String.join(", ", items);
    }
}

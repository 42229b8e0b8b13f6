package io.signet.server.probe;

import io.signet.server.probe.ProbeReport.Attempt;
import io.signet.server.probe.ProbeReport.DialectResult;
import io.signet.server.probe.ProbeReport.Enforcement;
import io.signet.server.probe.ProbeReport.LogonResult;
import io.signet.server.probe.ProbeReport.Smb311Algorithms;
import java.util.List;
import java.util.Locale;

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
        if (report.enforcement() != null) {
            out.append("\nSigning enforcement after an NTLMv2 logon (TREE_CONNECT to IPC$):\n");
            for (Enforcement e : report.enforcement()) {
                enforcement(out, e);
            }
            out.append("  => signing is ").append(report.signingEnforced() ? "ENFORCED at every dialect"
                    : "NOT enforced" + notEnforced(report)).append('\n');
        }
        return out.toString();
    }

    private static void enforcement(StringBuilder out, Enforcement e) {
        out.append(String.format("  %-6s ", e.dialect()));
        if (e.signed() == null) {
            out.append("logon as ").append(e.user()).append(" failed: ").append(e.logon()).append('\n');
            return;
        }
        out.append(e.signingAlgorithm()).append(", as ").append(e.user()).append(": ")
                .append(e.enforced() ? "enforced" : "NOT enforced").append('\n');
        out.append("         signed request:          ").append(attempt(e.signed())).append('\n');
        out.append("         unsigned request:        ").append(attempt(e.unsigned())).append('\n');
        out.append("         wrongly signed request:  ").append(attempt(e.badSignature())).append('\n');
    }

    private static String notEnforced(ProbeReport report) {
        List<String> at = report.enforcement().stream().filter(e -> !e.enforced()).map(Enforcement::dialect)
                .toList();
        return at.isEmpty() ? "" : " (at " + String.join(", ", at) + ")";
    }

    private static String logon(LogonResult r) {
        if (!r.accepted()) {
            return "refused (" + r.status() + ")";
        }
        String flags = r.guest() && r.nullSession() ? "IS_GUEST, IS_NULL" : r.guest() ? "IS_GUEST"
                : r.nullSession() ? "IS_NULL" : "none";
        return "ACCEPTED (SessionFlags: " + flags + ")";
    }

    private static String attempt(Attempt a) {
        return a.verdict().name().toLowerCase(Locale.ROOT) + " (" + a.answer() + ")";
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "none" : String.join(", ", items);
    }
}

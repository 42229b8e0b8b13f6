package io.signet.server.probe;

import io.signet.server.probe.ProbeReport.Attempt;
import io.signet.server.probe.ProbeReport.DialectResult;
import io.signet.server.probe.ProbeReport.Enforcement;
import io.signet.server.probe.ProbeReport.LogonResult;
import io.signet.server.probe.ProbeReport.Smb311Algorithms;
import io.signet.server.json.JsonText;
import java.util.List;

/** The machine-readable form of a {@link ProbeReport}: one JSON object (RFC 8259), written by hand. */
public final class ReportJson {
    private final StringBuilder out = new StringBuilder();

    private ReportJson() {
    }

    public static String format(ProbeReport report) {
        ReportJson json = new ReportJson();
        json.report(report);
        return json.out.append('\n').toString();
    }

    private void report(ProbeReport r) {
        out.append('{');
        name("target").string(r.target()).comma();
        name("dialects");
        out.append('[');
        for (int i = 0; i < r.dialects().size(); i++) {
            DialectResult d = r.dialects().get(i);
            if (i > 0) {
                comma();
            }
            out.append('{');
            name("dialect").string(d.dialect()).comma();
            name("accepted").bool(d.accepted()).comma();
            if (d.accepted()) {
                name("signingEnabled").bool(d.signingEnabled()).comma();
                name("signingRequired").bool(d.signingRequired());
            } else {
                name("refusal").string(d.refusal());
            }
            out.append('}');
        }
        out.append(']');
        comma().name("smb311").smb311(r.smb311());
        comma().name("anonymous").logon(r.anonymous());
        comma().name("guest").logon(r.guest());
        comma().name("enforcement");
        if (r.enforcement() == null) {
            out.append("null");
        } else {
            out.append('[');
            for (int i = 0; i < r.enforcement().size(); i++) {
                if (i > 0) {
                    comma();
                }
                enforcement(r.enforcement().get(i));
            }
            out.append(']');
        }
        comma().name("signingEnforced").bool(r.signingEnforced());
        out.append('}');
    }

    private void smb311(Smb311Algorithms a) {
        if (a == null) {
            out.append("null");
            return;
        }
        out.append('{');
        name("signingChosen").string(a.signingChosen()).comma();
        name("signingSupported").strings(a.signingSupported()).comma();
        name("cipherChosen").string(a.cipherChosen()).comma();
        name("ciphersSupported").strings(a.ciphersSupported()).comma();
        name("compression").strings(a.compression());
        out.append('}');
    }

    private void logon(LogonResult l) {
        if (l == null) {
            out.append("null");
            return;
        }
        out.append('{');
        name("dialect").string(l.dialect()).comma();
        name("accepted").bool(l.accepted()).comma();
        name("status").string(l.status()).comma();
        name("isGuest").bool(l.guest()).comma();
        name("isNull").bool(l.nullSession());
        out.append('}');
    }

    private void enforcement(Enforcement e) {
        out.append('{');
        name("user").string(e.user()).comma();
        name("dialect").string(e.dialect()).comma();
        name("signingAlgorithm").string(e.signingAlgorithm()).comma();
        name("logon").string(e.logon()).comma();
        name("signed").attempt(e.signed());
        comma().name("unsigned").attempt(e.unsigned());
        comma().name("badSignature").attempt(e.badSignature());
        comma().name("enforced").bool(e.enforced());
        out.append('}');
    }

    private void attempt(Attempt a) {
        if (a == null) {
            out.append("null");
            return;
        }
        out.append('{');
        name("verdict").string(a.verdict().name()).comma();
        name("answer").string(a.answer());
        out.append('}');
    }

    /** Writes {@code "name":}. */
    private ReportJson name(String name) {
        string(name);
        out.append(':');
        return this;
    }

    private ReportJson comma() {
        out.append(',');
        return this;
    }

    private ReportJson bool(boolean value) {
        out.append(value);
        return this;
    }

    private ReportJson strings(List<String> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(values.get(i));
        }
        out.append(']');
        return this;
    }

    /** A JSON string, or null. */
    private ReportJson string(String s) {
        if (s == null) {
            out.append("null");
        } else {
            JsonText.appendString(out, s);
        }
        return this;
    }
}

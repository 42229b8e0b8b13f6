package io.signet.server.admin;

import io.signet.server.admin.StatusSnapshot.OpenStatus;
import io.signet.server.admin.StatusSnapshot.SessionStatus;
import io.signet.server.admin.StatusSnapshot.TreeStatus;
import io.signet.server.json.JsonText;
import java.util.List;

/**
 * {@code signet status --json}: the snapshot as one JSON document (RFC 8259), for scripts. Session ids are strings
 * ("0x..." hex, as the table shows them), since a 64-bit id does not fit a JSON number exactly everywhere; access
 * masks are numbers.
 */
public final class StatusJson {
    private final StringBuilder out = new StringBuilder();

    private StatusJson() {
    }

    public static String write(StatusSnapshot snapshot) {
        StatusJson j = new StatusJson();
        j.out.append("{\"server\":");
        j.string(snapshot.server());
        j.out.append(",\"sessions\":[");
        List<SessionStatus> sessions = snapshot.sessions();
        for (int i = 0; i < sessions.size(); i++) {
            j.comma(i);
            j.session(sessions.get(i));
        }
        j.out.append("]}\n");
        return j.out.toString();
    }

    private void session(SessionStatus s) {
        out.append("{\"id\":");
        string(StatusTable.sessionId(s.id()));
        field("user", s.user());
        field("kind", s.kind());
        field("state", s.state());
        field("dialect", s.dialect());
        field("signing", s.signing());
        field("cipher", s.cipher());
        out.append(",\"encryptData\":").append(s.encryptData());
        out.append(",\"signingRequired\":").append(s.signingRequired());
        field("client", s.client());
        out.append(",\"channels\":[");
        for (int i = 0; i < s.channels().size(); i++) {
            comma(i);
            string(s.channels().get(i));
        }
        out.append("],\"trees\":[");
        for (int i = 0; i < s.trees().size(); i++) {
            comma(i);
            TreeStatus t = s.trees().get(i);
            out.append("{\"id\":").append(t.id());
            field("share", t.share());
            out.append('}');
        }
        out.append("],\"opens\":[");
        for (int i = 0; i < s.opens().size(); i++) {
            comma(i);
            open(s.opens().get(i));
        }
        out.append("]}");
    }

    private void open(OpenStatus o) {
        out.append("{\"fileId\":").append(o.fileId());
        field("share", o.share());
        field("path", o.path());
        out.append(",\"grantedAccess\":").append(Integer.toUnsignedLong(o.grantedAccess()));
        out.append(",\"shareAccess\":").append(o.shareAccess());
        field("oplock", o.oplock());
        out.append(",\"locks\":").append(o.locks()).append('}');
    }

    private void field(String name, String value) {
        out.append(",\"").append(name).append("\":");
        string(value);
    }

    private void comma(int index) {
        if (index > 0) {
            out.append(',');
        }
    }

    /** A JSON string: file names may hold quotes, backslashes and control characters. */
    private void string(String s) {
        JsonText.appendString(out, s);
    }
}

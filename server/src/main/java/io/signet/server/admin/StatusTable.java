package io.signet.server.admin;

import io.signet.protocol.smb2.ShareAccess;
import io.signet.server.admin.StatusSnapshot.OpenStatus;
import io.signet.server.admin.StatusSnapshot.SessionStatus;
import io.signet.server.admin.StatusSnapshot.TreeStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code signet status}: the snapshot as three tables for people, like smbstatus prints them: sessions, tree
 * connects, opens. Columns are as wide as their widest cell; a control character in a file name is shown as '?', so a
 * name cannot rewrite the terminal.
 */
public final class StatusTable {
    private final StringBuilder out = new StringBuilder();

    private StatusTable() {
    }

    public static String write(StatusSnapshot snapshot) {
        StatusTable t = new StatusTable();
        t.out.append("Signet ").append(snapshot.server()).append(": ").append(snapshot.sessions().size())
                .append(snapshot.sessions().size() == 1 ? " session" : " sessions").append("\n\n");
        t.sessions(snapshot.sessions());
        t.trees(snapshot.sessions());
        t.opens(snapshot.sessions());
        return t.out.toString();
    }

    static String sessionId(long id) {
        return String.format("0x%016x", id);
    }

    private void sessions(List<SessionStatus> sessions) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Session", "User", "Kind", "Client", "Dialect", "Signing", "Cipher", "Encrypt",
            "Channels", "State"});
        for (SessionStatus s : sessions) {
            rows.add(new String[] {sessionId(s.id()), s.user(), s.kind(), s.client(), s.dialect(), s.signing(),
                s.cipher(), s.encryptData() ? "required" : "no",
                s.channels().size() + (s.channels().isEmpty() ? "" : " (" + String.join(", ", s.channels()) + ")"),
                s.state()});
        }
        table(rows);
    }

    private void trees(List<SessionStatus> sessions) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Session", "User", "Share", "Tree id"});
        for (SessionStatus s : sessions) {
            for (TreeStatus t : s.trees()) {
                rows.add(new String[] {sessionId(s.id()), s.user(), t.share(), Integer.toString(t.id())});
            }
        }
        table(rows);
    }

    private void opens(List<SessionStatus> sessions) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Session", "User", "Share", "Path", "Access", "Share mode", "Oplock", "Locks"});
        for (SessionStatus s : sessions) {
            for (OpenStatus o : s.opens()) {
                rows.add(new String[] {sessionId(s.id()), s.user(), o.share(), o.path().isEmpty() ? "\\" : o.path(),
                    String.format("0x%08x", o.grantedAccess()), shareMode(o.shareAccess()), o.oplock(),
                    Integer.toString(o.locks())});
            }
        }
        table(rows);
    }

    /** "RWD" with '-' for what the open does not share, as Samba's smbstatus shows DENY modes. */
    static String shareMode(int shareAccess) {
        return ((shareAccess & ShareAccess.FILE_SHARE_READ) != 0 ? "R" : "-")
                + ((shareAccess & ShareAccess.FILE_SHARE_WRITE) != 0 ? "W" : "-")
                + ((shareAccess & ShareAccess.FILE_SHARE_DELETE) != 0 ? "D" : "-");
    }

    private void table(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = printable(row[i]);
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            line(rows.get(r), width);
            if (r == 0) {
                String[] rule = new String[width.length];
                for (int i = 0; i < width.length; i++) {
                    rule[i] = "-".repeat(width[i]);
                }
                line(rule, width);
            }
        }
        out.append('\n');
    }

    private void line(String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(cells[i]).append(" ".repeat(width[i] - cells[i].length())).append("  ");
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}

package io.signet.server.conn;

import io.signet.protocol.smb2.Dialect;

/**
 * The dialect a connection runs: the highest the client offers that the server implements ([MS-SMB2] 3.3.5.4). NEGOTIATE
 * chooses it, and FSCTL_VALIDATE_NEGOTIATE_INFO chooses it again from the list the client repeats (3.3.5.15.12).
 */
public final class DialectChoice {
    private DialectChoice() {
    }

    /** The highest dialect of {@code offered} (dialect codes) this server implements; null when there is none. */
    public static Dialect highestCommon(int[] offered) {
        Dialect best = null;
        for (int code : offered) {
            Dialect d = Dialect.fromCode(code);
            if (d != null && (best == null || d.compareTo(best) > 0)) {
                best = d;
            }
        }
        return best;
    }
}

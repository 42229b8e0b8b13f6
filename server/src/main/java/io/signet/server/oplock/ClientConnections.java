package io.signet.server.oplock;

import io.signet.auth.AuthenticatedUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The connections of each client, oldest first: where a lease break goes. A lease belongs to the client, not to one
 * of its opens, and Windows and Samba send its break on the client's first connection that still lives (smbtorture
 * lease.v2_complex1: a lease held through the second connection is broken on the first).
 *
 * <p>A client is its ClientGuid and the account it logged on as ({@link #clientKey}). [MS-SMB2] 3.3.1.4 keys the
 * lease table by ClientGuid alone, but a ClientGuid is whatever the client's NEGOTIATE says and travels in the clear:
 * another account copying it would otherwise share the victim's leases, acknowledge her breaks and be sent them
 * (with her lease keys). A connection joins a client when a session of that account is established or bound on it.
 * Thread-safe.
 */
public final class ClientConnections {
    private final Map<Object, List<BreakSink>> byClient = new HashMap<>();

    /** A client as the lease table knows it: its ClientGuid and its account (kind, domain and name, upper case). */
    private record Client(String clientGuid, String account) {
    }

    /**
     * The identity the lease table keys a client by: its ClientGuid ([MS-SMB2] 3.3.1.4 LeaseTable.ClientGuid) and
     * the account of the session, as {@link AuthenticatedUser#sameAccount} compares accounts.
     */
    public static Object clientKey(byte[] clientGuid, AuthenticatedUser user) {
        return new Client(HexFormat.of().formatHex(clientGuid), accountKey(user));
    }

    /** An account as the caching table counts its pending breaks: kind, domain and name, upper case. */
    public static String accountKey(AuthenticatedUser user) {
        return user == null ? "" : user.kind() + ":" + user.domain().toUpperCase(Locale.ROOT) + "\\"
                + user.name().toUpperCase(Locale.ROOT);
    }

    /** A connection on which {@code client} logged on; once, however many sessions it has there. */
    public synchronized void add(Object client, BreakSink connection) {
        List<BreakSink> list = byClient.computeIfAbsent(client, c -> new ArrayList<>(1));
        if (!list.contains(connection)) {
            list.add(connection);
        }
    }

    /** The connection is gone: it leaves every client it served. */
    public synchronized void remove(BreakSink connection) {
        byClient.values().removeIf(list -> list.remove(connection) && list.isEmpty());
    }

    /** The oldest live connection of {@code client}; null when it has none. */
    public synchronized BreakSink firstLive(Object client) {
        List<BreakSink> list = byClient.get(client);
        if (list != null) {
            for (BreakSink c : list) {
                if (c.isActive()) {
                    return c;
                }
            }
        }
        return null;
    }
}

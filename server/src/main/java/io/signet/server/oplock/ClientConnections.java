package io.signet.server.oplock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The connections of each client (Connection.ClientGuid), oldest first: where a lease break goes. A lease belongs to
 * the client, not to one of its opens, and Windows and Samba send its break on the client's first connection that
 * still lives (smbtorture lease.v2_complex1: a lease held through the second connection is broken on the first).
 * Thread-safe.
 */
public final class ClientConnections {
    private final Map<Object, List<BreakSink>> byClient = new HashMap<>();

    /** The identity the lease table keys a client by: its ClientGuid ([MS-SMB2] 3.3.1.4 LeaseTable.ClientGuid). */
    public static Object clientKey(byte[] clientGuid) {
        return HexFormat.of().formatHex(clientGuid);
    }

    /** A negotiated connection of {@code client}. */
    public synchronized void add(Object client, BreakSink connection) {
        byClient.computeIfAbsent(client, c -> new ArrayList<>(1)).add(connection);
    }

    /** The connection is gone. */
    public synchronized void remove(Object client, BreakSink connection) {
        List<BreakSink> list = byClient.get(client);
        if (list != null) {
            list.remove(connection);
            if (list.isEmpty()) {
                byClient.remove(client);
            }
        }
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

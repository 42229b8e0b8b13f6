package io.signet.server.handler;

import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.server.conn.Connection;
import io.signet.server.conn.Negotiated;
import io.signet.server.oplock.ClientConnections;
import io.signet.server.session.Session;

/**
 * The lease part of a CREATE ([MS-SMB2] 3.3.5.9.8 and 3.3.5.9.11): which lease context, if any, the server honours,
 * and who the client is for the lease table.
 */
final class LeaseRequests {
    private LeaseRequests() {
    }

    /** Leases exist from SMB 2.1 on ([MS-SMB2] 3.3.5.9.8: Connection.Dialect "2.0.2" ignores the context). */
    static boolean leasesSupported(Connection c) {
        Negotiated n = c.negotiated();
        return n != null && n.dialect() != Dialect.SMB2_0_2;
    }

    /**
     * The lease table keys leases by Connection.ClientGuid ([MS-SMB2] 3.3.1.4) and, since a ClientGuid is the
     * client's to choose, by the session's account as well: the same key from another client, or from another
     * account claiming the same ClientGuid, is another lease ({@link ClientConnections}).
     */
    static Object client(Connection c, Session s) {
        return ClientConnections.clientKey(c.negotiated().clientGuid(), s == null ? null : s.user());
    }

    /**
     * The lease the CREATE asks for, as this server reads it: none unless RequestedOplockLevel is
     * SMB2_OPLOCK_LEVEL_LEASE and the dialect has leases; a version 2 context on SMB 2.1 is read as version 1
     * ([MS-SMB2] 3.3.5.9.11 applies to the 3.x family only).
     */
    static LeaseContext requested(CreateRequest req, Connection c) {
        if (req.requestedOplockLevel() != OplockLevel.LEASE.code() || !leasesSupported(c)) {
            return null;
        }
        LeaseContext lease = req.context(LeaseContext.class).orElse(null);
        if (lease != null && lease.version() == 2 && !c.negotiated().dialect().isSmb3()) {
            return LeaseContext.v1(lease.key(), lease.state(), 0);
        }
        return lease;
    }
}

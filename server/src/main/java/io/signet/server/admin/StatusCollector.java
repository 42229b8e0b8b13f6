package io.signet.server.admin;

import io.signet.auth.AuthenticatedUser;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.server.admin.StatusSnapshot.OpenStatus;
import io.signet.server.admin.StatusSnapshot.SessionStatus;
import io.signet.server.admin.StatusSnapshot.TreeStatus;
import io.signet.server.context.ServerContext;
import io.signet.server.oplock.CachingTable;
import io.signet.server.session.ChannelLink;
import io.signet.server.session.Session;
import io.signet.server.session.SessionChannel;
import io.signet.server.session.SessionSecurity;
import io.signet.server.tree.Open;
import io.signet.server.tree.TreeConnect;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Copies the state {@code signet status} shows out of the server's tables. It runs on the admin socket's thread and
 * takes no lock a request holds for long: the session table and each session's tree and open tables are concurrent
 * maps read through weakly consistent copies, a session's identity and keys are one immutable value behind a
 * volatile reference, an open's fields are final or volatile, and the oplock and byte-range lock tables are asked
 * under their own short monitors (docs/ARCHITECTURE.md, Threads). Nothing here changes any of it.
 */
public final class StatusCollector {
    private final ServerContext context;

    public StatusCollector(ServerContext context) {
        this.context = context;
    }

    public StatusSnapshot collect() {
        List<SessionStatus> sessions = new ArrayList<>();
        for (Session s : context.sessions().all()) {
            sessions.add(session(s));
        }
        sessions.sort(Comparator.comparing(SessionStatus::client).thenComparingLong(SessionStatus::id));
        return new StatusSnapshot(context.config().serverName(), sessions);
    }

    private SessionStatus session(Session s) {
        SessionSecurity security = s.security();
        String user = "-";
        String kind = "-";
        String dialect = "-";
        String signing = "none";
        String cipher = "none";
        if (security != null) {
            AuthenticatedUser u = security.user();
            user = u.domain() + "\\" + u.name();
            kind = u.kind().name().toLowerCase(Locale.ROOT);
            dialect = security.dialect().toString();
            signing = security.signingAlgorithm() == null ? "none" : name(security.signingAlgorithm());
            cipher = security.cipher() == null ? "none" : name(security.cipher());
        }
        List<String> channels = new ArrayList<>();
        for (SessionChannel ch : s.channels()) {
            channels.add(address(ch.connection()));
        }
        List<TreeStatus> trees = new ArrayList<>();
        for (TreeConnect t : s.trees()) {
            trees.add(new TreeStatus(t.id(), t.shareName()));
        }
        trees.sort(Comparator.comparingInt(TreeStatus::id));
        List<OpenStatus> opens = new ArrayList<>();
        for (Open o : s.opens()) {
            opens.add(open(o));
        }
        opens.sort(Comparator.comparingLong(OpenStatus::fileId));
        return new SessionStatus(s.id(), user, kind, s.state().name().toLowerCase(Locale.ROOT), dialect, signing,
                cipher, s.encryptData(), s.signingRequired(), address(s.connection()), channels, trees, opens);
    }

    private OpenStatus open(Open o) {
        String share = o.tree() == null ? "-" : o.tree().shareName();
        if (o.isPipe()) {
            return new OpenStatus(share, o.pipe().name(), o.fileId().volatileId(), 0, 0, "none", 0);
        }
        CachingTable.Key key = o.oplockKey();
        OplockLevel oplock = key == null ? OplockLevel.NONE : context.caching().levelOf(key, o);
        int locks = key == null ? 0 : context.byteRangeLocks().lockCount(key, o);
        String caching = oplock.name().toLowerCase(Locale.ROOT);
        if (oplock == OplockLevel.LEASE) {
            String state = context.caching().leaseStateOf(key, o);
            caching = "lease(" + (state == null ? "" : state) + ")"; // "lease(RWH)", as smbstatus prints leases
        }
        return new OpenStatus(share, o.handle().smbPath(), o.fileId().volatileId(), o.handle().grantedAccess(),
                o.handle().shareAccess(), caching, locks);
    }

    /** "AES_128_GCM" as "AES-128-GCM", the way Windows and smbstatus spell algorithms. */
    private static String name(Enum<?> algorithm) {
        return algorithm.name().replace('_', '-');
    }

    /** "127.0.0.1:49152", "[::1]:49152"; "-" for a connection already gone (or a session made without one). */
    static String address(ChannelLink link) {
        SocketAddress a = link == null ? null : link.remoteAddress();
        if (a instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return a == null ? "-" : a.toString();
    }
}

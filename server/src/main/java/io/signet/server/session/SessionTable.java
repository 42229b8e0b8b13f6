package io.signet.server.session;

import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.random.RandomGenerator;

/**
 * [MS-SMB2] 3.3.1.5 GlobalSessionTable: every session of the server by SessionId, whatever connection established
 * it, so that a binding SESSION_SETUP on another connection finds it ([MS-SMB2] 3.3.5.5, 3.3.5.2.4). Thread-safe.
 *
 * <p>Each connection keeps its own table (Connection.SessionTable: the sessions it has a channel on, or is
 * authenticating); this one is where a session is looked up across connections and where it ends for all of them.
 */
public final class SessionTable {
    private final ConcurrentHashMap<Long, Session> sessions = new ConcurrentHashMap<>();
    private final RandomGenerator ids;

    public SessionTable() {
        this(new SecureRandom());
    }

    /** @param ids where new session ids come from: a cryptographically strong generator outside tests */
    public SessionTable(RandomGenerator ids) {
        this.ids = ids;
    }

    /**
     * Creates a session under a new id and adds it ([MS-SMB2] 3.3.5.5.1). Ids are random 64-bit values, so that
     * knowing one's own session id says nothing about anyone else's (sequential ids let an attacker who can inject
     * into another client's connection name that client's session); 0 and all ones are reserved by the spec, and an
     * id in use is drawn again.
     */
    public Session create(LongFunction<Session> factory) {
        while (true) {
            long id = ids.nextLong();
            if (id == 0 || id == -1 || sessions.containsKey(id)) {
                continue;
            }
            Session s = factory.apply(id);
            if (sessions.putIfAbsent(id, s) == null) {
                return s;
            }
        }
    }

    /** Adds a session made elsewhere under an id of its own (tests); the id must be free. */
    public void add(Session s) {
        if (sessions.putIfAbsent(s.id(), s) != null) {
            throw new IllegalStateException("session id " + Long.toHexString(s.id()) + " is already in use");
        }
    }

    /** The session with that id, or null. */
    public Session find(long id) {
        return sessions.get(id);
    }

    /** The sessions now, in no particular order: a weakly consistent copy, safe from any thread. */
    public List<Session> all() {
        return List.copyOf(sessions.values());
    }

    public int size() {
        return sessions.size();
    }

    /**
     * Ends a session on every channel ([MS-SMB2] 3.3.5.6 LOGOFF, a failed logon, the last channel lost): it leaves
     * this table, its opens close, and each connection it was bound to (and {@code initiator}, which may be
     * authenticating it without a channel yet) forgets it and drops the requests it had pending for it.
     */
    public void end(Session s, ChannelLink initiator) {
        sessions.remove(s.id(), s);
        Set<ChannelLink> connections = new LinkedHashSet<>();
        if (initiator != null) {
            connections.add(initiator);
        }
        for (SessionChannel ch : s.channels()) {
            connections.add(ch.connection());
        }
        s.close(); // closing its opens first lets requests waiting on them answer (e.g. a blocked LOCK)
        for (ChannelLink c : connections) {
            c.forget(s);
        }
    }

    /**
     * [MS-SMB2] 3.3.5.5.3: a logon that names a PreviousSessionId ends that session when the same user owns it (a
     * client reconnecting after losing its connection): its opens close and its pending requests end as at LOGOFF.
     * A session of another user, the logon's own session, or none, is left alone.
     */
    public void endPrevious(long previousId, Session current) {
        if (previousId == 0 || previousId == current.id()) {
            return;
        }
        Session old = sessions.get(previousId);
        if (old != null && old.user() != null && current.user() != null
                && old.user().name().equalsIgnoreCase(current.user().name())
                && old.user().domain().equalsIgnoreCase(current.user().domain())
                && old.user().kind() == current.user().kind()) {
            end(old, null);
        }
    }

    /**
     * A connection closed ([MS-SMB2] 3.3.7.1): its channel leaves the session, and a session left without channels
     * ends. A session still bound elsewhere lives on with its opens.
     */
    public void connectionLost(Session s, ChannelLink c) {
        if (s.removeChannel(c)) {
            sessions.remove(s.id(), s);
            s.close();
        }
    }
}

package io.signet.server.durable;

import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.config.Limits;
import io.signet.protocol.smb2.message.CreateContextData;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.DurableHandleRequestV2;
import io.signet.protocol.smb2.message.DurableHandleResponse;
import io.signet.protocol.smb2.message.DurableHandleResponseV2;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.limits.RateLimitedWarning;
import io.signet.server.oplock.CachingTable;
import io.signet.server.session.Session;
import io.signet.server.tree.Durability;
import io.signet.server.tree.Open;
import io.signet.server.tree.TreeConnect;
import io.signet.storage.lock.ByteRangeLocks;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable opens of the server ([MS-SMB2] 3.3.1.5 GlobalOpenTable, as far as durability needs it): which opens
 * were made durable, by whom, and which of them are kept for a client that went away.
 *
 * <p>A durable open stays an ordinary {@link Open} of its session while the session lives. When the session ends
 * without closing it (connection lost, LOGOFF, a reconnecting client's new session naming it as previous), the open
 * leaves the session but not the server: its handle, oplock, byte-range locks and position stay as they are, other
 * clients' opens meet its share mode, and a timer is started. A reconnect (DHnC, DH2C) by the same account, from a
 * client with the same ClientGuid (v2), on the same share, takes it back into the new session; the timer's expiry
 * (scavenging), a break of its oplock that no channel can carry ([MS-SMB2] 3.3.4.6), an app instance taking over the
 * file, or the server's shutdown closes it instead. Thread-safe: its state is under its monitor; closing an open
 * happens outside it.
 */
public final class DurableOpenTable implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DurableOpenTable.class);

    private final Supplier<Limits> limits;
    private final CachingTable caching;
    /** Writes the records of persistent opens to {@link #store}; null without one. */
    private final PersistentRecords records;
    private final ScheduledExecutorService timers;
    private final RateLimitedWarning overLimit = new RateLimitedWarning(LOG);
    private final Map<Long, Entry> byPersistentId = new HashMap<>();
    /** How many of {@link #byPersistentId} each account holds ({@link DurableState#account()}), none at zero. */
    private final Map<String, Integer> byAccount = new HashMap<>();
    /** The durable v2 opens of {@link #byPersistentId} by ClientGuid and CreateGuid ([MS-SMB2] 3.3.5.9.12). */
    private final Map<GuidKey, Entry> byCreateGuid = new HashMap<>();
    private final CreateReplays replays;
    /** Where persistent opens are kept across restarts; null without a state directory. */
    private final PersistentOpenStore store;
    /** Persistent opens in {@link #byPersistentId}: with none, a change of caching costs nothing. */
    private int persistentCount;
    private boolean closed;

    /** A durable v2 open as its client names it by GUIDs: its Connection.ClientGuid and Open.CreateGuid. */
    private record GuidKey(CreateGuid clientGuid, CreateGuid createGuid) {
    }

    /**
     * @param limits  the limits in force (read at each grant, so a reload applies to the next durable open)
     * @param caching where an open's oplock or lease is looked up: only an open still holding handle caching is kept
     */
    public DurableOpenTable(Supplier<Limits> limits, CachingTable caching) {
        this(limits, caching, null);
    }

    /**
     * @param store where persistent opens are kept ([MS-SMB2] 3.3.1.10 Open.IsPersistent); null grants none
     */
    public DurableOpenTable(Supplier<Limits> limits, CachingTable caching, PersistentOpenStore store) {
        this(limits, caching, new ByteRangeLocks(), store);
    }

    /**
     * @param locks the server's byte-range locks, which a persistent open's record keeps
     * @param store where persistent opens are kept ([MS-SMB2] 3.3.1.10 Open.IsPersistent); null grants none
     */
    public DurableOpenTable(Supplier<Limits> limits, CachingTable caching, ByteRangeLocks locks,
                            PersistentOpenStore store) {
        this.limits = limits;
        this.caching = caching;
        this.records = store == null ? null : new PersistentRecords(store, caching, locks, overLimit);
        this.store = store;
        this.replays = new CreateReplays(limits, caching);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signet-durable-scavenger");
            t.setDaemon(true);
            return t;
        });
    }

    /** One durable open: its value, the open, and whether its client is away. Guarded by the table's monitor. */
    private final class Entry implements Durability {
        final DurableState state;
        final Open open;
        /** The session the open is in; null while its client is away. */
        Session session;
        boolean disconnected;
        ScheduledFuture<?> scavenger;
        /** What the store holds for a persistent open; null for others. Guarded by the entry's monitor. */
        PersistedOpen written;
        /** The response of the CREATE that made a persistent open, once built; null before and for others. */
        volatile CreateResponse original;

        Entry(DurableState state, Open open, Session session) {
            this.state = state;
            this.open = open;
            this.session = session;
        }

        @Override
        public void stateChanged(Open o) {
            if (state.persistent()) {
                rewrite(this); // its locks or position as they stand now are what a restart gives back
            }
        }

        @Override
        public boolean keepOnDisconnect(Open o) {
            return disconnected(this);
        }

        /**
         * No channel of the open's session can carry its break: closed at once, whether the session's teardown has
         * reached it yet or not, so that the open that broke it finds the file free when it is tried again.
         */
        @Override
        public void breakWithoutChannel(Open o) {
            if (state.persistent()) {
                // [MS-SMB2] 3.3.4.6, 3.3.4.7: the caching is gone, the persistent open stays for its client (its
                // share mode still holds the file for it until it comes back or its timeout runs out).
                LOG.debug("persistent open {} of {} lost its caching to a break while its client is away",
                        state.path(), state.ownerName());
                return;
            }
            LOG.debug("durable open {} of {} closed: its caching was broken with no channel to its client",
                    state.path(), state.ownerName());
            closeOpen(this);
        }
    }

    /**
     * [MS-SMB2] 3.3.5.9.6 and 3.3.5.9.10 "Successful Open Initialization": makes {@code open} durable when the
     * request asks for it and the open qualifies: a file (not a directory) opened by an account (not a guest or
     * anonymous session, which no reconnect could prove to be the same), holding a batch oplock (or a lease with
     * handle caching), while the server keeps fewer than {@code max durable opens} and the account fewer than
     * {@code max durable opens per user}.
     *
     * @param clientGuid     Connection.ClientGuid of the CREATE's connection: a replay and an app instance are
     *                       told apart by it
     * @param durableCaching whether the open was granted a batch oplock or a lease with handle caching
     * @return the durable response context to send, or empty when the open is not durable
     */
    public Optional<CreateContextData> grant(DurableRequest req, Open open, Session session, CreateGuid clientGuid,
                                             boolean durableCaching) {
        return grant(req, open, session, clientGuid, durableCaching, false);
    }

    /**
     * As {@link #grant(DurableRequest, Open, Session, CreateGuid, boolean)}; a DH2Q with SMB2_DHANDLE_FLAG_PERSISTENT
     * on a continuously available share, over a 3.x connection that negotiated SMB2_GLOBAL_CAP_PERSISTENT_HANDLES,
     * makes the open persistent ([MS-SMB2] 3.3.5.9.10: Open.IsPersistent): it is written to the store before the
     * response says so, and survives a restart of the server. An open that cannot be written is granted durable only.
     *
     * @param persistentHandles the connection negotiated SMB2_GLOBAL_CAP_PERSISTENT_HANDLES
     */
    public Optional<CreateContextData> grant(DurableRequest req, Open open, Session session, CreateGuid clientGuid,
                                             boolean durableCaching, boolean persistentHandles) {
        AuthenticatedUser user = session.user();
        // [MS-SMB2] 3.3.5.9.10: a persistent open needs no caching (Windows grants it with any oplock or lease on a
        // continuously available share, smbtorture smb2.durable-v2-open.persistent-open-oplock/-lease); a durable one
        // needs a batch oplock or a lease with handle caching.
        boolean persistent = req.persistent() && persistentHandles && store != null && open.tree().share() != null
                && open.tree().share().continuousAvailability() && req.kind() == DurableRequest.Kind.REQUEST_V2;
        if (!req.isRequest() || open.isPipe() || open.handle().isDirectory() || user == null
                || user.kind() != UserKind.USER || (!durableCaching && !persistent)) {
            return Optional.empty();
        }
        Limits l = limits.get();
        Duration timeout = req.timeout(l.maxDurableTimeout());
        DurableState state = new DurableState(open.fileId().persistent(),
                req.kind() == DurableRequest.Kind.REQUEST_V2 ? DurableState.Version.V2 : DurableState.Version.V1,
                req.createGuid(), clientGuid, user.name(), user.domain(), open.tree().shareName(),
                open.handle().smbPath(), timeout, req.appInstanceId(), false);
        PersistedOpen written = null;
        synchronized (this) {
            if (closed || byPersistentId.containsKey(state.persistentId())) {
                return Optional.empty(); // before anything is written: the store holds the other open's record
            }
        }
        if (persistent) {
            written = records.first(state, open);
            if (written != null) {
                state = written.state();
            } else if (!durableCaching) {
                return Optional.empty(); // not persistent after all, and not durable without the caching
            }
        }
        Entry e = new Entry(state, open, session);
        e.written = written;
        boolean admitted;
        boolean taken;
        synchronized (this) {
            taken = byPersistentId.containsKey(state.persistentId());
            admitted = !closed && !taken;
            if (admitted && byPersistentId.size() >= l.maxDurableOpens()) {
                overLimit.warn("durable handle refused to " + user.name() + ": the server keeps "
                        + byPersistentId.size() + " durable opens (max durable opens); the open is not durable");
                admitted = false;
            }
            int held = byAccount.getOrDefault(state.account(), 0);
            if (admitted && held >= l.maxDurableOpensPerUser()) {
                overLimit.warn("durable handle refused to " + user.name() + ": the account keeps " + held
                        + " durable opens (max durable opens per user); the open is not durable");
                admitted = false;
            }
            if (admitted) {
                add(e);
            }
        }
        if (!admitted) {
            if (state.persistent() && !taken) {
                records.forget(state); // written before the table refused it: it must not come back at a restart
            }
            return Optional.empty();
        }
        open.durability(e);
        open.onClose(() -> removed(e));
        return Optional.of(req.kind() == DurableRequest.Kind.REQUEST_V2
                ? new DurableHandleResponseV2((int) timeout.toMillis(),
                        state.persistent() ? DurableHandleRequestV2.FLAG_PERSISTENT : 0)
                : new DurableHandleResponse());
    }


    /**
     * The caching of {@code file} may have changed (a CREATE granted or upgraded a lease on it, an oplock break was
     * acknowledged): the records of its persistent opens are written again where their caching differs, so that a
     * restart gives back what the client now believes it holds.
     */
    public void cachingChanged(CachingTable.Key file) {
        if (file != null) {
            rewriteWhere(e -> file.equals(e.open.oplockKey()));
        }
    }

    /** As {@link #cachingChanged(CachingTable.Key)} for a lease break acknowledged by a client (its ClientGuid). */
    public void leaseChanged(CreateGuid clientGuid, LeaseKey leaseKey) {
        rewriteWhere(e -> e.state.clientGuid().equals(clientGuid) && e.written != null && e.written.lease() != null
                && e.written.lease().key().equals(leaseKey));
    }

    private void rewriteWhere(Predicate<Entry> which) {
        if (store == null) {
            return;
        }
        List<Entry> touched = new ArrayList<>();
        synchronized (this) {
            if (persistentCount == 0) {
                return;
            }
            for (Entry e : byPersistentId.values()) {
                if (e.state.persistent() && which.test(e)) {
                    touched.add(e);
                }
            }
        }
        touched.forEach(this::rewrite);
    }


    /**
     * Takes a persistent open read back from the store at startup as a durable open kept for its disconnected client
     * ([MS-SMB2] 3.3.1.10 Open.IsPersistent): a reconnect by its owner takes it back as if the server had never
     * stopped, and its timeout counts from now.
     *
     * @return false when the table already has an open with its FileId (the caller closes {@code open})
     */
    public boolean restore(PersistedOpen record, Open open) {
        DurableState state = record.state();
        Entry e = new Entry(state, open, null);
        e.written = record;
        e.original = record.original();
        synchronized (this) {
            if (closed || byPersistentId.containsKey(state.persistentId())) {
                return false;
            }
            e.disconnected = true;
            add(e);
            e.scavenger = timers.schedule(() -> closeIfDisconnected(e, "its durable timeout expired"),
                    state.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        open.durability(e);
        open.onClose(() -> removed(e));
        if (record.original() != null) {
            // A replay of the CREATE that made it is answered as before the restart.
            replays.remember(state.clientGuid(), state.createGuid(), open,
                    new AuthenticatedUser(state.ownerName(), state.ownerDomain(), UserKind.USER), record.original());
        }
        return true;
    }

    /**
     * [MS-SMB2] 3.3.5.9.10: the CREATE of a DH2Q open is answered with {@code response}: it is remembered for a
     * replay of that CREATE, and a persistent open's record keeps it, so that a replay after a restart is answered
     * the same.
     */
    public void created(CreateGuid clientGuid, CreateGuid createGuid, Open open, AuthenticatedUser owner,
                        CreateResponse response) {
        replays.remember(clientGuid, createGuid, open, owner, response);
        Entry e;
        synchronized (this) {
            e = byPersistentId.get(open.fileId().persistent());
        }
        if (e != null && e.open == open && e.state.persistent()) {
            e.original = response;
            rewrite(e);
        }
    }

    /** Runs {@code task} after {@code delay} on the table's timer thread. */
    void schedule(Runnable task, long delay, TimeUnit unit) {
        timers.schedule(task, delay, unit);
    }

    /** What a replayed CREATE is answered with ([MS-SMB2] 3.3.5.9.10). */
    public CreateReplays replays() {
        return replays;
    }

    /** The store of persistent opens; null without a state directory. */
    public PersistentOpenStore store() {
        return store;
    }


    /**
     * [MS-SMB2] 3.3.5.9.7 and 3.3.5.9.12: finds the open a reconnect names and takes it out of the disconnected
     * state, for the caller to move into the new session ({@link Open#reattach}). The open must be kept for a
     * disconnected client, and the reconnect must come from the account that made it, on the same share; a v2
     * reconnect must also name its CreateGuid. Anything else is STATUS_OBJECT_NAME_NOT_FOUND, and the open is left
     * exactly as it was: a client cannot learn, let alone take, another account's open by guessing its FileId.
     *
     * <p>[MS-SMB2] 3.3.5.9.12: a DH2C whose FileId names no open, but which says it reconnects a persistent handle
     * (SMB2_DHANDLE_FLAG_PERSISTENT) on a continuously available share over a connection that negotiated
     * SMB2_GLOBAL_CAP_PERSISTENT_HANDLES, finds the open by its CreateGuid instead, then meets the same checks. A
     * CreateGuid is the client's to choose, so it is looked up together with the client's ClientGuid, as a replay
     * is (3.3.5.9.10): another client naming the same CreateGuid does not find the open.
     *
     * @param persistentHandles the connection negotiated SMB2_GLOBAL_CAP_PERSISTENT_HANDLES
     */
    public Open reconnect(DurableRequest req, Session session, TreeConnect tree, CreateGuid clientGuid, String name,
                          LeaseKey leaseKey, boolean persistentHandles) {
        AuthenticatedUser user = session.user();
        Entry e;
        synchronized (this) {
            e = byPersistentId.get(req.fileId().persistent());
            if (e == null && req.kind() == DurableRequest.Kind.RECONNECT_V2 && req.persistent() && persistentHandles
                    && tree.share() != null && tree.share().continuousAvailability()) {
                e = byCreateGuid.get(new GuidKey(clientGuid, req.createGuid()));
            }
            String refusal = e == null ? "no durable open has that FileId"
                    : ReconnectRules.refusal(e.state, e.open, e.disconnected, req, user, tree);
            if (refusal == null) {
                refusal = ReconnectRules.leaseRefusal(e.state, e.open, caching, clientGuid, name, leaseKey);
            }
            if (refusal != null) {
                LOG.info("durable reconnect of {} by {} refused: {}", req.fileId(), user == null ? "?" : user.name(),
                        refusal);
                throw new SmbException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, "durable reconnect: " + refusal);
            }
            e.disconnected = false;
            e.session = session;
            e.scavenger.cancel(false);
            e.scavenger = null;
        }
        LOG.info("durable open {} of {} reconnected", e.state.path(), e.state.ownerName());
        return e.open;
    }

    /**
     * [MS-SMB2] 3.3.5.9.13: a CREATE with an AppInstanceId closes the open of the same file on the same share that
     * an instance with that id made from another client (a cluster node or virtual machine that moved): the new
     * owner takes over without waiting for the old open's timeout. The rule names no account, but an AppInstanceId
     * is only a GUID that crosses the wire readable unless the session encrypts: here an instance takes over only
     * the opens of its own account (Open.DurableOwner), so that another account that saw the id cannot close them.
     *
     * @param user the account of the CREATE's session
     * @return how many opens were closed
     */
    public int closeAppInstance(CreateGuid appInstanceId, CachingTable.Key file, CreateGuid clientGuid,
                                AuthenticatedUser user) {
        if (appInstanceId == null || appInstanceId.isZero() || file == null) {
            return 0;
        }
        List<Entry> taken = new ArrayList<>();
        synchronized (this) {
            for (Entry e : byPersistentId.values()) {
                DurableState s = e.state;
                // The same file of the same share: the key its opens register their oplocks under.
                if (appInstanceId.equals(s.appInstanceId()) && !clientGuid.equals(s.clientGuid())
                        && file.equals(e.open.oplockKey()) && ReconnectRules.ownedBy(s, user)) {
                    taken.add(e);
                }
            }
        }
        for (Entry e : taken) {
            LOG.info("open of {} by app instance {} closed: the instance opened it again from another client",
                    e.state.path(), appInstanceId);
            closeOpen(e);
        }
        return taken.size();
    }

    /**
     * [MS-SMB2] 3.3.7.1: the open's session ended without a CLOSE. It is kept while it still holds a batch oplock,
     * or a lease with handle caching, that no break is taking away (what made it durable: another client's open
     * takes the file from it by breaking it); the caller closes it otherwise.
     */
    private boolean disconnected(Entry e) {
        CachingTable.Key key = e.open.oplockKey();
        // [MS-SMB2] 3.3.7.1: a persistent open is kept whatever it caches.
        if (!e.state.persistent() && (key == null || !caching.keepsHandleCaching(key, e.open))) {
            return false; // closed: a break in progress would otherwise hold another client's open until it times out
        }
        synchronized (this) {
            if (closed || byPersistentId.get(e.state.persistentId()) != e || e.disconnected) {
                return false;
            }
            e.disconnected = true;
            e.session = null;
            e.scavenger = timers.schedule(() -> closeIfDisconnected(e, "its durable timeout expired"),
                    e.state.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (e.state.persistent()) {
            rewrite(e); // its caching as it stands now is what a restart gives back
        }
        LOG.debug("durable open {} of {} kept for {} s", e.state.path(), e.state.ownerName(),
                e.state.timeout().toSeconds());
        return true;
    }

    /** Closes the open if its client is still away (a reconnect may have taken it back meanwhile). */
    private void closeIfDisconnected(Entry e, String why) {
        synchronized (this) {
            if (!e.disconnected || byPersistentId.get(e.state.persistentId()) != e) {
                return;
            }
            e.disconnected = false; // claimed: no reconnect can take it now
            remove(e);
        }
        LOG.debug("durable open {} of {} closed: {}", e.state.path(), e.state.ownerName(), why);
        e.open.closeQuietly();
    }

    /**
     * Closes a durable open, whether its client is away or not: it leaves the table, and a connected one its
     * session (as a CLOSE would: its client's next request on it gets STATUS_FILE_CLOSED).
     */
    private void closeOpen(Entry e) {
        Session session;
        synchronized (this) {
            if (byPersistentId.get(e.state.persistentId()) != e) {
                return;
            }
            session = e.disconnected ? null : e.session;
            e.disconnected = false;
            remove(e);
        }
        if (session == null || session.removeOpen(e.open)) {
            e.open.closeQuietly();
        }
    }

    /** The open closed (CLOSE, TREE_DISCONNECT, its session closing it, scavenging): it leaves the table. */
    private synchronized void removed(Entry e) {
        remove(e);
    }


    /** Writes a persistent open's record again; a failure is logged and leaves the earlier record. */
    private void rewrite(Entry e) {
        try {
            PersistedOpen now = records.now(e.state, e.open, e.original);
            synchronized (e) {
                if (now.equals(e.written)) {
                    return;
                }
                records.write(now);
                e.written = now;
            }
            synchronized (this) {
                if (byPersistentId.get(e.state.persistentId()) != e && !closed) {
                    records.remove(e.state); // closed meanwhile: the record must not outlive it
                }
            }
        } catch (IOException | RuntimeException ex) {
            records.notUpdated(e.state, ex);
        }
    }

    private void add(Entry e) {
        byPersistentId.put(e.state.persistentId(), e);
        persistentCount += e.state.persistent() ? 1 : 0;
        byAccount.merge(e.state.account(), 1, Integer::sum);
        if (e.state.createGuid() != null) {
            byCreateGuid.putIfAbsent(new GuidKey(e.state.clientGuid(), e.state.createGuid()), e);
        }
    }

    private void remove(Entry e) {
        if (e.state.persistent() && !closed && byPersistentId.get(e.state.persistentId()) == e) {
            // Closed for good (CLOSE, scavenged, broken): it must not come back at the next start. A server that
            // stops keeps the records of its persistent opens for the next one.
            records.forget(e.state);
        }
        if (byPersistentId.remove(e.state.persistentId(), e)) {
            persistentCount -= e.state.persistent() ? 1 : 0;
            byAccount.computeIfPresent(e.state.account(), (k, n) -> n == 1 ? null : n - 1);
            if (e.state.createGuid() != null) {
                byCreateGuid.remove(new GuidKey(e.state.clientGuid(), e.state.createGuid()), e);
            }
        }
        if (e.scavenger != null) {
            e.scavenger.cancel(false);
            e.scavenger = null;
        }
    }

    /** Durable opens now, connected or not. */
    public synchronized int size() {
        return byPersistentId.size();
    }

    /** Durable opens kept for disconnected clients now. */
    public synchronized int disconnectedCount() {
        return (int) byPersistentId.values().stream().filter(e -> e.disconnected).count();
    }

    /** The server stops: opens kept for disconnected clients close, and no more are kept. */
    @Override
    public void close() {
        List<Entry> kept = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Entry e : byPersistentId.values()) {
                if (e.disconnected) {
                    kept.add(e);
                }
            }
        }
        replays.close();
        kept.forEach(e -> closeIfDisconnected(e, "the server stops"));
        timers.shutdownNow();
    }
}

package io.signet.server.oplock;

import static io.signet.protocol.smb2.LeaseState.HANDLE;
import static io.signet.protocol.smb2.LeaseState.NONE;
import static io.signet.protocol.smb2.LeaseState.READ;
import static io.signet.protocol.smb2.LeaseState.WRITE;

import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.LeaseState;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caching state of every open on every share: oplocks and leases of a file together, as [MS-FSA] 2.1.1.10 Per
 * Oplock keeps them, and the leases of every client by (ClientGuid, LeaseKey) ([MS-SMB2] 3.3.1.4 LeaseTable).
 *
 * <p>Every open of a file or directory registers here, with or without caching, since opens without any decide
 * what others may be granted. An oplock is held as the lease bits it stands for (batch RWH, exclusive RW, level II
 * R), so that one rule breaks both: an open that conflicts with the write caching of another holder breaks it and
 * waits; a sharing violation against a handle-caching holder breaks the handle caching and waits; an overwrite
 * breaks everything; writes, locks and size changes break read caching without waiting ([MS-FSA] 2.1.4.12); rename
 * and delete break handle caching and wait; a directory lease is broken to none when an entry of the directory is
 * added, removed or renamed. A break that waits is acknowledged, or ends with the holder's close or after the break
 * timeout ([MS-SMB2] 3.3.2.1); nothing here blocks a thread: waiters get a future.
 *
 * <p>Thread-safe: one monitor guards everything; breaks are sent, and opens told, after it is released.
 */
public final class CachingTable {
    private static final Logger LOG = LoggerFactory.getLogger(CachingTable.class);

    /** Access bits of an open that caches nothing and breaks nothing ([MS-FSA] 2.1.5.1.2: a "stat open"). */
    private static final int STAT_OPEN_BITS = AccessMask.SYNCHRONIZE | AccessMask.FILE_READ_ATTRIBUTES
            | AccessMask.FILE_WRITE_ATTRIBUTES;

    /** A file or stream: the share's identity and the storage key of the file on it ({@code FileHandle.fileKey()}). */
    public record Key(Object share, Object file) {
    }

    /**
     * What an open asks of the cache, for the breaks it causes and what it is granted.
     *
     * @param access    the open's desired access (stat opens break nothing)
     * @param overwrite the CREATE supersedes or overwrites the file: every caching of others breaks to none
     * @param client    the client's identity (its ClientGuid) for leases; null without one
     * @param lease     the lease request; null when none
     * @param account   the account the open is made by: the breaks of what it is granted count against that
     *                  account's share of pending breaks; null when unknown
     */
    public record Intent(int access, boolean overwrite, Object client, LeaseContext lease, Object account) {
        public Intent(int access, boolean overwrite, Object client, LeaseContext lease) {
            this(access, overwrite, client, lease, null);
        }

        boolean statOpen() {
            return (access & STAT_OPEN_BITS) != 0 && (access & ~STAT_OPEN_BITS) == 0;
        }

        /** A stat open as leases see it: READ_CONTROL too breaks no lease (Windows; smbtorture lease.statopen4). */
        boolean leaseStatOpen() {
            int bits = STAT_OPEN_BITS | AccessMask.READ_CONTROL;
            return (access & bits) != 0 && (access & ~bits) == 0;
        }

        LeaseId leaseId() {
            return lease == null || client == null ? null : new LeaseId(client, lease.key());
        }
    }

    /** What an open was granted: its oplock level (LEASE with a lease) and the lease context to answer, or null. */
    public record Grant(OplockLevel oplock, LeaseContext lease) {
        static final Grant NOTHING = new Grant(OplockLevel.NONE, null);
    }

    /** What an open holds, for durable handles: its oplock level, or the state and key of its lease. */
    public record Holding(OplockLevel oplock, int leaseState, LeaseKey leaseKey, LeaseContext leaseResponse) {
        public boolean isLease() {
            return leaseKey != null;
        }
    }

    /** The outcome of a lease break acknowledgment: the status to answer and the state the lease has now. */
    public record LeaseAck(NtStatus status, int state) {
    }

    private final FileOpens files = new FileOpens();
    private final LeaseTable leases;
    private final PendingBreaks pending;
    private final ClientConnections clients = new ClientConnections();
    private final BreakDelivery delivery;

    /**
     * @param breakTimeout       how long a break waits for its acknowledgment ([MS-SMB2] 3.3.2.1: 35 s on Windows)
     * @param maxLeasesPerClient leases one client (ClientGuid) may hold; more opens get none
     * @param maxPendingBreaks   breaks waiting for an acknowledgment server-wide
     * @param maxPendingBreaksPerUser breaks waiting for the acknowledgment of one account's caching; past it, that
     *                           account's caching is lowered at once without waiting. Past the server-wide bound, an
     *                           operation that would wait for one more break fails with STATUS_INSUFFICIENT_RESOURCES
     *                           and a break nothing waits for lowers the caching at once
     */
    public CachingTable(Duration breakTimeout, int maxLeasesPerClient, int maxPendingBreaks,
                        int maxPendingBreaksPerUser) {
        this.leases = new LeaseTable(maxLeasesPerClient);
        this.pending = new PendingBreaks(maxPendingBreaks, maxPendingBreaksPerUser);
        this.delivery = new BreakDelivery(clients, breakTimeout.toMillis());
    }

    /** A table whose per-account share of pending breaks is the whole server-wide bound. */
    public CachingTable(Duration breakTimeout, int maxLeasesPerClient, int maxPendingBreaks) {
        this(breakTimeout, maxLeasesPerClient, maxPendingBreaks, maxPendingBreaks);
    }

    /** The connections of each client, where lease breaks go. */
    public ClientConnections clients() {
        return clients;
    }

    // ---------------------------------------------------------------- opens

    /**
     * [MS-SMB2] 3.3.5.9.8: a client's lease key names one file; the same key on another file (or on a file not yet
     * there) is STATUS_INVALID_PARAMETER. Only this client's leases are looked at.
     *
     * @param file the key of the file the CREATE names, or null when it does not exist yet
     */
    public synchronized boolean leaseKeyNamesAnotherFile(Object client, LeaseKey key, Key file) {
        Lease lease = leases.get(new LeaseId(client, key));
        return lease != null && !lease.file.equals(file);
    }

    /**
     * Breaks what stands in the way of a new open of {@code key}, before it is made ([MS-FSA] 2.1.5.1.2, the
     * oplock part of [MS-SMB2] 3.3.4.6/3.3.4.7).
     *
     * @param sharingViolation the open failed its share-access check: holders' handle caching is broken (their
     *                         cached handles may be what stands in the way) and the open is tried again after
     * @param firstAttempt     false when the open already waited once: a lease still breaking is waited for again
     * @return null if the open may go ahead now; else a future completed when a break it waits for ended (the open
     *         is then tried again from the start)
     * @throws SmbException STATUS_INSUFFICIENT_RESOURCES when a break the open would wait for cannot be queued (max
     *                      pending breaks, server-wide or of the holder's account)
     */
    public CompletableFuture<Void> breakForOpen(Key key, Intent intent, boolean sharingViolation,
                                                boolean firstAttempt) {
        if (intent.statOpen()) {
            return null;
        }
        Outbox out = new Outbox();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        boolean refused = false;
        synchronized (this) {
            List<CachedOpen> entries = files.of(key);
            if (entries == null) {
                return null;
            }
            int delayMask = sharingViolation ? HANDLE : WRITE;
            LeaseId own = intent.leaseId();
            for (Holder h : FileOpens.holders(entries)) {
                if (h instanceof Lease l && (l.id.equals(own) || intent.leaseStatOpen())) {
                    continue; // an open's own lease never breaks for it, nor does a lease for a stat open
                }
                int breakTo = h.state & ~delayMask;
                boolean overwriteAll = intent.overwrite() && (delayMask & HANDLE) == 0;
                if (overwriteAll) {
                    breakTo &= ~(HANDLE | READ);
                }
                if ((h.state & ~breakTo) == 0) {
                    if (h.breaking && (h instanceof Lease)) {
                        waits.add(h.waitBreak());
                    }
                    continue;
                }
                if (h instanceof OplockHolder) {
                    breakTo &= ~(HANDLE | WRITE); // oplocks break to level II or none
                }
                boolean delay = (h.state & delayMask) != 0 || (h.breaking && !firstAttempt);
                if (!breakHolder(h, breakTo, delay, out)) {
                    refused = true;
                } else if (delay && h.breaking) {
                    waits.add(h.waitBreak());
                }
            }
        }
        out.run();
        return refusedOr(refused, waits);
    }

    /** Throws STATUS_INSUFFICIENT_RESOURCES if a break to wait for could not be queued; else {@link #anyEnded}. */
    private static CompletableFuture<Void> refusedOr(boolean refused, List<CompletableFuture<Void>> waits) {
        if (refused) {
            throw new SmbException(NtStatus.STATUS_INSUFFICIENT_RESOURCES, "max pending breaks");
        }
        return anyEnded(waits);
    }

    /**
     * Registers a new open of {@code key} and decides what it is granted ([MS-SMB2] 3.3.5.9 and 3.3.5.9.8/11,
     * [MS-FSA] 2.1.5.17/18): what it asks for, less what the file's other opens allow.
     *
     * @param requested   the RequestedOplockLevel (LEASE with a lease context in {@code intent})
     * @param directory   a directory: no oplocks, and leases without write caching
     * @param connection  the connection the open was made on
     * @param channels    the connections of the open's session now, where a break goes when its own is gone
     */
    public Grant register(Key key, OplockOpen open, Intent intent, OplockLevel requested, boolean directory,
                          BreakSink connection, Supplier<? extends Collection<? extends BreakSink>> channels) {
        Outbox out = new Outbox();
        Grant grant;
        synchronized (this) {
            List<CachedOpen> entries = files.forNewOpen(key);
            CachedOpen entry = new CachedOpen(open, intent.access(), intent.statOpen(), connection, channels);
            grant = GrantRules.decide(leases, key, entries, entry, intent, requested, directory);
            entries.add(entry);
        }
        out.run();
        return grant;
    }

    /** The open closed: it holds nothing any more, and an open waiting for its break may go on. */
    public void release(Key key, OplockOpen open) {
        Outbox out = new Outbox();
        synchronized (this) {
            CachedOpen gone = files.remove(key, open);
            if (gone == null) {
                return;
            }
            Holder h = gone.holder;
            if (h instanceof Lease lease) {
                lease.entries.remove(gone);
                if (lease.entries.isEmpty()) {
                    leases.remove(lease);
                    endBreak(lease, out);
                }
            } else if (h != null) {
                endBreak(h, out);
            }
        }
        out.run();
    }

    private void endBreak(Holder h, Outbox out) {
        if (h.breaking) {
            pending.ended(h);
        }
        h.endBreak(out);
    }

    // ---------------------------------------------------------------- breaks

    /**
     * Lowers {@code h} to {@code breakTo} ([MS-SMB2] 3.3.4.6 for oplocks, 3.3.4.7 for leases): a holder that only
     * reads is lowered at once and told; one that caches writes or handles is told and keeps its state until it
     * acknowledges, closes, or the timeout passes. A holder already breaking only has its target lowered.
     *
     * <p>A break that needs an acknowledgment is queued within max pending breaks, server-wide and of the holder's
     * account. Past the holder's account's share, the caching is lowered at once. Past the server-wide bound, a break
     * something would wait for ({@code refusable}) is not made and false returned, so the operation fails; one
     * nothing waits for lowers the caching at once.
     *
     * @return false if the break was refused
     */
    private boolean breakHolder(Holder h, int breakTo, boolean refusable, Outbox out) {
        breakTo &= h.state;
        if (h.breaking) {
            h.breakingToRequired &= breakTo;
            return true;
        }
        if (h.state == breakTo) {
            return true;
        }
        int from = h.state;
        if (h instanceof Lease lease) {
            lease.epoch++;
            if (from == READ) {
                lease.state = NONE; // a read-only lease breaks without an acknowledgment
                sendBreak(h, from, NONE, false, out);
                return true;
            }
        } else if (from == READ) {
            h.state = NONE; // level II to none is not acknowledged ([MS-SMB2] 3.3.4.6)
            sendBreak(h, from, NONE, false, out);
            return true;
        }
        // Past its account's share the holder is the one leaving breaks unanswered: it loses the caching at once, as
        // when a break times out ([MS-SMB2] 3.3.2.1), and the requester goes on. Only the server-wide bound, which no
        // one account can fill, refuses the requester instead.
        String accountBound = pending.accountFull(h);
        String serverBound = accountBound == null ? pending.serverFull() : null;
        if (serverBound != null && refusable) {
            pending.warn(serverBound + ": the operation needing one more fails with STATUS_INSUFFICIENT_RESOURCES");
            return false;
        }
        String bound = accountBound != null ? accountBound : serverBound;
        if (bound != null) {
            pending.warn(bound + ": " + LeaseState.toString(from) + " lowered without waiting");
            h.state = breakTo;
            sendBreak(h, from, breakTo, false, out);
            return true;
        }
        h.breaking = true;
        pending.started(h);
        h.breakingToRequired = breakTo;
        h.breakingToRequested = breakTo;
        sendBreak(h, from, breakTo, true, out);
        return true;
    }

    /**
     * Sends the break on a live channel of the holder's session; with none, the break cannot be acknowledged, so it
     * completes at once and the opens are told ({@link OplockOpen#breakWithoutChannel}).
     */
    private void sendBreak(Holder h, int from, int to, boolean ack, Outbox out) {
        BreakSink sink = delivery.sinkOf(h);
        if (sink == null) {
            if (ack) {
                h.state = h.breakingToRequired;
                endBreak(h, out);
            }
            for (CachedOpen e : List.copyOf(h.entries())) {
                out.actions.add(e.open::breakWithoutChannel);
            }
            return;
        }
        delivery.send(sink, h, from, to, ack, out, serial -> timedOut(h, serial));
    }

    /** [MS-SMB2] 3.3.2.1/3.3.2.5: the break was not acknowledged in time: the holder loses all its caching. */
    private void timedOut(Holder h, long serial) {
        Outbox out = new Outbox();
        synchronized (this) {
            if (!h.breaking || h.breakSerial != serial) {
                return;
            }
            LOG.info("break of {} to {} not acknowledged in time: caching dropped", LeaseState.toString(h.state),
                    LeaseState.toString(h.breakingToRequired));
            h.state = NONE; // [MS-SMB2] 3.3.2.1: OplockLevel NONE; Windows drops a lease to none likewise
            endBreak(h, out);
        }
        out.run();
    }

    /**
     * [MS-FSA] 2.1.4.12 for a write, a byte-range lock, or a change of size or allocation through {@code by}:
     * every other holder's read caching breaks to none; nothing waits. A writer holding write caching is alone.
     */
    public void breakReadCaching(Key key, OplockOpen by) {
        breakHolders(key, by, (own, h) -> (own == null || (own.state & WRITE) == 0) && (h.state & READ) != 0
                && !(h == own && h instanceof Lease), state -> NONE, false, false);
    }

    /**
     * [MS-FSA] 2.1.5.14.2 / 2.1.5.14.11: renaming or deleting the file through {@code by} breaks the handle caching
     * of the file's other holders, and waits for them.
     *
     * @param refusable past max pending breaks the operation fails; else (a CLOSE) the caching is lowered at once
     * @return null if nothing is waited for; else a future completed when a break ended (check again then)
     */
    public CompletableFuture<Void> breakHandleCaching(Key key, OplockOpen by, boolean refusable) {
        return breakHolders(key, by, (own, h) -> h != own && (h.state & HANDLE) != 0, state -> state & ~HANDLE,
                true, refusable);
    }

    /**
     * Breaks the batch oplocks held on {@code key} to none and returns what to wait for: another data stream of the
     * same file is being overwritten by an open that does not share delete (the file system's own check of
     * [MS-FSA] 2.1.5.1.2 across the streams of a file; only batch oplocks, not leases, are concerned).
     *
     * @return null if nothing is waited for; else a future completed when a break ended (check again then)
     */
    public CompletableFuture<Void> breakBatchOplocks(Key key) {
        return breakHolders(key, null, (own, h) -> h instanceof OplockHolder && (h.state & HANDLE) != 0,
                state -> NONE, true, true);
    }

    /**
     * The opens registered on {@code share}, by file, for a caller that looks for the opens below a directory
     * ([MS-FSA] 2.1.5.14.11: a directory with open files below it cannot be renamed); the table knows no paths.
     */
    public synchronized Map<Key, List<OplockOpen>> opensOn(Object share) {
        return files.onShare(share);
    }

    /**
     * An entry of directory {@code dir} was added, removed or renamed: its leases break to none, except the lease
     * the change was made under as parent ([MS-SMB2] 3.3.4.7, directory leases of SMB 3.x). Nothing waits.
     *
     * @param client    the ClientGuid of the client making the change; null if unknown
     * @param parentKey the ParentLeaseKey its CREATE named; null if none
     */
    public void breakDirectory(Key dir, Object client, LeaseKey parentKey) {
        LeaseId exempt = client == null || parentKey == null ? null : new LeaseId(client, parentKey);
        breakHolders(dir, null, (own, h) -> h instanceof Lease l && !l.id.equals(exempt)
                && (h.state & (READ | HANDLE)) != 0, state -> NONE, false, false);
    }

    /**
     * The parent lease a change made through {@code by} (an open of {@code child}) spares: the ParentLeaseKey its
     * lease was requested with, as its CREATE named it; null when none.
     */
    public synchronized LeaseKey parentLeaseKey(Key child, OplockOpen by) {
        CachedOpen e = files.find(child, by);
        return e != null && e.holder instanceof Lease l && l.parentKeySet ? l.parentKey : null;
    }

    /** The ClientGuid the lease of {@code by} was requested under; null when it holds no lease. */
    public synchronized Object leaseClient(Key child, OplockOpen by) {
        CachedOpen e = files.find(child, by);
        return e != null && e.holder instanceof Lease l ? l.id.client() : null;
    }

    /**
     * Breaks the write and handle caching held on {@code key} (the embedding API's {@code breakLeases}): oplocks to
     * level II or none, leases to their read caching.
     *
     * @return null if nothing is waited for; else a future completed when a break ended
     */
    public CompletableFuture<Void> breakFor(Key key) {
        return breakHolders(key, null, (own, h) -> (h.state & (WRITE | HANDLE)) != 0, state -> state & READ, true,
                true);
    }

    /**
     * Breaks each holder of {@code key} that {@code which} picks, to the state {@code to} leaves of its own;
     * {@code which} is given the holder of {@code by}'s open first (null when there is none) and the candidate.
     *
     * @param wait whether the caller waits for the breaks that go out
     * @param refusable whether a break past max pending breaks fails the operation (else it lowers at once)
     * @return null if nothing is waited for; else a future completed when one of those breaks ended
     * @throws SmbException STATUS_INSUFFICIENT_RESOURCES when a break to wait for cannot be queued
     */
    private CompletableFuture<Void> breakHolders(Key key, OplockOpen by, BiPredicate<Holder, Holder> which,
                                                 IntUnaryOperator to, boolean wait, boolean refusable) {
        Outbox out = new Outbox();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        boolean refused = false;
        synchronized (this) {
            List<CachedOpen> entries = files.of(key);
            if (entries == null) {
                return null;
            }
            CachedOpen self = by == null ? null : FileOpens.find(entries, by);
            Holder own = self == null ? null : self.holder;
            for (Holder h : FileOpens.holders(entries)) {
                if (which.test(own, h)) {
                    if (!breakHolder(h, to.applyAsInt(h.state), refusable, out)) {
                        refused = true;
                    } else if (wait && h.breaking) {
                        waits.add(h.waitBreak());
                    }
                }
            }
        }
        out.run();
        return refusedOr(refused, waits);
    }

    /** Null when {@code waits} is empty; else a future completed when the first of them is. */
    private static CompletableFuture<Void> anyEnded(List<CompletableFuture<Void>> waits) {
        return waits.isEmpty() ? null
                : CompletableFuture.anyOf(waits.toArray(new CompletableFuture<?>[0])).thenApply(x -> null);
    }

    // ---------------------------------------------------------------- acknowledgments

    /**
     * [MS-SMB2] 3.3.5.22.1 Processing an Oplock Acknowledgment: only a break in progress can be acknowledged, to the
     * level it broke to or lower. An acknowledgment naming SMB2_OPLOCK_LEVEL_LEASE ends the break at none and is
     * STATUS_INVALID_PARAMETER; one naming a level above the break's, or no level at all, ends it at none and is
     * STATUS_INVALID_OPLOCK_PROTOCOL.
     */
    public NtStatus acknowledgeOplock(Key key, OplockOpen open, OplockLevel level) {
        Outbox out = new Outbox();
        NtStatus status = NtStatus.STATUS_SUCCESS;
        synchronized (this) {
            CachedOpen e = files.find(key, open);
            if (e == null || !(e.holder instanceof OplockHolder h) || !h.breaking) {
                return NtStatus.STATUS_INVALID_OPLOCK_PROTOCOL;
            }
            int ack = level == null ? -1 : OplockHolder.bitsOf(level);
            if (level == OplockLevel.LEASE) {
                ack = NONE;
                status = NtStatus.STATUS_INVALID_PARAMETER;
            } else if (ack < 0 || (ack & ~h.breakingToRequired) != 0) {
                ack = NONE;
                status = NtStatus.STATUS_INVALID_OPLOCK_PROTOCOL;
            }
            h.state = ack;
            endBreak(h, out);
            if (ack == NONE) {
                e.holder = null;
            }
        }
        out.run();
        return status;
    }

    /** The oplock {@code open} holds on {@code key} now; NONE when it holds none or is not registered. */
    public synchronized OplockLevel levelOf(Key key, OplockOpen open) {
        CachedOpen e = files.find(key, open);
        return e == null ? OplockLevel.NONE : e.level();
    }

    /**
     * [MS-SMB2] 3.3.5.22.2 Processing a Lease Acknowledgment: the client lowers its lease to a state the break
     * asked for; one that still holds more than the break requires is broken again, in steps, as Windows does.
     */
    public LeaseAck acknowledgeLease(Object client, LeaseKey key, int state) {
        Outbox out = new Outbox();
        LeaseAck result;
        synchronized (this) {
            Lease lease = leases.get(new LeaseId(client, key));
            if (lease == null) {
                return new LeaseAck(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, NONE);
            }
            if (!lease.breaking) {
                return new LeaseAck(NtStatus.STATUS_UNSUCCESSFUL, lease.state);
            }
            if ((state & lease.breakingToRequested) != state) {
                return new LeaseAck(NtStatus.STATUS_REQUEST_NOT_ACCEPTED, lease.state);
            }
            lease.state = state;
            int required = lease.breakingToRequired;
            if ((state & ~required) == 0) {
                endBreak(lease, out);
            } else if ((state & (WRITE | HANDLE)) != 0) {
                // Broken again meanwhile to less than acknowledged: the next step goes out now, one level at a
                // time as Windows does (read caching kept while write or handle caching goes).
                int next = required | READ;
                lease.breakingToRequested = next;
                sendBreak(lease, state, next, true, out);
            } else {
                lease.state = NONE; // read only, broken to none: told, not acknowledged
                endBreak(lease, out);
                sendBreak(lease, state, NONE, false, out);
            }
            result = new LeaseAck(NtStatus.STATUS_SUCCESS, state);
        }
        out.run();
        return result;
    }

    // ---------------------------------------------------------------- durable handles

    /** What {@code open} holds on {@code key}: its oplock level, or its lease's state and key; null if unknown. */
    public synchronized Holding holding(Key key, OplockOpen open) {
        CachedOpen e = files.find(key, open);
        return e == null ? null : e.holding();
    }

    /**
     * Whether {@code open} holds handle caching (a batch oplock, or a lease with HANDLE) and no break of it is in
     * progress: what a durable open needs to be kept for a disconnected client ([MS-SMB2] 3.3.7.1). A break its
     * client can no longer acknowledge would otherwise hold the waiting open until it times out.
     */
    public synchronized boolean keepsHandleCaching(Key key, OplockOpen open) {
        CachedOpen e = files.find(key, open);
        return e != null && e.keepsHandleCaching();
    }

    /**
     * Re-points the holder of a reconnected durable open at its new connection and session ([MS-SMB2] 3.3.5.9.7):
     * breaks go there from now on.
     */
    public synchronized void reattach(Key key, OplockOpen open, BreakSink newConnection,
                                      Supplier<? extends Collection<? extends BreakSink>> newSessionChannels) {
        CachedOpen e = files.find(key, open);
        if (e != null) {
            e.connection = newConnection;
            e.channels = newSessionChannels;
        }
    }

    // ---------------------------------------------------------------- status

    /** "RWH"-style state of the lease {@code open} holds on {@code key}; null when it holds no lease. */
    public synchronized String leaseStateOf(Key key, OplockOpen open) {
        CachedOpen e = files.find(key, open);
        return e == null ? null : e.leaseState();
    }

    /** Leases held server-wide. */
    public synchronized int leaseCount() {
        return leases.size();
    }
}

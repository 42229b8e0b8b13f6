package io.signet.server.durable;

import io.signet.auth.AuthenticatedUser;
import io.signet.config.Limits;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.limits.RateLimitedWarning;
import io.signet.server.oplock.CachingTable;
import io.signet.server.tree.Open;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The create-replay memory of [MS-SMB2] 3.3.5.9.10: every open a DH2Q made, durable or not, by the (ClientGuid,
 * CreateGuid) a replay names, with the response its CREATE got; and the DH2Q CREATEs still waiting for a break, whose
 * replay is answered STATUS_FILE_NOT_AVAILABLE meanwhile. Both are bounded by {@code max durable opens}, and by
 * {@code max durable opens per user} for each account, as the durable opens are, so that one account's DH2Q CREATEs
 * (durable or not) cannot fill them and leave every other account's replays carried out anew. Thread-safe: its
 * state is under its monitor.
 */
public final class CreateReplays {
    private static final Logger LOG = LoggerFactory.getLogger(CreateReplays.class);

    private final Supplier<Limits> limits;
    private final CachingTable caching;
    private final Map<ReplayKey, Replayable> byCreateGuid = new HashMap<>();
    private final Map<ReplayKey, Object> pendingCreates = new HashMap<>();
    /** How many of {@link #byCreateGuid} each account holds ({@link #account}), none at zero. */
    private final Map<String, Integer> byAccount = new HashMap<>();
    /** How many of {@link #pendingCreates} each account holds, none at zero. */
    private final Map<String, Integer> pendingByAccount = new HashMap<>();
    private final RateLimitedWarning overLimit = new RateLimitedWarning(LOG);
    private boolean closed;

    /** A durable v2 open as its client names it for a replay: [MS-SMB2] 3.3.5.9.10 matches both. */
    private record ReplayKey(CreateGuid clientGuid, CreateGuid createGuid) {
    }

    /** An open made by a DH2Q: what a replay of that CREATE is answered with. */
    private record Replayable(Open open, AuthenticatedUser owner, CreateResponse original) {
    }

    /**
     * @param limits  the limits in force (read at each CREATE)
     * @param caching where a replayed lease open's lease is looked up, to answer it in its state of now
     */
    CreateReplays(Supplier<Limits> limits, CachingTable caching) {
        this.limits = limits;
        this.caching = caching;
    }

    /**
     * [MS-SMB2] 3.3.5.9.10 "Open.CreateGuid": remembers an open a DH2Q made, durable or not, with the response its
     * CREATE got, so that a replay of that CREATE is answered with it; forgotten when the open closes. Bounded like
     * the durable opens: past {@code max durable opens}, or past {@code max durable opens per user} of the owner's
     * account, an open is not remembered (one rate-limited warning), and its replay opens anew. An entry of another
     * account under the same ClientGuid and CreateGuid is kept: the GUIDs are the client's to choose.
     */
    public void remember(CreateGuid clientGuid, CreateGuid createGuid, Open open, AuthenticatedUser owner,
                         CreateResponse response) {
        ReplayKey key = new ReplayKey(clientGuid, createGuid);
        Replayable r = new Replayable(open, owner, response);
        synchronized (this) {
            Limits l = limits.get();
            if (closed || owner == null || byCreateGuid.size() >= l.maxDurableOpens()) {
                return;
            }
            Replayable held = byCreateGuid.get(key);
            if (held != null && !held.owner.sameAccount(owner)) {
                // Another account claiming the holder's ClientGuid and CreateGuid (both readable on the wire) must
                // not take the holder's replay from it: its open is simply not replayable.
                LOG.info("CreateGuid {} of {} named by {}: the open is not remembered for replay", createGuid,
                        held.owner.name(), owner.name());
                return;
            }
            String account = account(owner);
            int count = byAccount.getOrDefault(account, 0);
            if (held == null && count >= l.maxDurableOpensPerUser()) {
                overLimit.warn("open of " + owner.name() + " not remembered for a CREATE replay: the account has "
                        + count + " remembered (max durable opens per user)");
                return;
            }
            if (held == null) {
                byAccount.put(account, count + 1);
            }
            byCreateGuid.put(key, r); // in place of the same account's entry, if any: its count stays
        }
        open.onClose(() -> forget(key, r));
    }

    private synchronized void forget(ReplayKey key, Replayable r) {
        if (byCreateGuid.remove(key, r)) {
            byAccount.computeIfPresent(account(r.owner), (k, n) -> n == 1 ? null : n - 1);
        }
    }

    /** An account as one key: kind, domain and name, without case ({@link AuthenticatedUser#sameAccount}). */
    private static String account(AuthenticatedUser user) {
        return user.kind() + ":" + user.domain().toUpperCase(Locale.ROOT) + '\\' + user.name().toUpperCase(Locale.ROOT);
    }

    /**
     * [MS-SMB2] 3.3.5.9.10: a DH2Q that is no replay naming the CreateGuid of an open this client still has is
     * refused with STATUS_DUPLICATE_OBJECTID (smbtorture smb2.replay.replay6 records Windows doing so).
     */
    public synchronized void checkNotDuplicate(CreateGuid clientGuid, CreateGuid createGuid) {
        if (byCreateGuid.containsKey(new ReplayKey(clientGuid, createGuid))) {
            throw new SmbException(NtStatus.STATUS_DUPLICATE_OBJECTID, "CreateGuid " + createGuid + " is in use");
        }
    }

    /**
     * [MS-SMB2] 3.3.5.9.10: the answer to a replayed CREATE (SMB2_FLAGS_REPLAY_OPERATION, the same CreateGuid from a
     * client with the same ClientGuid): the original response, if the open it made is still open, not yet used by a
     * later request (Open.IsReplayEligible) and the replay comes from the same account; empty otherwise, and the
     * CREATE is carried out anew. The oplock level is the one the replay asks for if lower than the one granted, and
     * the durable context is kept only when that level would have made the open durable (what Windows answers,
     * smbtorture smb2.replay.replay-dhv2-oplock2); a lease is answered in its state of now, and a replay naming
     * another lease key is STATUS_ACCESS_DENIED (smb2.replay.replay-dhv2-lease3).
     */
    public synchronized Optional<CreateResponse> replay(CreateGuid clientGuid, CreateGuid createGuid,
                                                        AuthenticatedUser user, OplockLevel requested,
                                                        LeaseKey leaseKey) {
        Replayable r = byCreateGuid.get(new ReplayKey(clientGuid, createGuid));
        if (r == null || !r.open.replayEligible() || !r.owner.sameAccount(user)) {
            return Optional.empty();
        }
        CreateResponse o = r.original;
        int level = o.oplockLevel();
        List<CreateContext> contexts = o.createContexts();
        if (level != OplockLevel.LEASE.code() && requested.code() < level) {
            level = requested.code();
            if (level != OplockLevel.BATCH.code()) {
                contexts = contexts.stream()
                        .filter(c -> !c.name().equals(CreateContext.DURABLE_HANDLE_REQUEST_V2)).toList();
            }
        }
        if (level == OplockLevel.LEASE.code()) {
            // A lease is answered in its state of now: upgraded since, the replay shows it (replay-dhv2-lease1).
            CachingTable.Key key = r.open.oplockKey();
            CachingTable.Holding holding = key == null ? null : caching.holding(key, r.open);
            if (holding != null && holding.isLease()) {
                if (!holding.leaseKey().equals(leaseKey)) {
                    throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "replay names another lease key");
                }
                contexts = contexts.stream().map(c -> c.name().equals(CreateContext.LEASE)
                        ? holding.leaseResponse().toContext() : c).toList();
            }
        }
        return Optional.of(new CreateResponse(level, o.flags(), o.createAction(), o.creationTime(),
                o.lastAccessTime(), o.lastWriteTime(), o.changeTime(), o.allocationSize(), o.endOfFile(),
                o.fileAttributes(), r.open.fileId(), contexts));
    }

    /**
     * A CREATE with this CreateGuid started waiting (an oplock break); a replay of it meanwhile is answered
     * STATUS_FILE_NOT_AVAILABLE ([MS-SMB2] 3.3.5.9.10). Returns what ends the wait, to run however it ends. Bounded
     * like the opens remembered, server-wide and per account: past either bound the wait is not tracked, which only
     * loses the early answer.
     *
     * @param user the account of the CREATE's session
     */
    public Runnable pending(CreateGuid clientGuid, CreateGuid createGuid, AuthenticatedUser user) {
        ReplayKey key = new ReplayKey(clientGuid, createGuid);
        String account = user == null ? "" : account(user);
        Object token = new Object();
        synchronized (this) {
            Limits l = limits.get();
            int count = pendingByAccount.getOrDefault(account, 0);
            if (pendingCreates.size() >= l.maxDurableOpens() || count >= l.maxDurableOpensPerUser()) {
                overLimit.warn("waiting CREATE of " + (user == null ? "?" : user.name()) + " not tracked for a "
                        + "replay: " + count + " of the account's wait (max durable opens per user), "
                        + pendingCreates.size() + " in all (max durable opens)");
                return () -> { };
            }
            if (pendingCreates.putIfAbsent(key, token) != null) {
                return () -> { }; // the same CreateGuid waits already: that wait answers its replays
            }
            pendingByAccount.put(account, count + 1);
        }
        return () -> {
            synchronized (this) {
                if (pendingCreates.remove(key, token)) {
                    pendingByAccount.computeIfPresent(account, (k, n) -> n == 1 ? null : n - 1);
                }
            }
        };
    }

    /** @throws SmbException STATUS_FILE_NOT_AVAILABLE while the CREATE a replay repeats is still waiting */
    public synchronized void checkNotPending(CreateGuid clientGuid, CreateGuid createGuid) {
        if (pendingCreates.containsKey(new ReplayKey(clientGuid, createGuid))) {
            throw new SmbException(NtStatus.STATUS_FILE_NOT_AVAILABLE, "the replayed CREATE is still pending");
        }
    }

    /** The server stops: no more opens are remembered. */
    synchronized void close() {
        closed = true;
    }
}

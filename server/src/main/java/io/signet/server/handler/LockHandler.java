package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.message.LockElement;
import io.signet.protocol.smb2.message.LockRequest;
import io.signet.protocol.smb2.message.LockResponse;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.AsyncRequest;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.Negotiated;
import io.signet.server.conn.RequestContext;
import io.signet.server.session.Session;
import io.signet.server.tree.Open;
import io.signet.storage.lock.ByteRangeLocks;
import java.util.ArrayList;
import java.util.List;

/**
 * [MS-SMB2] 3.3.5.14 Receiving an SMB2 LOCK Request, over the byte-range lock rules of [MS-FSA] 2.1.5.7 and 2.1.5.8.
 *
 * <p>A request either unlocks (its first element has SMB2_LOCKFLAG_UNLOCK, and then every element must be a plain
 * UNLOCK) or locks. Elements are processed in order; a failing unlock leaves the earlier unlocks done, a failing lock
 * undoes the locks the same request granted (3.3.5.14.2). Only a request of one element may block: it goes
 * asynchronous when the range is held and completes with STATUS_SUCCESS once granted, STATUS_CANCELLED on CANCEL,
 * or STATUS_RANGE_NOT_LOCKED if its open closes first (a TREE_DISCONNECT or a LOGOFF closes it too).
 */
public final class LockHandler implements CommandHandler {
    /**
     * Elements one request may carry. [MS-SMB2] 2.2.26 allows 65,535, but each element is a conflict check under the
     * file's lock table; Samba reads LockCount as one byte and so never takes more than 255, and clients send one
     * element per range (Windows batches a handful). More is STATUS_INVALID_PARAMETER, before any element is applied.
     */
    static final int MAX_ELEMENTS_PER_REQUEST = 255;

    private final ByteRangeLocks locks;
    private final CachingBreaks breaks;

    public LockHandler(ByteRangeLocks locks, CachingBreaks breaks) {
        this.locks = locks;
        this.breaks = breaks;
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        LockRequest req = LockRequest.decode(ctx.message());
        if (req.locks().size() > MAX_ELEMENTS_PER_REQUEST) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                    "LockCount " + req.locks().size() + " exceeds " + MAX_ELEMENTS_PER_REQUEST);
        }
        Open open = ctx.open(req.fileId());
        Object file = open.oplockKey();
        if (file == null || open.handle().isDirectory()) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "LOCK on a directory");
        }
        int sequence = lockSequence(ctx, open, req.lockSequence());
        if (open.lockSequences().isReplay(sequence)) {
            new LockResponse().encode(out); // [MS-SMB2] 3.3.5.14: a replay of a LOCK that succeeded
            return;
        }
        List<LockElement> elements = req.locks();
        if ((elements.get(0).flags() & LockElement.UNLOCK) != 0) {
            unlock(file, open, elements);
        } else if (breakReadCaching(open) && !lock(ctx, file, open, elements, sequence)) {
            return; // went asynchronous
        }
        open.lockSequences().succeeded(sequence);
        open.stateChanged(); // a persistent open's record keeps its locks
        new LockResponse().encode(out);
    }

    /**
     * [MS-SMB2] 3.3.5.14: the LockSequence field whose bucket is checked for a replay, or 0 (no bucket) when it is
     * not: on a 2.0.2 connection the field is reserved; otherwise a durable or persistent open is checked, and, as the
     * section says (Samba does the same; Windows checks fewer opens), any open of a 3.x connection that negotiated
     * SMB2_GLOBAL_CAP_MULTI_CHANNEL, whose LOCK may be resent on another channel.
     */
    private static int lockSequence(RequestContext ctx, Open open, int lockSequence) {
        Negotiated n = ctx.connection().negotiated();
        if (n.dialect() == Dialect.SMB2_0_2) {
            return 0;
        }
        boolean multiChannel = n.dialect().isSmb3()
                && (n.serverCapabilities() & NegotiateResponse.CAP_MULTI_CHANNEL) != 0;
        return open.isDurable() || multiChannel ? lockSequence : 0;
    }

    /** [MS-FSA] 2.1.4.12: a byte-range lock breaks the read caching of the file's other opens; always true. */
    private boolean breakReadCaching(Open open) {
        breaks.dataChanging(open);
        return true;
    }

    /** [MS-SMB2] 3.3.5.14.1 Processing Unlocks. */
    private void unlock(Object file, Open open, List<LockElement> elements) {
        for (LockElement e : elements) {
            if (e.flags() != LockElement.UNLOCK) {
                throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "flags " + e.flags() + " in an unlock");
            }
            if (!locks.unlock(file, open, e.offset(), e.length())) {
                throw new SmbException(NtStatus.STATUS_RANGE_NOT_LOCKED);
            }
        }
    }

    /**
     * [MS-SMB2] 3.3.5.14.2 Processing Locks.
     *
     * @return true if answered now; false if the request went asynchronous
     */
    private boolean lock(RequestContext ctx, Object file, Open open, List<LockElement> elements, int sequence) {
        if (open.trackByteRangeLocks()) {
            open.onClose(() -> locks.releaseAll(file, open));
        }
        List<LockElement> granted = new ArrayList<>(elements.size());
        try {
            for (LockElement e : elements) {
                int flags = e.flags();
                boolean failImmediately = (flags & LockElement.FAIL_IMMEDIATELY) != 0;
                int type = flags & ~LockElement.FAIL_IMMEDIATELY;
                if (type != LockElement.SHARED_LOCK && type != LockElement.EXCLUSIVE_LOCK) {
                    throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "lock flags " + flags);
                }
                if (!failImmediately && elements.size() > 1) {
                    throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "blocking lock among several");
                }
                boolean exclusive = type == LockElement.EXCLUSIVE_LOCK;
                if (locks.tryLock(file, open, e.offset(), e.length(), exclusive)) {
                    granted.add(e);
                } else if (failImmediately) {
                    throw new SmbException(NtStatus.STATUS_LOCK_NOT_GRANTED);
                } else if (!ctx.mayGoAsync()) {
                    // [MS-SMB2] 3.3.5.2.7: a blocking lock in the middle of a chain fails as Windows fails it, before
                    // any waiter exists. A waiter taken back after the handler returned could meanwhile be granted by
                    // another connection's unlock, on its thread: that grant marks the LockSequence succeeded (a
                    // resend would be answered STATUS_SUCCESS with nothing held) and writes a persistent open's
                    // record with a lock the client was told it did not get.
                    throw new SmbException(NtStatus.STATUS_INTERNAL_ERROR,
                            "a blocking lock would wait in the middle of a compound chain");
                } else if (waitFor(ctx, file, open, e, exclusive, sequence)) {
                    return false;
                }
            }
        } catch (SmbException e) {
            for (LockElement g : granted) {
                locks.unlock(file, open, g.offset(), g.length());
            }
            throw e;
        }
        return true;
    }

    /**
     * A blocking lock that conflicts: answered STATUS_PENDING now, completed when granted, cancelled or closed.
     *
     * @return true if it waits; false if it was granted at once after all (the range came free since the first
     *         try), to be answered now like a lock granted at once
     */
    private boolean waitFor(RequestContext ctx, Object file, Open open, LockElement e, boolean exclusive,
                            int sequence) {
        AsyncRequest pending = ctx.goAsync();
        Session session = ctx.session();
        ByteRangeLocks.Waiter waiter;
        try {
            waiter = locks.lockOrWait(file, open, e.offset(), e.length(), exclusive,
                    () -> {
                        // Granted while its own open was leaving the session (its tree ending): the lock goes with
                        // the open, so the client is told it never got it.
                        if (session.open(open.fileId()) == open) {
                            open.lockSequences().succeeded(sequence);
                            open.stateChanged();
                            pending.complete(NtStatus.STATUS_SUCCESS, body -> new LockResponse().encode(body));
                        } else {
                            pending.complete(NtStatus.STATUS_RANGE_NOT_LOCKED, null);
                        }
                    },
                    () -> pending.complete(NtStatus.STATUS_RANGE_NOT_LOCKED, null));
        } catch (SmbException refused) {
            ctx.stayedSynchronous(); // answered with the error now: nothing may complete it later
            throw refused;
        }
        if (waiter == null) {
            // Its final response sent from here would go out before the interim response: it is answered now instead.
            ctx.stayedSynchronous();
            return false;
        }
        pending.onCancel(() -> {
            if (locks.cancel(waiter)) {
                pending.complete(NtStatus.STATUS_CANCELLED, null);
            }
        });
        pending.onWithdraw(() -> {
            if (!locks.cancel(waiter)) {
                // Granted in the meantime (another open unlocked), but its success will never be sent: the client
                // is told the request failed, so the lock must not stay held. If the waiter was abandoned instead
                // (its open closed), nothing is held and this finds nothing to unlock.
                locks.unlock(file, open, e.offset(), e.length());
            }
        });
        return true;
    }
}

package io.signet.server.oplock;

import static io.signet.protocol.smb2.LeaseState.NONE;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Caching of one kind held by one or more opens ([MS-FSA] 2.1.1.10), being broken or not: an oplock of one open or a
 * lease. Guarded by the {@link CachingTable} monitor.
 */
abstract class Holder {
    int state;
    boolean breaking;
    int breakingToRequired;
    int breakingToRequested;
    /** Completed when the break in progress ends; null when none is. */
    CompletableFuture<Void> breakDone;
    /** Bumped at every break, so that a late timer of an earlier one does nothing. */
    long breakSerial;
    /** The account whose share of pending breaks this holder's breaks count against; null when unknown. */
    Object account;

    abstract List<CachedOpen> entries();

    /** Ends the break in progress; its waiters are released from {@code out}, outside the monitor. */
    void endBreak(Outbox out) {
        breaking = false;
        breakingToRequired = NONE;
        breakingToRequested = NONE;
        CompletableFuture<Void> done = breakDone;
        breakDone = null;
        if (done != null) {
            out.actions.add(() -> done.complete(null));
        }
    }

    CompletableFuture<Void> waitBreak() {
        if (breakDone == null) {
            breakDone = new CompletableFuture<>();
        }
        return breakDone;
    }
}

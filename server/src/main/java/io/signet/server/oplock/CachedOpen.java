package io.signet.server.oplock;

import static io.signet.protocol.smb2.LeaseState.HANDLE;
import static io.signet.protocol.smb2.LeaseState.NONE;

import io.signet.protocol.smb2.LeaseState;
import io.signet.protocol.smb2.OplockLevel;

import java.util.Collection;
import java.util.function.Supplier;

/** One open of a file in the {@link CachingTable}: its holder (an oplock of its own, a lease it shares, or none) and where its breaks go. */
final class CachedOpen {
    final OplockOpen open;
    final int access;
    final boolean statOpen;
    Holder holder;
    /** Once granted an oplock or lease, even one broken to none: no write caching for others ([MS-FSA]). */
    boolean cached;
    BreakSink connection;
    Supplier<? extends Collection<? extends BreakSink>> channels;

    CachedOpen(OplockOpen open, int access, boolean statOpen, BreakSink connection,
               Supplier<? extends Collection<? extends BreakSink>> channels) {
        this.open = open;
        this.access = access;
        this.statOpen = statOpen;
        this.connection = connection;
        this.channels = channels;
    }

    int state() {
        return holder == null ? NONE : holder.state;
    }

    /** The oplock this open holds now: LEASE with a lease, NONE without caching. */
    OplockLevel level() {
        if (holder == null) {
            return OplockLevel.NONE;
        }
        return holder instanceof Lease ? OplockLevel.LEASE : OplockHolder.levelOf(holder.state);
    }

    /** What this open holds, for durable handles: its oplock level, or its lease's state and key. */
    CachingTable.Holding holding() {
        if (holder instanceof Lease lease) {
            return new CachingTable.Holding(OplockLevel.LEASE, lease.state, lease.id.key(), lease.response());
        }
        return new CachingTable.Holding(level(), NONE, null, null);
    }

    /**
     * Handle caching (a batch oplock, or a lease with HANDLE) with no break of it in progress: what a durable open
     * needs to be kept for a disconnected client ([MS-SMB2] 3.3.7.1).
     */
    boolean keepsHandleCaching() {
        if (holder == null || holder.breaking) {
            return false; // its client went away in the middle of a break: Windows lets the breaker have the file
        }
        return holder instanceof Lease ? (holder.state & HANDLE) != 0 : level() == OplockLevel.BATCH;
    }

    /** "RWH"-style state of this open's lease; null when it holds none. */
    String leaseState() {
        return holder instanceof Lease l ? LeaseState.toString(l.state) : null;
    }
}

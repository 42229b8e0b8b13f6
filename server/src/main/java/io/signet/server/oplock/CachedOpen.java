package io.signet.server.oplock;

import static io.signet.protocol.smb2.LeaseState.NONE;

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
}

package io.signet.server.oplock;

import static io.signet.protocol.smb2.LeaseState.READ;

import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.message.LeaseKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Where a break goes and what goes with it ([MS-SMB2] 3.3.4.6 for oplocks, 3.3.4.7 for leases): the notification
 * on a live connection of the holder, and the acknowledgment timer ([MS-SMB2] 3.3.2.1, 3.3.2.5). Guarded by the
 * {@link CachingTable} monitor; what it sends goes out from the {@link Outbox}.
 */
final class BreakDelivery {
    private final ClientConnections clients;
    private final long timeoutMillis;

    BreakDelivery(ClientConnections clients, long timeoutMillis) {
        this.clients = clients;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * A lease break goes to the oldest live connection of the lease's client; an oplock break (or a lease whose
     * client has none) to a live channel of an open's session. Null when no channel is left.
     */
    BreakSink sinkOf(Holder h) {
        BreakSink sink = h instanceof Lease l ? clients.firstLive(l.id.client()) : null;
        for (CachedOpen e : sink == null ? h.entries() : List.<CachedOpen>of()) {
            sink = liveChannel(e);
            if (sink != null) {
                break;
            }
        }
        return sink;
    }

    /**
     * Sends the break of {@code h} from {@code from} to {@code to} on {@code sink}; one that must be acknowledged
     * starts the timer, which calls {@code timedOut} with the break's serial when it expires.
     */
    void send(BreakSink sink, Holder h, int from, int to, boolean ack, Outbox out, LongConsumer timedOut) {
        if (h instanceof Lease lease) {
            int epoch = lease.version == 2 ? lease.epoch : 0;
            LeaseKey key = lease.id.key();
            out.actions.add(() -> sink.sendLeaseBreak(key, epoch, ack, from, to));
        } else {
            OplockOpen open = ((OplockHolder) h).entry.open;
            int level = (to & READ) != 0 ? OplockLevel.II.code() : OplockLevel.NONE.code();
            out.actions.add(() -> sink.sendOplockBreak(open.fileId(), level));
        }
        if (ack) {
            long serial = ++h.breakSerial;
            out.actions.add(() -> sink.scheduleBreakTimeout(() -> timedOut.accept(serial), timeoutMillis,
                    TimeUnit.MILLISECONDS));
        }
    }

    /**
     * [MS-SMB2] 3.3.4.6 / 3.3.4.7: the break goes to the connection the open was made on while it lives, else to
     * another channel of the open's session (multichannel: the session outlives a lost channel, and its opens
     * with it); null when no channel is left.
     */
    private static BreakSink liveChannel(CachedOpen e) {
        if (e.connection.isActive()) {
            return e.connection;
        }
        if (e.channels != null) {
            for (BreakSink ch : e.channels.get()) {
                if (ch.isActive()) {
                    return ch;
                }
            }
        }
        return null;
    }
}

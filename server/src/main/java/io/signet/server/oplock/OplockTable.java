package io.signet.server.oplock;

import static io.signet.protocol.smb2.OplockLevel.BATCH;
import static io.signet.protocol.smb2.OplockLevel.EXCLUSIVE;
import static io.signet.protocol.smb2.OplockLevel.NONE;

import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.status.NtStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Oplocks of every open on every share ([MS-SMB2] 3.3.1.10 Open.OplockLevel / OplockState, 3.3.4.6 Object Store
 * Indicates an Oplock Break).
 *
 * <p>An exclusive or batch oplock is granted only to a file's sole open. When another open of the file arrives, the
 * holder is sent a break to level NONE and the new open waits (its CREATE goes asynchronous) until the holder
 * acknowledges, closes the file, or the break times out; the new open then gets no oplock. Level II is never
 * granted, so writes never need to break anything. Thread-safe: opens of one file come from many connections.
 */
public final class OplockTable {
    /** [MS-SMB2] 3.3.2.1 Oplock Break Acknowledgment Timer: Windows waits 35 seconds. */
    static final long BREAK_TIMEOUT_SECONDS = 35;

    /** A file or stream: the share's identity and the storage key of the file on it ({@code FileHandle.fileKey()}). */
    public record Key(Object share, Object file) {
    }

    private static final class Holder {
        final OplockOpen open;
        /** Replaced by a durable reconnect ({@link #reattach}); read and written under the table's monitor. */
        BreakSink connection;
        Supplier<? extends Collection<? extends BreakSink>> sessionChannels;
        OplockLevel level;
        CompletableFuture<Void> breaking;

        Holder(OplockOpen open, BreakSink connection,
               Supplier<? extends Collection<? extends BreakSink>> sessionChannels, OplockLevel level) {
            this.open = open;
            this.connection = connection;
            this.sessionChannels = sessionChannels;
            this.level = level;
        }
    }

    private final Map<Key, List<Holder>> files = new HashMap<>();

    /**
     * Breaks an exclusive or batch oplock held on {@code key}, before another open of the file proceeds.
     *
     * @return null if no oplock stands in the way; else a future completed when the holder acknowledged the break,
     *         closed the file, or the break timed out
     */
    public CompletableFuture<Void> breakFor(Key key) {
        Holder toBreak = null;
        CompletableFuture<Void> wait = null;
        synchronized (this) {
            List<Holder> holders = files.get(key);
            if (holders == null) {
                return null;
            }
            for (Holder h : holders) {
                if (h.level == BATCH || h.level == EXCLUSIVE) {
                    if (h.breaking == null) {
                        h.breaking = new CompletableFuture<>();
                        toBreak = h;
                    }
                    wait = h.breaking;
                }
            }
        }
        if (toBreak != null) {
            sendBreak(key, toBreak);
        }
        return wait;
    }

    /**
     * Registers a new open of {@code key} that asks for {@code requested}; returns the level granted: the request
     * if it is exclusive or batch and the file has no other open, else NONE (breaking a holder that raced in).
     *
     * @param connection      the connection the open was made on
     * @param sessionChannels the connections of the open's session now (its channels), where a break goes when the
     *                        open's own connection is gone; null for an open without a session
     */
    public OplockLevel register(Key key, OplockOpen open, BreakSink connection,
                        Supplier<? extends Collection<? extends BreakSink>> sessionChannels, OplockLevel requested) {
        OplockLevel granted = NONE;
        synchronized (this) {
            List<Holder> holders = files.computeIfAbsent(key, k -> new ArrayList<>());
            if (holders.isEmpty() && (requested == BATCH || requested == EXCLUSIVE)) {
                granted = requested;
            }
            holders.add(new Holder(open, connection, sessionChannels, granted));
        }
        if (granted == NONE) {
            breakFor(key);
        }
        return granted;
    }

    private void sendBreak(Key key, Holder h) {
        BreakSink connection;
        Supplier<? extends Collection<? extends BreakSink>> channels;
        synchronized (this) {
            connection = h.connection;
            channels = h.sessionChannels;
        }
        connection.scheduleBreakTimeout(() -> broken(key, h), BREAK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        BreakSink sink = breakChannel(connection, channels);
        if (sink == null) {
            h.open.breakWithoutChannel(); // a durable open of a disconnected client closes, releasing the waiter
        } else {
            sink.sendOplockBreak(h.open.fileId(), NONE.code());
        }
    }

    /**
     * A durable open kept for a disconnected client was reconnected ([MS-SMB2] 3.3.5.9.7): its oplock stays, and
     * its breaks now go to the new connection and session.
     *
     * @return false when the open holds no entry on {@code key} (it was closed meanwhile)
     */
    public synchronized boolean reattach(Key key, OplockOpen open, BreakSink newConnection,
                                         Supplier<? extends Collection<? extends BreakSink>> newSessionChannels) {
        Holder h = find(key, open);
        if (h == null) {
            return false;
        }
        h.connection = newConnection;
        h.sessionChannels = newSessionChannels;
        return true;
    }

    /**
     * [MS-SMB2] 3.3.4.6: the break goes to the connection the open was made on while it lives, else to another
     * channel of the open's session (multichannel: the session outlives a lost channel, and its opens with it);
     * null when no channel is left.
     */
    private static BreakSink breakChannel(BreakSink connection,
                                          Supplier<? extends Collection<? extends BreakSink>> sessionChannels) {
        if (connection.isActive()) {
            return connection;
        }
        if (sessionChannels != null) {
            for (BreakSink ch : sessionChannels.get()) {
                if (ch.isActive()) {
                    return ch;
                }
            }
        }
        return null; // no channel left
    }

    /** The open closed: it holds nothing any more, and an open waiting for its break may go on. */
    public void release(Key key, OplockOpen open) {
        Holder gone = null;
        synchronized (this) {
            List<Holder> holders = files.get(key);
            if (holders == null) {
                return;
            }
            for (Holder h : holders) {
                if (h.open == open) {
                    gone = h;
                }
            }
            holders.remove(gone);
            if (holders.isEmpty()) {
                files.remove(key);
            }
        }
        if (gone != null && gone.breaking != null) {
            gone.breaking.complete(null);
        }
    }

    /**
     * [MS-SMB2] 3.3.5.22.1 Processing an Oplock Acknowledgment: only a break in progress can be acknowledged, and
     * only to the level it broke to.
     *
     * @return STATUS_SUCCESS, or STATUS_INVALID_OPLOCK_PROTOCOL / STATUS_INVALID_DEVICE_STATE as Windows answers
     */
    public NtStatus acknowledge(Key key, OplockOpen open, OplockLevel level) {
        Holder h;
        synchronized (this) {
            h = find(key, open);
            if (h == null || h.breaking == null) {
                return NtStatus.STATUS_INVALID_OPLOCK_PROTOCOL;
            }
            if (level != NONE) {
                return NtStatus.STATUS_INVALID_DEVICE_STATE;
            }
            h.level = NONE;
        }
        h.breaking.complete(null);
        return NtStatus.STATUS_SUCCESS;
    }

    /** The break timed out: the holder loses its oplock anyway ([MS-SMB2] 3.3.2.1). */
    private void broken(Key key, Holder h) {
        synchronized (this) {
            h.level = NONE;
        }
        h.breaking.complete(null);
    }

    /** The oplock {@code open} holds on {@code key} now; NONE when it holds none or is not registered. */
    public synchronized OplockLevel levelOf(Key key, OplockOpen open) {
        Holder h = find(key, open);
        return h == null ? NONE : h.level;
    }

    /**
     * Whether {@code open} holds a batch oplock that no break is taking away: what a durable open needs to be kept
     * for a disconnected client ([MS-SMB2] 3.3.7.1). One whose break is in progress could no longer acknowledge it.
     */
    public synchronized boolean holdsUnbrokenBatch(Key key, OplockOpen open) {
        Holder h = find(key, open);
        return h != null && h.level == BATCH && h.breaking == null;
    }

    private Holder find(Key key, OplockOpen open) {
        List<Holder> holders = files.get(key);
        if (holders != null) {
            for (Holder h : holders) {
                if (h.open == open) {
                    return h;
                }
            }
        }
        return null;
    }
}

package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.server.tree.Open;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Lets one connection's READs and WRITEs run side by side on the {@link IoPool} while its thread goes on with the
 * next requests (a client pipelines them: [MS-SMB2] 3.3.1.2 credits let it have many in flight), and keeps the order
 * the protocol and the storage need:
 * <ul>
 *   <li>Only a READ or WRITE of a file alone in its message leaves the connection's thread; a compound chain runs
 *       in order there as before ([MS-SMB2] 3.3.5.2.7), and so does every other command.</li>
 *   <li>Any other message waits until no I/O of the connection is in flight, and the messages after it wait behind
 *       it: a CLOSE, FLUSH, LOCK, SET_INFO (end of file), TREE_DISCONNECT or LOGOFF never overtakes a READ or WRITE
 *       sent before it, and a READ's response never goes out after its session's LOGOFF.</li>
 *   <li>On one open, a WRITE waits for the open's WRITEs and READs in flight sent before it, a READ for the WRITEs
 *       it overlaps; each waits on the fewest requests that give that order ({@link #start}).</li>
 *   <li>Bounded: at most {@code io max bytes in flight} (each request counting at least {@link #MIN_BYTES}); past
 *       it the transport holds the connection's next frames, and stops reading its socket once they pile up.</li>
 *   <li>A connection that closes drops its waiting messages at once; its opens are closed (or kept for a durable
 *       reconnect) only once its I/O in flight has ended.</li>
 * </ul>
 * Confined to the connection's thread: the I/O threads report an end through {@link #ended}, queued to it.
 */
final class IoPipeline {
    /** What a request counts at least: its response frame's first allocation. */
    static final int MIN_BYTES = 4096;

    /** A message, or the rest of a chain, that waits until no I/O is in flight. */
    interface Waiting {
        void run();

        /** The connection closed first: release what it holds. */
        void drop();
    }

    private final Executor pool;
    private final Executor connectionThread;
    private final long maxBytes;
    private int inFlight;
    private long inFlightBytes;
    private final Map<Open, List<PipelinedRequest>> byOpen = new IdentityHashMap<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** The transport's: serve the frames it held back, now that fewer bytes are in flight. */
    private Runnable resume = () -> { };
    private boolean closed;
    private Runnable onClosed;

    /** @param pool the I/O threads ({@link IoPool}); null: nothing leaves the connection's thread */
    IoPipeline(Executor pool, Executor connectionThread, long maxBytes) {
        this.pool = pool;
        this.connectionThread = connectionThread;
        this.maxBytes = maxBytes;
    }

    void onResume(Runnable resume) {
        this.resume = resume;
    }

    /** Whether the request whose gate just passed may run its I/O on the pool (the caller checks the rest). */
    boolean enabled() {
        return pool != null && !closed;
    }

    /** The commands whose I/O may leave the connection's thread. */
    static boolean pipelines(Smb2Command command) {
        return command == Smb2Command.READ || command == Smb2Command.WRITE;
    }

    /**
     * Whether {@code message} (plain SMB2, one request or a chain) must wait before it is processed: something
     * already waits, or I/O is in flight and it is not a READ or WRITE alone in its message.
     */
    boolean mustWait(ByteBuf message) {
        if (!waiting.isEmpty()) {
            return true;
        }
        return inFlight > 0 && !loneReadOrWrite(message);
    }

    private static boolean loneReadOrWrite(ByteBuf message) {
        int at = message.readerIndex();
        if (message.readableBytes() < Smb2Header.SIZE
                || Smb2Header.readProtocolId(message, at) != Smb2Header.PROTOCOL_ID) {
            return false;
        }
        Smb2Header h = Smb2Header.read(message, at);
        return h.nextCommand() == 0 && pipelines(h.command());
    }

    /** Whether the transport should hold the connection's next frames for now. */
    boolean holdsFrames() {
        return closed || !waiting.isEmpty() || inFlightBytes >= maxBytes;
    }

    /** Runs {@code w} now if no I/O is in flight and nothing waits, else once that is so. */
    void whenIdle(Waiting w) {
        if (closed) {
            w.drop();
        } else if (inFlight == 0 && waiting.isEmpty()) {
            w.run();
        } else {
            waiting.add(w);
        }
    }

    /** Starts {@code r}, handed over by the connection's thread: now, or once the requests it must follow ended. */
    void start(PipelinedRequest r) {
        inFlight++;
        inFlightBytes += r.bytes;
        List<PipelinedRequest> same = byOpen.computeIfAbsent(r.open, o -> new ArrayList<>(2));
        if (r.write) {
            followAsWrite(r, same);
        } else {
            followAsRead(r, same);
        }
        same.add(r);
        if (r.waitingOn == 0) {
            submit(r);
        }
    }

    /**
     * A WRITE follows the open's latest WRITE in flight and every READ of the open started since (or every READ in
     * flight, without an earlier WRITE): the open's WRITEs thus run one at a time in order, and each after every READ
     * sent before it. Edges to the one latest WRITE, not to all of them, keep what the waiting costs linear in the
     * requests in flight (a thousand small WRITEs of one open must not make a million edges); waiting for a READ of
     * other bytes costs little, as a READ is short.
     */
    private static void followAsWrite(PipelinedRequest r, List<PipelinedRequest> same) {
        int lastWrite = -1;
        for (int i = same.size() - 1; i >= 0; i--) {
            if (same.get(i).write) {
                lastWrite = i;
                break;
            }
        }
        if (lastWrite >= 0) {
            follow(r, same.get(lastWrite));
        }
        for (int i = lastWrite + 1; i < same.size(); i++) {
            follow(r, same.get(i)); // all READs: those before the latest WRITE end before it starts
        }
    }

    /**
     * A READ follows the latest WRITE in flight it overlaps, so that it sees the data of every WRITE sent before it
     * on the open (the WRITEs run in order: that one ends after all earlier ones).
     */
    private static void followAsRead(PipelinedRequest r, List<PipelinedRequest> same) {
        for (int i = same.size() - 1; i >= 0; i--) {
            PipelinedRequest earlier = same.get(i);
            if (earlier.write && r.overlaps(earlier)) {
                follow(r, earlier);
                return;
            }
        }
    }

    private static void follow(PipelinedRequest r, PipelinedRequest earlier) {
        r.waitingOn++;
        earlier.dependents.add(r);
    }

    private void submit(PipelinedRequest r) {
        try {
            pool.execute(r);
        } catch (RejectedExecutionException e) {
            // The server is stopping and the I/O threads are gone: run it here, so that it releases what it holds.
            r.run();
        }
    }

    /** On the I/O thread that ran {@code r}: the rest is done on the connection's thread. */
    void ended(PipelinedRequest r) {
        try {
            connectionThread.execute(() -> completed(r));
        } catch (RejectedExecutionException e) {
            // The server is stopping and the connection's thread is gone: nothing else runs for this connection.
            completed(r);
        }
    }

    private void completed(PipelinedRequest r) {
        inFlight--;
        inFlightBytes -= r.bytes;
        List<PipelinedRequest> same = byOpen.get(r.open);
        same.remove(r);
        if (same.isEmpty()) {
            byOpen.remove(r.open);
        }
        r.ctx.answered();
        for (PipelinedRequest next : r.dependents) {
            if (--next.waitingOn == 0) {
                submit(next);
            }
        }
        while (inFlight == 0 && !waiting.isEmpty()) {
            waiting.poll().run();
        }
        if (closed) {
            if (inFlight == 0 && onClosed != null) {
                Runnable last = onClosed;
                onClosed = null;
                last.run();
            }
        } else {
            resume.run();
        }
    }

    /**
     * The connection closed: what waits is dropped, and {@code release} (closing its sessions and opens) runs once
     * no I/O is in flight; now if none is.
     */
    void closed(Runnable release) {
        closed = true;
        Waiting w;
        while ((w = waiting.poll()) != null) {
            w.drop();
        }
        if (inFlight == 0) {
            release.run();
        } else {
            onClosed = release;
        }
    }

    int inFlight() {
        return inFlight;
    }
}

package io.signet.server.notify;

import io.signet.protocol.fscc.FileNotifyInformation;
import io.signet.protocol.status.NtStatus;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change-notify state of one directory open, created by its first CHANGE_NOTIFY ([MS-SMB2] 3.3.5.19) and kept
 * until the open closes, as Windows keeps it: the CompletionFilter, WATCH_TREE and buffer size of that first request
 * stay fixed for the open's life, and changes that arrive while no request is pending are queued here, so that a
 * change between two requests is not lost ([MS-FSA] 2.1.5.10: the open's NotifyEventList).
 *
 * <p>The queue is bounded twice: by the buffer size of the first request (the bytes of the entries, as Windows sizes
 * its per-handle buffer) and by {@code notify max queued changes}. Past either bound the queue is dropped and the
 * next request answers STATUS_NOTIFY_ENUM_DIR: the client enumerates the directory again.
 *
 * <p>Thread-safe: every method holds the watch's monitor; completions are returned to the caller, which sends them
 * after letting go of it.
 */
final class DirectoryWatch {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatch.class);
    /** A request to answer: what {@link NotifyWaiter#complete} gets. */
    record Completion(NotifyWaiter waiter, NtStatus status, List<FileNotifyInformation> entries) {
    }

    /** A parked request and the most bytes its response may carry. */
    private record Waiting(NotifyWaiter waiter, long outputBufferLength) {
    }

    final Object open;
    final Path dir;
    final boolean tree;
    final int filter;
    private final long bufferSize;
    private final int maxQueued;
    private final ArrayDeque<FileNotifyInformation> queued = new ArrayDeque<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private long queuedBytes;
    private boolean overflowed;
    private boolean closed;
    private boolean overflowLogged;

    DirectoryWatch(Object open, Path dir, boolean tree, int filter, long bufferSize, int maxQueued) {
        this.open = open;
        this.dir = dir;
        this.tree = tree;
        this.filter = filter;
        this.bufferSize = bufferSize;
        this.maxQueued = maxQueued;
    }

    /** Whether a change of {@code kind} (FILE_NOTIFY_CHANGE_* bits) concerns it; {@code direct}: an entry of dir. */
    boolean wants(int kind, boolean direct) {
        return (direct || tree) && (filter & kind) != 0;
    }

    /**
     * A new request: answered at once (returned) when changes are queued or the queue overflowed, else parked
     * (null).
     */
    synchronized Completion request(NotifyWaiter waiter, long outputBufferLength) {
        if (closed) {
            return new Completion(waiter, NtStatus.STATUS_NOTIFY_CLEANUP, List.of());
        }
        if (overflowed || !queued.isEmpty()) {
            return drainTo(waiter, outputBufferLength);
        }
        waiting.add(new Waiting(waiter, outputBufferLength));
        return null;
    }

    /** What is queued, as the answer to a request of {@code outputBufferLength} bytes; null when nothing is. */
    synchronized Completion takeQueued(long outputBufferLength) {
        if (closed) {
            return new Completion(null, NtStatus.STATUS_NOTIFY_CLEANUP, List.of());
        }
        return overflowed || !queued.isEmpty() ? drainTo(null, outputBufferLength) : null;
    }

    /** A change for this watch: completes the oldest live request with it, or queues it. */
    synchronized Completion add(FileNotifyInformation change) {
        if (closed) {
            return null;
        }
        if (!overflowed) {
            queued.add(change);
            queuedBytes += change.paddedLength();
            if (queuedBytes > bufferSize || queued.size() > maxQueued) {
                markOverflowed();
            }
        }
        if (change.action() == FileNotifyInformation.FILE_ACTION_RENAMED_OLD_NAME && !overflowed) {
            return null; // a rename's two names go in one response: wait for the NEW_NAME that follows
        }
        Waiting w = nextLive();
        return w == null ? null : drainTo(w.waiter, w.outputBufferLength);
    }

    /** The queued changes can no longer be told apart (the platform lost some): ENUM_DIR next. */
    synchronized Completion overflow() {
        if (closed) {
            return null;
        }
        markOverflowed();
        Waiting w = nextLive();
        return w == null ? null : drainTo(w.waiter, w.outputBufferLength);
    }

    /** CANCEL of a parked request; true when it was parked here. */
    synchronized boolean cancel(NotifyWaiter waiter) {
        return waiting.removeIf(w -> w.waiter == waiter);
    }

    /** Answers every parked request with {@code status} (DELETE_PENDING when the directory is being deleted). */
    synchronized List<Completion> completeAll(NtStatus status) {
        List<Completion> out = new ArrayList<>(waiting.size());
        for (Waiting w : waiting) {
            out.add(new Completion(w.waiter, status, List.of()));
        }
        waiting.clear();
        return out;
    }

    /** The open closed: parked requests end with STATUS_NOTIFY_CLEANUP and the queue is dropped. */
    synchronized List<Completion> close() {
        closed = true;
        queued.clear();
        queuedBytes = 0;
        return completeAll(NtStatus.STATUS_NOTIFY_CLEANUP);
    }

    synchronized int queuedCount() {
        return queued.size();
    }

    private void markOverflowed() {
        if (!overflowLogged) {
            overflowLogged = true;
            LOG.info("change notify queue of {} overflowed ({} changes, {} bytes; notify max queued changes {},"
                    + " buffer {} bytes): the next request answers STATUS_NOTIFY_ENUM_DIR (logged once per open)",
                    dir, queued.size(), queuedBytes, maxQueued, bufferSize);
        }
        overflowed = true;
        queued.clear();
        queuedBytes = 0;
    }

    private Waiting nextLive() {
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            it.remove();
            if (!w.waiter.finished()) {
                return w;
            }
        }
        return null;
    }

    /**
     * [MS-SMB2] 3.3.5.19 / [MS-FSA] 2.1.5.10: the queued changes if they fit the request's OutputBufferLength, else
     * (or after an overflow) STATUS_NOTIFY_ENUM_DIR with no entries. Either way the queue starts empty again.
     */
    private Completion drainTo(NotifyWaiter waiter, long outputBufferLength) {
        List<FileNotifyInformation> entries = List.copyOf(queued);
        boolean fits = !overflowed && FileNotifyInformation.listLength(entries) <= outputBufferLength;
        if (!fits) {
            LOG.debug("{}: STATUS_NOTIFY_ENUM_DIR ({}, {} entries, {} bytes for a buffer of {})", dir,
                    overflowed ? "overflowed" : "too large", entries.size(), FileNotifyInformation.listLength(entries),
                    outputBufferLength);
        }
        overflowed = false;
        queued.clear();
        queuedBytes = 0;
        return fits ? new Completion(waiter, NtStatus.STATUS_SUCCESS, entries)
                : new Completion(waiter, NtStatus.STATUS_NOTIFY_ENUM_DIR, List.of());
    }
}

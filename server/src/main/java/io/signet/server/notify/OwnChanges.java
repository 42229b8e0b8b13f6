package io.signet.server.notify;

import io.signet.protocol.fscc.FileNotifyInformation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What this server itself did to the disk in the last moment, so that the disk watcher's echo of it (inotify sees the
 * server's own writes, its extended-attribute writes included) is not reported a second time. Bounded: the oldest
 * marks go first; a mark lost that way only lets one echo through as a MODIFIED the client re-reads.
 */
final class OwnChanges {
    static final int CREATE = 1;
    static final int DELETE = 2;
    static final int MODIFY = 4;
    /** The disk watcher reports within milliseconds; a loaded host may take longer. */
    static final long WINDOW_NANOS = 2_000_000_000L;
    static final int MAX_MARKS = 4096;

    private record Mark(int kinds, long at) {
    }

    private final LongSupplier clock;
    private final Map<Path, Mark> marks = new LinkedHashMap<>(16, 0.75f, false);

    OwnChanges() {
        this(System::nanoTime);
    }

    OwnChanges(LongSupplier clock) {
        this.clock = clock;
    }

    /** The server changed {@code path} ({@code kinds}: CREATE, DELETE, MODIFY bits). */
    synchronized void record(Path path, int kinds) {
        long now = clock.getAsLong();
        Mark old = marks.remove(path);
        int merged = old != null && now - old.at < WINDOW_NANOS ? old.kinds | kinds : kinds;
        marks.put(path, new Mark(merged, now));
        while (marks.size() > MAX_MARKS) {
            marks.remove(marks.keySet().iterator().next());
        }
    }

    /** Whether a disk event ({@code action} FILE_ACTION_*) for {@code path} is the echo of the server's own change. */
    synchronized boolean isEcho(Path path, int action) {
        Mark m = marks.get(path);
        if (m == null) {
            return false;
        }
        if (clock.getAsLong() - m.at >= WINDOW_NANOS) {
            marks.remove(path);
            return false;
        }
        return (m.kinds & eventKind(action)) != 0;
    }

    /** The kind of a disk event, reported as {@code action}. */
    static int eventKind(int action) {
        return switch (action) {
            case FileNotifyInformation.FILE_ACTION_ADDED -> CREATE;
            case FileNotifyInformation.FILE_ACTION_REMOVED -> DELETE;
            default -> MODIFY;
        };
    }

    /** The disk events a change of {@code action} causes: creating a file also writes its metadata. */
    static int kindOf(int action) {
        return switch (action) {
            case FileNotifyInformation.FILE_ACTION_ADDED, FileNotifyInformation.FILE_ACTION_RENAMED_NEW_NAME ->
                    CREATE | MODIFY;
            case FileNotifyInformation.FILE_ACTION_REMOVED, FileNotifyInformation.FILE_ACTION_RENAMED_OLD_NAME ->
                    DELETE | MODIFY;
            default -> MODIFY;
        };
    }
}

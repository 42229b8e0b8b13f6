package io.signet.storage.metadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The LastWriteTime each open file of a share reports, kept apart from the file system's modification time while the
 * file is open, so that writes update it the way Windows does rather than on every write as POSIX does.
 *
 * <p>Windows (and Samba after it, which the smb2.timestamps tests check) does not move LastWriteTime on each write:
 * the first write through an open makes it move once, about {@link #UPDATE_DELAY} later; later writes through that
 * open move it only when the open is closed; a FLUSH, a change of end of file or a FileBasicInformation set through
 * an open that wrote moves it at once; and an open whose client set LastWriteTime keeps that value ([MS-FSA]
 * Open.UserSetModificationTime). {@link OpenWriteTime} applies those rules for one open; this table holds what the
 * opens of one file share: the value the file reports while it is open, and when each pending update falls due.
 *
 * <p>No timer runs: an update falls due on its own, and is applied the next time anyone looks at the file (a query,
 * a directory listing, another update, the close). From the first write until the last open of the file closes, the
 * file reports the value held here instead of its modification time, which the writes keep moving; each open that
 * changed the file writes the held value back to the file system when it closes, so that the file reports the same
 * after its last close.
 *
 * <p>Files are keyed by the file key of the file itself (for a named stream, of the file that holds it), which is
 * also the key {@link MetadataStore} sees when it stats the file. Thread-safe: every open of the share uses it.
 */
public final class WriteTimeTable {
    /** 2 seconds in FILETIME units (100 ns): when the first write's update falls due (Samba's default delay too). */
    public static final long UPDATE_DELAY = 20_000_000L;

    /** What the opens of one file share. */
    private static final class FileWriteTime {
        int opens;
        /** The LastWriteTime the file reports; 0 while the file reports its modification time. */
        long value;
        /** When pending delayed updates fall due, earliest first. */
        final List<Long> dues = new ArrayList<>(1);
    }

    private final LongSupplier clock;
    private final Map<Object, FileWriteTime> files = new HashMap<>();

    /** @param clock the current time as a FILETIME */
    public WriteTimeTable(LongSupplier clock) {
        this.clock = clock;
    }

    /** The current time as a FILETIME, by the table's clock. */
    public long now() {
        return clock.getAsLong();
    }

    /** One more open of the file {@code key}. */
    public synchronized void opened(Object key) {
        files.computeIfAbsent(key, k -> new FileWriteTime()).opens++;
    }

    /** An open of {@code key} closed; the last one ends what the table kept for the file. */
    public synchronized void closed(Object key) {
        FileWriteTime f = files.get(key);
        if (f != null && --f.opens <= 0) {
            files.remove(key);
        }
    }

    /** The LastWriteTime to report for the file {@code key}, whose modification time is {@code modificationTime}. */
    public synchronized long reported(Object key, long modificationTime) {
        if (key == null || files.isEmpty()) {
            return modificationTime;
        }
        FileWriteTime f = files.get(key);
        if (f == null) {
            return modificationTime;
        }
        applyDue(f);
        return f.value != 0 ? f.value : modificationTime;
    }

    /** Whether the file reports a value held here (rather than its modification time). */
    synchronized boolean holds(Object key) {
        FileWriteTime f = files.get(key);
        return f != null && f.value != 0;
    }

    /**
     * Before a change of the file's data moves its modification time: from now on the file reports {@code current},
     * the value it reported before the change, unless an update sets another.
     */
    synchronized void hold(Object key, long current) {
        FileWriteTime f = files.get(key);
        if (f != null && f.value == 0) {
            f.value = current;
        }
    }

    /** The file's LastWriteTime becomes {@code value} now, after any update that fell due earlier. */
    synchronized void set(Object key, long value) {
        FileWriteTime f = files.get(key);
        if (f != null) {
            applyDue(f);
            f.value = value;
        }
    }

    /** The value the file reports, after any update that fell due; 0 if it reports its modification time. */
    synchronized long value(Object key) {
        FileWriteTime f = files.get(key);
        if (f == null) {
            return 0;
        }
        applyDue(f);
        return f.value;
    }

    /** A delayed update of the file falls due at {@code due}, when the file's LastWriteTime becomes {@code due}. */
    synchronized void schedule(Object key, long due) {
        FileWriteTime f = files.get(key);
        if (f == null) {
            return;
        }
        int i = 0;
        while (i < f.dues.size() && f.dues.get(i) <= due) {
            i++;
        }
        f.dues.add(i, due);
    }

    /** Cancels the delayed update due at {@code due}, if it has not fallen due yet. */
    synchronized void cancel(Object key, long due) {
        FileWriteTime f = files.get(key);
        if (f != null) {
            applyDue(f);
            f.dues.remove(Long.valueOf(due));
        }
    }

    /** Applies, in order, the delayed updates that have fallen due: each sets the time it fell due at. */
    private void applyDue(FileWriteTime f) {
        if (f.dues.isEmpty()) {
            return;
        }
        long now = clock.getAsLong();
        while (!f.dues.isEmpty() && f.dues.get(0) <= now) {
            f.value = f.dues.remove(0);
        }
    }
}

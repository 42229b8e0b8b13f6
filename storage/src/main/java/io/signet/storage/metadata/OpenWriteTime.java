package io.signet.storage.metadata;

import io.signet.protocol.fscc.FileBasicInformation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How one open moves its file's LastWriteTime ({@link WriteTimeTable} holds what the file's opens share).
 * [MS-FSA] 2.1.4.17 (noting that a file has been modified) says a write SHOULD set LastModificationTime to the
 * current time unless Open.UserSetModificationTime is TRUE; Windows, and Samba after it, defer and coalesce that
 * update, so:
 * <ul>
 *   <li>The first write through the open makes LastWriteTime move {@link WriteTimeTable#UPDATE_DELAY} later, to the
 *       time it falls due; until then the file reports the time it had ("delayed write time update").</li>
 *   <li>Writes after that update leave LastWriteTime alone until the open is closed, which sets it to the time of
 *       the close. Closing before the delayed update fell due makes the update then, at the close.</li>
 *   <li>A FLUSH, or a FileEndOfFileInformation or FileBasicInformation set, through an open whose writes still owe
 *       an update makes it at once, and the close then owes nothing; setting a different end of file makes one even
 *       without a write.</li>
 *   <li>A LastWriteTime the client set through the open, or -1 ([MS-FSA] 2.1.5.14.2: stop updating it), makes the
 *       open's writes leave the time alone ([MS-FSA] Open.UserSetModificationTime); -2 lets them move it again.</li>
 * </ul>
 * These are the rules the smb2.timestamps tests check against Windows. Every change the open makes to the time is
 * also written to the file system when the open closes, so the file keeps it after its last close.
 *
 * <p>Not thread-safe, like its {@code FileHandle}: one call at a time, from whichever thread the caller is on.
 */
public final class OpenWriteTime {
    private final WriteTimeTable table;
    private final MetadataStore store;
    private final ChangeTimeKeeper changeTimes;
    /** The file the time belongs to (for a stream open, the file holding the stream). */
    private final Object key;
    private final boolean directory;
    /** The open changed the file's data. */
    private boolean modified;
    /** The open's first write scheduled its delayed update (or an immediate update took its place). */
    private boolean triggered;
    /** When the open's delayed update falls due; 0 when none is pending. */
    private long due;
    /** A write came after the open's update was made: the close sets the time again. */
    private boolean updateOnClose;
    /** [MS-FSA] Open.UserSetModificationTime: the client set LastWriteTime, or stopped its updates. */
    private boolean userSet;
    /** The close's update has been made. */
    private boolean closeApplied;

    public OpenWriteTime(WriteTimeTable table, MetadataStore store, ChangeTimeKeeper changeTimes, Object key,
                         boolean directory) {
        this.table = table;
        this.store = store;
        this.changeTimes = changeTimes;
        this.key = key;
        this.directory = directory;
        table.opened(key);
    }

    /**
     * Call before the open changes the file's data: the file goes on reporting the LastWriteTime it has now, not
     * the modification time the change gives it.
     */
    public void beforeDataChange(Path path) throws IOException {
        if (!table.holds(key)) {
            table.hold(key, store.read(path).lastWriteTime());
        }
    }

    /** The open has written to the file. */
    public void written() {
        modified = true;
        if (userSet) {
            return;
        }
        long now = table.now();
        if (!triggered) {
            triggered = true;
            due = now + WriteTimeTable.UPDATE_DELAY;
            table.schedule(key, due);
        } else if (due == 0 || now >= due) {
            due = 0;
            updateOnClose = true;
        }
    }

    /**
     * A FLUSH, FileBasicInformation or same-size FileEndOfFileInformation through the open: an update the open's
     * writes still owe is made now.
     */
    public void flushed(Path path) throws IOException {
        if (owesUpdate()) {
            updateNow(path);
        }
    }

    /** Whether the open's writes still owe an update: its delayed one, or one written after that was made. */
    private boolean owesUpdate() {
        return !userSet && ((due != 0 && table.now() < due) || updateOnClose);
    }

    /** The open set the end of file or truncated the allocation to a different size: the update is made now. */
    public void resized(Path path) throws IOException {
        updateNow(path);
    }

    private void updateNow(Path path) throws IOException {
        if (userSet) {
            return;
        }
        cancelDue();
        triggered = true;
        updateOnClose = false;
        long now = table.now();
        table.set(key, now);
        store.setLastWriteTime(path, now);
        changeTimes.changed(path, directory);
    }

    /**
     * Applies the LastWriteTime field of a FileBasicInformation set through the open ([MS-FSA] 2.1.5.14.2), after
     * the caller wrote a FILETIME value to the file system: that value is what the file reports from now on, and
     * the open's later writes leave it; -1 keeps the current value through them; -2 lets them move it again.
     */
    public void userSetLastWriteTime(long lastWriteTime) {
        if (lastWriteTime > 0) {
            stopUpdates();
            table.set(key, lastWriteTime);
        } else if (lastWriteTime == FileBasicInformation.STOP_UPDATING) {
            stopUpdates();
        } else if (lastWriteTime == FileBasicInformation.RESUME_UPDATING) {
            userSet = false;
        }
    }

    private void stopUpdates() {
        userSet = true;
        cancelDue();
        updateOnClose = false;
    }

    /**
     * The CREATE of this open overwrote or superseded the file ([MS-FSA] 2.1.5.1.2.1): the file reports the time of
     * that, also where other opens' writes hold an older one.
     */
    public void overwritten(Path path) throws IOException {
        if (table.holds(key)) {
            table.set(key, io.signet.protocol.fscc.FileTime.fromInstant(
                    Files.getLastModifiedTime(path).toInstant()));
        }
    }

    /** Whether the open has written to the file. */
    public boolean modified() {
        return modified;
    }

    /** Whether the client set LastWriteTime through this open (or stopped its updates) and has not resumed them. */
    boolean userSet() {
        return userSet;
    }

    /**
     * The open is being closed: makes the update its writes still owe (at the time of the close) and writes the
     * file's LastWriteTime to the file system if this open changed the file. Only the first call does anything.
     */
    public void closing(Path path) throws IOException {
        if (closeApplied) {
            return;
        }
        closeApplied = true;
        if (!modified) {
            return;
        }
        if (owesUpdate()) {
            cancelDue();
            table.set(key, table.now());
        }
        long value = table.value(key);
        if (value != 0) {
            store.setLastWriteTime(path, value);
            changeTimes.changed(path, directory);
        }
    }

    /** The open is gone; after {@link #closing}, or instead of it for an open that never took effect. */
    public void released() {
        table.closed(key);
    }

    private void cancelDue() {
        if (due != 0) {
            table.cancel(key, due);
            due = 0;
        }
    }
}

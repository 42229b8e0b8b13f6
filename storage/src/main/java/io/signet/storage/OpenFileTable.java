package io.signet.storage;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The files of one share that have at least one open, keyed by file identity (device and inode), so that every
 * open of a file sees the same path after a rename and the same delete-pending flag, and the file is deleted when
 * its last open closes ([MS-FSA] 2.1.5.4: deletion happens when the last handle is cleaned up).
 *
 * <p>A named data stream ([MS-FSCC] 2.1.4) is its own entry, keyed by {@link StreamKey}: as on NTFS, where share
 * access and delete disposition belong to each stream, opening or deleting a stream does not touch the entry of the
 * file that holds it. Its path and SMB path are those of that file, and follow the file's renames.
 *
 * <p>This is where share modes and byte-range locks will live; for now it holds only what rename and delete need.
 */
final class OpenFileTable {
    /** The identity of a named stream: the key of the file holding it and the upper-cased stream name. */
    record StreamKey(Object fileKey, String upcasedStream) {
    }

    /** The state shared by every open of one file; read and written under the table's lock. */
    static final class Entry {
        private final Object key;
        private Path path;
        private String smbPath;
        private boolean deletePending;
        private int opens;

        private Entry(Object key, Path path, String smbPath) {
            this.key = key;
            this.path = path;
            this.smbPath = smbPath;
        }
    }

    private final Map<Object, Entry> entries = new HashMap<>();

    /**
     * Registers one more open of the file identified by {@code key}.
     *
     * @throws SmbException STATUS_DELETE_PENDING if the file is waiting to be deleted ([MS-FSA] 2.1.5.1.2)
     */
    synchronized Entry open(Object key, Path path, String smbPath) {
        Entry e = entries.get(key);
        if (e == null) {
            e = new Entry(key, path, smbPath);
            entries.put(key, e);
        } else if (e.deletePending) {
            throw new SmbException(NtStatus.STATUS_DELETE_PENDING, smbPath + " is being deleted");
        }
        e.opens++;
        return e;
    }

    /**
     * Ends one open; {@code deleteOnClose} marks the file for deletion first (FILE_DELETE_ON_CLOSE). When this was
     * the last open of a file with a delete pending, {@code deleter} runs under the table's lock, so no new open can
     * slip in between the decision and the deletion.
     */
    synchronized void close(Entry e, boolean deleteOnClose, Consumer<Path> deleter) {
        if (deleteOnClose) {
            e.deletePending = true;
        }
        e.opens--;
        if (e.opens > 0) {
            return;
        }
        entries.remove(e.key);
        if (e.deletePending) {
            deleter.accept(e.path);
        }
    }

    synchronized Path path(Entry e) {
        return e.path;
    }

    synchronized String smbPath(Entry e) {
        return e.smbPath;
    }

    synchronized boolean deletePending(Entry e) {
        return e.deletePending;
    }

    synchronized void setDeletePending(Entry e, boolean pending) {
        e.deletePending = pending;
    }

    /** Records a rename of the file of {@code e}; the open streams of that file move with it. */
    synchronized void renamed(Entry e, Path path, String smbPath) {
        e.path = path;
        e.smbPath = smbPath;
        for (Entry other : entries.values()) {
            if (other.key instanceof StreamKey k && k.fileKey().equals(e.key)) {
                other.path = path;
                other.smbPath = smbPath;
            }
        }
    }

    /** Whether the file identified by {@code key} is open and waiting to be deleted. */
    synchronized boolean deletePending(Object key) {
        Entry e = entries.get(key);
        return e != null && e.deletePending;
    }

    /** How many opens the file identified by {@code key} has. */
    synchronized int openCount(Object key) {
        Entry e = entries.get(key);
        return e == null ? 0 : e.opens;
    }
}

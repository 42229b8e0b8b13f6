package io.signet.storage.open;

import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * <p>Each entry also lists its opens with their granted access and ShareAccess, so that a new open of the same stream
 * is checked against all of them ([MS-FSA] 2.1.5.1.2 share access check, {@link ShareAccess#conflicts}). One table
 * serves every connection to the share; all of its state is read and written under the table's lock.
 */
public final class OpenFileTable {
    /** The identity of a named stream: the key of the file holding it and the upper-cased stream name. */
    public record StreamKey(Object fileKey, String upcasedStream) {
    }

    /** The state shared by every open of one file; read and written under the table's lock. */
    public static final class Entry {
        /** Changes only when a stream is renamed ({@link #rekey}); read without the table's lock. */
        private volatile Object key;
        private Path path;
        private String smbPath;
        private boolean deletePending;
        /** The AllocationSize a client asked for ([MS-FSCC] 2.4.4), kept until the last open closes; 0 for none. */
        private long reservedAllocation;
        private final List<Open> opens = new ArrayList<>(2);

        private Entry(Object key, Path path, String smbPath) {
            this.key = key;
            this.path = path;
            this.smbPath = smbPath;
        }

        /** The file (or {@link StreamKey} stream) this entry is about; stable across renames. */
        public Object key() {
            return key;
        }
    }

    /** One open of an entry: what it was granted and what it shares. Compared by identity. */
    public static final class Open {
        private final Entry entry;
        private final int access;
        private final int share;

        private Open(Entry entry, int access, int share) {
            this.entry = entry;
            this.access = access;
            this.share = share;
        }

        public Entry entry() {
            return entry;
        }

        public int access() {
            return access;
        }

        public int share() {
            return share;
        }
    }

    private final Map<Object, Entry> entries = new HashMap<>();

    /**
     * Registers one more open of the file (or stream) identified by {@code key}, granted {@code access} and sharing
     * {@code share}.
     *
     * @throws SmbException STATUS_DELETE_PENDING if the file is waiting to be deleted ([MS-FSA] 2.1.5.1.2);
     *                      STATUS_SHARING_VIOLATION if an existing open conflicts with this one ([MS-FSA] 2.1.5.1.2.1)
     */
    public synchronized Open open(Object key, Path path, String smbPath, int access, int share) {
        Entry e = entries.get(key);
        if (e == null) {
            e = new Entry(key, path, smbPath);
            entries.put(key, e);
        } else {
            if (e.deletePending) {
                throw new SmbException(NtStatus.STATUS_DELETE_PENDING, smbPath + " is being deleted");
            }
            checkSharing(e, access, share, smbPath);
        }
        Open o = new Open(e, access, share);
        e.opens.add(o);
        return o;
    }

    /**
     * Checks, without registering anything, whether an open of {@code key} with {@code access} and {@code share}
     * would be allowed by the opens it has now ([MS-FSA] 2.1.5.1.2.1).
     *
     * @throws SmbException STATUS_SHARING_VIOLATION if it would not
     */
    public synchronized void checkSharing(Object key, int access, int share, String smbPath) {
        Entry e = entries.get(key);
        if (e != null) {
            checkSharing(e, access, share, smbPath);
        }
    }

    private static void checkSharing(Entry e, int access, int share, String smbPath) {
        for (Open existing : e.opens) {
            if (SharingCheck.conflicts(existing.access, existing.share, access, share)) {
                throw new SmbException(NtStatus.STATUS_SHARING_VIOLATION, smbPath + " is open with access 0x"
                        + Integer.toHexString(existing.access) + " sharing 0x" + Integer.toHexString(existing.share));
            }
        }
    }

    /** Whether an open of the same entry other than {@code o} does not share DELETE. */
    public synchronized boolean otherOpenLacksShareDelete(Open o) {
        for (Open other : o.entry.opens) {
            if (other != o && (other.share & ShareAccess.FILE_SHARE_DELETE) == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends one open; {@code deleteOnClose} marks the file for deletion first (FILE_DELETE_ON_CLOSE). When this was
     * the last open of a file with a delete pending, {@code deleter} runs under the table's lock, so no new open can
     * slip in between the decision and the deletion.
     */
    public synchronized void close(Open o, boolean deleteOnClose, Consumer<Path> deleter) {
        Entry e = o.entry;
        if (!e.opens.remove(o)) {
            return;
        }
        if (deleteOnClose) {
            e.deletePending = true;
        }
        if (!e.opens.isEmpty()) {
            return;
        }
        entries.remove(e.key);
        if (e.deletePending) {
            deleter.accept(e.path);
        }
    }

    public synchronized Path path(Entry e) {
        return e.path;
    }

    public synchronized String smbPath(Entry e) {
        return e.smbPath;
    }

    public synchronized boolean deletePending(Entry e) {
        return e.deletePending;
    }

    public synchronized void setDeletePending(Entry e, boolean pending) {
        e.deletePending = pending;
    }

    /** Records a rename of the file of {@code e}; the open streams of that file move with it. */
    public synchronized void renamed(Entry e, Path path, String smbPath) {
        e.path = path;
        e.smbPath = smbPath;
        for (Entry other : entries.values()) {
            if (other.key instanceof StreamKey k && k.fileKey().equals(e.key)) {
                other.path = path;
                other.smbPath = smbPath;
            }
        }
    }

    /**
     * Moves the entry of {@code o} to {@code newKey}: its stream was renamed ([MS-FSA] 2.1.5.15.11.1), and the opens
     * of the stream follow it to its new name.
     *
     * @throws SmbException STATUS_ACCESS_DENIED if {@code newKey} has opens of its own (the target of a rename
     *                      cannot be open, as for files in [MS-FSA] 2.1.5.15.11)
     */
    public synchronized void rekey(Open o, Object newKey) {
        Entry e = o.entry;
        if (e.key.equals(newKey)) {
            return;
        }
        if (entries.containsKey(newKey)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "the rename target is open");
        }
        entries.remove(e.key);
        e.key = newKey;
        entries.put(newKey, e);
    }

    /**
     * Records the allocation size a client asked for on the file of {@code e}. [MS-FSCC] 2.4.4: allocation beyond
     * the end of file is freed when the last handle closes, so it lives in the entry and goes with it.
     */
    public synchronized void reserveAllocation(Entry e, long bytes) {
        e.reservedAllocation = bytes;
    }

    public synchronized long reservedAllocation(Entry e) {
        return e.reservedAllocation;
    }

    /** The allocation reserved for the open file (or stream) identified by {@code key}; 0 if none or not open. */
    public synchronized long reservedAllocation(Object key) {
        Entry e = entries.get(key);
        return e == null ? 0 : e.reservedAllocation;
    }

    /** Whether the file identified by {@code key} is open and waiting to be deleted. */
    public synchronized boolean deletePending(Object key) {
        Entry e = entries.get(key);
        return e != null && e.deletePending;
    }

    /** How many opens the file identified by {@code key} has. */
    public synchronized int openCount(Object key) {
        Entry e = entries.get(key);
        return e == null ? 0 : e.opens.size();
    }
}

package io.signet.server.handler;

import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.CreateAction;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.Connection;
import io.signet.server.oplock.CachingTable;
import io.signet.server.oplock.ClientConnections;
import io.signet.server.session.Session;
import io.signet.server.tree.Open;
import io.signet.server.tree.TreeConnect;
import io.signet.storage.CreateResult;
import io.signet.storage.ShareFileSystem;
import io.signet.storage.create.DesiredAccess;
import io.signet.storage.open.OpenFileTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The oplock and lease part of a CREATE ([MS-SMB2] 3.3.5.9, 3.3.5.9.8, 3.3.5.9.11; [MS-FSA] 2.1.5.1.2): the breaks
 * before the open, the grant after it, and the break of the parent directory's leases when an entry is added.
 */
final class CreateCaching {
    private final CachingTable table;

    CreateCaching(CachingTable table) {
        this.table = table;
    }

    /** What the CREATE asks of the cache. */
    CachingTable.Intent intent(int desiredAccess, CreateDisposition disposition, LeaseContext lease,
                               Connection connection, Session session) {
        boolean overwrite = disposition == CreateDisposition.SUPERSEDE || disposition == CreateDisposition.OVERWRITE
                || disposition == CreateDisposition.OVERWRITE_IF;
        Object client = LeaseRequests.leasesSupported(connection) ? LeaseRequests.client(connection, session) : null;
        // An overwrite writes: an attributes-only open that truncates is no stat open (smbtorture oplock.batch13).
        int access = overwrite ? desiredAccess | AccessMask.FILE_WRITE_DATA : desiredAccess;
        return new CachingTable.Intent(access, overwrite, client, lease,
                ClientConnections.accountKey(session == null ? null : session.user()));
    }

    /**
     * Breaks the caching of other opens that stands in the way of this one ([MS-FSA] 2.1.5.1.2). The share-access
     * check comes first, as in the object store: an open refused for sharing breaks only the handle caching of the
     * others (their cached handles may be what refuses it) and is tried again after; an open that would be admitted
     * breaks their write caching (and everything, when it overwrites).
     *
     * @return null to go ahead now; else a future after which the CREATE is tried again
     * @throws SmbException STATUS_INVALID_PARAMETER when the client's lease key already names another file
     *                      ([MS-SMB2] 3.3.5.9.8)
     */
    CompletableFuture<Void> beforeOpen(TreeConnect tree, String name, int desiredAccess, int shareAccess,
                                       CachingTable.Intent intent, boolean firstAttempt) {
        ShareFileSystem fs = tree.fileSystem();
        CachingTable.Key key = existingKey(fs, name);
        if (intent.lease() != null && intent.client() != null
                && table.leaseKeyNamesAnotherFile(intent.client(), intent.lease().key(), key)) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                    "lease key " + intent.lease().key() + " is in use on another file");
        }
        if (key == null || fs.openFiles().deletePending(key.file())) {
            return null; // a file waiting to be deleted refuses the open (STATUS_DELETE_PENDING) before any break
        }
        boolean sharingViolation = false;
        try {
            fs.openFiles().checkSharing(key.file(), DesiredAccess.map(desiredAccess, false, fs.isReadOnly()),
                    shareAccess, name);
        } catch (SmbException e) {
            if (e.status() != NtStatus.STATUS_SHARING_VIOLATION) {
                throw e;
            }
            sharingViolation = true;
        }
        CompletableFuture<Void> own = table.breakForOpen(key, intent, sharingViolation, firstAttempt);
        if (!intent.overwrite() || (shareAccess & ShareAccess.FILE_SHARE_DELETE) != 0) {
            return own;
        }
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        CachingBreaks.addWait(waits, own);
        for (CachingTable.Key other : otherStreams(key)) {
            CachingBreaks.addWait(waits, table.breakBatchOplocks(other));
        }
        return CachingBreaks.firstEnded(waits);
    }

    /**
     * Overwriting one data stream of a file without sharing delete breaks the batch oplocks of its other streams
     * (the file system's check across streams in the open of [MS-FSA] 2.1.5.1.2): a named stream's, the file's
     * primary stream; the primary stream's, every named stream that is open.
     */
    private List<CachingTable.Key> otherStreams(CachingTable.Key key) {
        if (key.file() instanceof OpenFileTable.StreamKey s) {
            return List.of(new CachingTable.Key(key.share(), s.fileKey()));
        }
        return CachingBreaks.streamKeys(table, key);
    }

    /**
     * Registers the new open with the table and returns what it was granted; the open's close releases it. A new
     * file or directory breaks its parent directory's leases ([MS-SMB2] 3.3.4.7), except the lease the CREATE named
     * as parent.
     */
    CachingTable.Grant register(TreeConnect tree, Open open, CreateResult result, CachingTable.Intent intent,
                                OplockLevel requested, Connection connection, Session session) {
        CachingTable.Key key = new CachingTable.Key(tree.fileSystem(), result.handle().fileKey());
        open.oplockKey(key);
        if (result.handle().isDirectory() && intent.lease() != null
                && !connection.negotiated().dialect().isSmb3()) {
            // Directory leases are SMB 3.x ([MS-SMB2] 3.3.5.9.11, SMB2_GLOBAL_CAP_DIRECTORY_LEASING): none on 2.1.
            intent = new CachingTable.Intent(intent.access(), intent.overwrite(), intent.client(), null,
                    intent.account());
        }
        if (result.action() != CreateAction.CREATED && intent.lease() == null && isStatOpen(intent.access())) {
            requested = OplockLevel.NONE; // a stat open of an existing file gets no oplock (it may get a lease)
        }
        CachingTable.Grant grant = table.register(key, open, intent, requested, result.handle().isDirectory(),
                connection, session::links);
        open.onClose(() -> table.release(key, open));
        if (result.baseFileCreated()) {
            entryChanged(tree.fileSystem(), result.handle().smbPath(), intent);
        }
        return grant;
    }

    private static boolean isStatOpen(int access) {
        int bits = AccessMask.SYNCHRONIZE | AccessMask.FILE_READ_ATTRIBUTES | AccessMask.FILE_WRITE_ATTRIBUTES;
        return (access & bits) != 0 && (access & ~bits) == 0;
    }

    /** An entry of {@code smbPath}'s directory was added, removed or renamed: the directory's leases break. */
    void entryChanged(ShareFileSystem fs, String smbPath, CachingTable.Intent intent) {
        breakParent(table, fs, smbPath, intent.client(),
                intent.lease() != null && intent.lease().hasParentKey() ? intent.lease().parentKey() : null);
    }

    /** {@link #entryChanged} for callers that are no CREATE (CLOSE with delete, SET_INFO rename). */
    static void breakParent(CachingTable table, ShareFileSystem fs, String smbPath, Object client,
                            LeaseKey parentKey) {
        int cut = smbPath.lastIndexOf('\\');
        String parent = cut < 0 ? "" : smbPath.substring(0, cut);
        CachingTable.Key dir = existingKey(fs, parent);
        if (dir != null) {
            table.breakDirectory(dir, client, parentKey);
        }
    }

    /** The key the opens of {@code name} register under, if it exists; null if not. */
    static CachingTable.Key existingKey(ShareFileSystem fs, String name) {
        return fs.existingFileKey(name).map(file -> new CachingTable.Key(fs, file)).orElse(null);
    }
}

package io.signet.server.durable;

import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.config.ShareConfig;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.status.SmbException;
import io.signet.server.oplock.BreakSink;
import io.signet.server.oplock.CachingTable;
import io.signet.server.oplock.ClientConnections;
import io.signet.server.tree.Open;
import io.signet.server.tree.TreeConnect;
import io.signet.storage.CreateResult;
import io.signet.storage.ShareFileSystem;
import io.signet.storage.create.FileAccessCheck;
import io.signet.storage.lock.ByteRangeLocks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the persistent opens of the store back at startup ([MS-SMB2] 3.3.1.10 Open.IsPersistent; Windows keeps
 * them in its resume key filter): each record's file is opened again on its share with the access and share access
 * it had, under the owner's access check, its oplock or lease is granted again, and it becomes a durable open kept
 * for its disconnected client, whose timeout starts now. A record that cannot be brought back (its share gone or no
 * longer continuously available, its file gone, access now refused) is dropped with one log line and its file
 * removed.
 */
public final class PersistentOpenRestore {
    private static final Logger LOG = LoggerFactory.getLogger(PersistentOpenRestore.class);

    /** A share as a tree connect sees it: its configuration, file system, and the access the share grants. */
    public record ShareTarget(ShareConfig config, ShareFileSystem fileSystem, int maximalAccess) {
    }

    private PersistentOpenRestore() {
    }

    /**
     * @param locks      the server's byte-range locks, where a restored open's locks are taken again
     * @param shares     the share of a name, or null when there is none
     * @param access     the access check of a user on a share, as a CREATE makes it
     * @param maxTimeout {@code max durable timeout}: a record's longer timeout is cut to it
     * @return how many opens were restored
     */
    public static int restore(DurableOpenTable table, CachingTable caching, ByteRangeLocks locks,
                              Function<String, ShareTarget> shares,
                              BiFunction<AuthenticatedUser, ShareConfig, FileAccessCheck> access,
                              Duration maxTimeout) {
        PersistentOpenStore store = table.store();
        if (store == null) {
            return 0;
        }
        List<PersistedOpen> records;
        try {
            records = store.load(maxTimeout);
        } catch (IOException e) {
            LOG.error("persistent opens not restored: cannot read {}: {}", store.directory(), e.toString());
            return 0;
        }
        int restored = 0;
        BreakSink detached = new DetachedSink(table);
        for (PersistedOpen r : records) {
            String why;
            try {
                why = restore(r, table, caching, locks, shares, access, detached);
            } catch (SmbException e) {
                why = "opening it again failed with " + e.status() + " (" + e.getMessage() + ")";
            } catch (RuntimeException e) {
                why = e.toString();
            }
            if (why == null) {
                restored++;
                LOG.info("persistent open of {} on {} by {} restored, kept {} s for its client", r.state().path(),
                        r.state().shareName(), r.state().ownerName(), r.state().timeout().toSeconds());
                continue;
            }
            LOG.warn("persistent open of {} on {} by {} dropped: {}", r.state().path(), r.state().shareName(),
                    r.state().ownerName(), why);
            try {
                store.remove(r.state().persistentId());
            } catch (IOException e) {
                LOG.warn("record of dropped persistent open {} not removed: {}", r.state().path(), e.toString());
            }
        }
        return restored;
    }

    /** Restores one record; returns null when done, else why it cannot be. */
    private static String restore(PersistedOpen r, DurableOpenTable table, CachingTable caching,
                                  ByteRangeLocks locks, Function<String, ShareTarget> shares,
                                  BiFunction<AuthenticatedUser, ShareConfig, FileAccessCheck> access,
                                  BreakSink detached) {
        DurableState s = r.state();
        ShareTarget share = shares.apply(s.shareName());
        if (share == null || share.fileSystem() == null) {
            return "the share is gone";
        }
        if (!share.config().continuousAvailability()) {
            return "the share is no longer continuously available";
        }
        AuthenticatedUser owner = new AuthenticatedUser(s.ownerName(), s.ownerDomain(), UserKind.USER);
        CreateResult result = share.fileSystem().create(s.path(), CreateDisposition.OPEN, r.createOptions(),
                r.desiredAccess(), r.shareAccess(), 0, access.apply(owner, share.config()));
        if (result.handle().isDirectory()) {
            result.handle().close();
            return "it names a directory";
        }
        TreeConnect tree = new TreeConnect(0, share.config().name(), share.config(), share.fileSystem(),
                share.maximalAccess(), false);
        Open open = new Open(new FileId(s.persistentId(), 0), tree, result.handle(), r.createOptions());
        CachingTable.Key key = new CachingTable.Key(share.fileSystem(), result.handle().fileKey());
        open.oplockKey(key);
        // The lease table knows a client by its ClientGuid and account, as a CREATE registers it: keyed otherwise,
        // the lease would be no client's, and its owner's acknowledgment of a break would find no lease.
        // Its account too, so that its breaks count against its owner's share of max pending breaks.
        CachingTable.Intent intent = new CachingTable.Intent(r.desiredAccess(), false,
                ClientConnections.clientKey(wireBytes(s.clientGuid()), owner), r.lease(),
                ClientConnections.accountKey(owner));
        // The first open of the file since the start: it is granted what it held.
        caching.register(key, open, intent, r.oplock(), false, detached, List::of);
        open.onClose(() -> caching.release(key, open));
        // [MS-SMB2] 3.3.5.9.12: the reconnect gives back its locks and position as they were.
        open.currentByteOffset(r.position());
        if (r.lockSequences() != null) {
            open.lockSequences().fromText(r.lockSequences()); // [MS-SMB2] 3.3.5.14: a resent LOCK stays a replay
        }
        if (!r.locks().isEmpty()) {
            if (open.trackByteRangeLocks()) {
                open.onClose(() -> locks.releaseAll(key, open));
            }
            for (ByteRangeLocks.Held l : r.locks()) {
                if (!locks.tryLock(key, open, l.offset(), l.length(), l.exclusive())) {
                    open.closeQuietly();
                    return "its byte-range lock at " + Long.toUnsignedString(l.offset()) + " is held by another open";
                }
            }
        }
        if (!table.restore(r, open)) {
            open.closeQuietly();
            return "an open with its FileId exists";
        }
        return null;
    }

    /** The 16 bytes of a GUID in wire order, as a NEGOTIATE carried the ClientGuid ({@link CreateGuid#of}). */
    private static byte[] wireBytes(CreateGuid guid) {
        return ByteBuffer.allocate(CreateGuid.SIZE).putLong(guid.high()).putLong(guid.low()).array();
    }

    /**
     * Where the breaks of a restored open go until its client reconnects: nowhere. It is never active, so the caching
     * table never sends through it and treats a break as one without a channel (the durable open closes).
     */
    private static final class DetachedSink implements BreakSink {
        private final DurableOpenTable table;

        DetachedSink(DurableOpenTable table) {
            this.table = table;
        }

        @Override
        public boolean isActive() {
            return false;
        }

        @Override
        public void sendOplockBreak(FileId fileId, int level) {
            throw new IllegalStateException("no connection carries a break of a restored open");
        }

        @Override
        public void sendLeaseBreak(LeaseKey key, int epoch, boolean ackRequired, int from, int to) {
            throw new IllegalStateException("no connection carries a break of a restored open");
        }

        @Override
        public void scheduleBreakTimeout(Runnable task, long delay, TimeUnit unit) {
            table.schedule(task, delay, unit);
        }
    }
}

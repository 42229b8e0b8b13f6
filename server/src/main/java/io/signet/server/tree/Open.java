package io.signet.server.tree;

import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.smb2.message.FileId;
import io.signet.server.oplock.CachingTable;
import io.signet.server.oplock.OplockOpen;
import io.signet.storage.lock.ByteRangeLocks;
import io.signet.storage.FileHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * [MS-SMB2] 3.3.1.10 Per Open: one CREATE's handle on a file or directory, or on a named pipe of IPC$. Requests on
 * any channel of its session may reach it at the same time, so its own mutable state is thread-safe (volatile,
 * copy-on-write, or under its monitor). Its storage {@link FileHandle} is not: it is called one request at a time
 * when the open is used over one channel, and QUERY_DIRECTORY moves its cursor under this open's monitor; requests on
 * one open sent over two channels at once are not serialised (docs/ARCHITECTURE.md, Threads).
 */
public final class Open implements OplockOpen {
    private static final Logger LOG = LoggerFactory.getLogger(Open.class);

    /** Replaced by a durable reconnect only ({@link #reattach}), as the tree connect is. */
    private volatile FileId fileId;
    private volatile TreeConnect tree;
    private final FileHandle handle;
    private final RpcPipe pipe;
    private final int createOptions;
    private volatile long currentByteOffset;
    private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
    private boolean byteRangeLocksTracked;
    private volatile CachingTable.Key oplockKey;
    private volatile Durability durability;
    /** [MS-SMB2] 3.3.1.10 Open.IsReplayEligible: true until a request other than its CREATE uses the open. */
    private volatile boolean replayEligible = true;
    private final ChannelSequence channelSequence = new ChannelSequence();
    private final LockSequences lockSequences = new LockSequences();

    public Open(FileId fileId, TreeConnect tree, FileHandle handle, int createOptions) {
        this.fileId = fileId;
        this.tree = tree;
        this.handle = handle;
        this.pipe = null;
        this.createOptions = createOptions;
    }

    /** An open of a named pipe: its I/O goes to the pipe's DCE/RPC conversation. */
    public Open(FileId fileId, TreeConnect tree, RpcPipe pipe) {
        this.fileId = fileId;
        this.tree = tree;
        this.handle = null;
        this.pipe = pipe;
        this.createOptions = 0;
    }

    public boolean isPipe() {
        return pipe != null;
    }

    /** The pipe of a pipe open; null for files. */
    public RpcPipe pipe() {
        return pipe;
    }

    @Override
    public FileId fileId() {
        return fileId;
    }

    public TreeConnect tree() {
        return tree;
    }

    public FileHandle handle() {
        return handle;
    }

    public int createOptions() {
        return createOptions;
    }

    /**
     * A durable reconnect ([MS-SMB2] 3.3.5.9.7, 3.3.5.9.12) moves this open, kept while its client was away, to the
     * client's new session and tree connect: the same handle, oplock, byte-range locks and position under a new
     * FileId (the persistent half is kept). Called before the open joins the new session's table.
     */
    public void reattach(FileId newFileId, TreeConnect newTree) {
        if (newFileId.persistent() != fileId.persistent()) {
            throw new IllegalArgumentException("a reconnect keeps the persistent FileId");
        }
        this.fileId = newFileId;
        this.tree = newTree;
    }

    /** Marks the open durable: {@code d} decides what happens to it when its session ends without a CLOSE. */
    public void durability(Durability d) {
        this.durability = d;
    }

    public boolean isDurable() {
        return durability != null;
    }

    /**
     * The session ended without closing this open: true when it is kept for a reconnect ([MS-SMB2] 3.3.7.1), in
     * which case the caller must not close it.
     */
    public boolean keepOnDisconnect() {
        Durability d = durability;
        return d != null && d.keepOnDisconnect(this);
    }

    /** [MS-SMB2] 3.3.4.6: a break for this open found no live channel; a kept durable open closes. */
    @Override
    public void breakWithoutChannel() {
        Durability d = durability;
        if (d != null) {
            d.breakWithoutChannel(this);
        }
    }

    /**
     * What a reconnect gives back changed (a byte-range lock taken or released, the position set by SET_INFO): a
     * persistent open's record is written again, so that a restart gives back what the client holds. READ and WRITE
     * move the position too, but are not written for: a record write per I/O would cost more than the position is
     * worth; the record takes the position as it stands whenever it is written.
     */
    public void stateChanged() {
        Durability d = durability;
        if (d != null) {
            d.stateChanged(this);
        }
    }

    /**
     * Open.IsReplayEligible ([MS-SMB2] 3.3.5.9.10): a replay of the CREATE that made this open is answered with its
     * original result only until the client used the open; after that a replay opens anew.
     */
    public boolean replayEligible() {
        return replayEligible;
    }

    /** A request other than the CREATE reached the open: its CREATE can no longer be replayed. */
    public void used() {
        if (replayEligible) {
            replayEligible = false;
        }
    }

    /** Open.LockSequenceArray ([MS-SMB2] 3.3.5.14): which LOCK a resend would replay. */
    public LockSequences lockSequences() {
        return lockSequences;
    }

    /** Open.ChannelSequence and the requests counted under it ([MS-SMB2] 3.3.5.2.10). */
    public ChannelSequence channelSequence() {
        return channelSequence;
    }

    /** FilePositionInformation ([MS-FSCC] 2.4.35): kept for clients that query or set it; SMB2 I/O is positional. */
    public long currentByteOffset() {
        return currentByteOffset;
    }

    public void currentByteOffset(long offset) {
        this.currentByteOffset = offset;
    }

    /**
     * The file's or directory's key in the caching table (and the byte-range lock table); null for a pipe, and for
     * an open not registered yet.
     */
    public CachingTable.Key oplockKey() {
        return oplockKey;
    }

    public void oplockKey(CachingTable.Key key) {
        this.oplockKey = key;
    }

    /**
     * Adds an action to run after the handle closes, whatever the outcome: the open's oplock is released, its
     * byte-range locks are dropped. Actions run in the order they were added.
     */
    public void onClose(Runnable action) {
        onClose.add(action);
    }

    /**
     * True the first time it is called: the caller is the first to lock a byte range through this open and registers
     * the close action that releases the open's locks; false afterwards.
     */
    public synchronized boolean trackByteRangeLocks() {
        if (byteRangeLocksTracked) {
            return false;
        }
        byteRangeLocksTracked = true;
        return true;
    }

    /** What an access to a range of the file does, for {@link #byteRangeLocksAllow}. */
    public enum RangeAccess { READ, WRITE }

    /**
     * Whether the byte-range locks of the file's other opens let this open read or write the range, the check READ
     * ([MS-FSA] 2.1.5.2: another open's exclusive lock refuses it), WRITE ([MS-FSA] 2.1.5.3: any lock refuses it but
     * the writer's own exclusive one), FSCTL_SET_ZERO_DATA (as a write) and server-side copy (the source as a read, the
     * target as a write) make before they touch the data. An open without a key, or a directory (which has no locks),
     * meets no lock.
     */
    public boolean byteRangeLocksAllow(ByteRangeLocks locks, RangeAccess access, long offset, long length) {
        CachingTable.Key key = oplockKey;
        if (key == null) {
            return true;
        }
        return access == RangeAccess.READ ? locks.canRead(key, this, offset, length)
                : locks.canWrite(key, this, offset, length);
    }

    /** Closes the storage handle (applying a pending delete), then releases what the open held. */
    public void close() {
        try {
            if (pipe != null) {
                pipe.close();
            } else {
                handle.close();
            }
        } finally {
            runCloseActions();
        }
    }

    /** Runs every close action, even when one of them throws: one failure must not keep the others' resources. */
    private void runCloseActions() {
        for (Runnable action : onClose) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("a close action failed: {}", e.toString());
            }
        }
    }

    /** Closes when the session or tree goes away; errors are logged, not thrown. */
    public void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("closing {} failed: {}", pipe != null ? "a pipe" : handle.smbPath(), e.toString());
        }
    }
}

package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.AsyncRequest;
import io.signet.server.conn.Connection;
import io.signet.server.conn.RequestContext;
import io.signet.server.oplock.CachingTable;
import io.signet.server.oplock.OplockOpen;
import io.signet.server.tree.Open;
import io.signet.storage.FileHandle;
import io.signet.storage.ShareFileSystem;
import io.signet.storage.open.OpenFileTable;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The breaks that operations other than CREATE cause ([MS-FSA] 2.1.4.12 and 2.1.5.14; [MS-SMB2] 3.3.4.7 for
 * directory leases), one small call from each handler: WRITE, LOCK and a change of size break read caching without
 * waiting; a rename or delete breaks handle caching and waits (asynchronously), a directory's rename that of every
 * open below it too; an entry added, removed or renamed breaks the directory's leases.
 */
public final class CachingBreaks {
    private final CachingTable table;

    public CachingBreaks(CachingTable table) {
        this.table = table;
    }

    /** WRITE, LOCK, SET_INFO of end of file or allocation through {@code open}: read caching of others breaks. */
    public void dataChanging(Open open) {
        CachingTable.Key key = open.oplockKey();
        if (key != null) {
            table.breakReadCaching(key, open);
        }
    }

    /**
     * Runs {@code action} once no other open of the file caches its handle ([MS-FSA] 2.1.4.12: a delete breaks
     * handle caching and waits): now when nothing is broken, else asynchronously after the breaks, the request
     * answered from there.
     */
    public void afterHandleBreaks(RequestContext ctx, Open open, ByteBuf out, Consumer<ByteBuf> action) {
        after(ctx, open, out, false, true, action);
    }

    /**
     * {@link #afterHandleBreaks} for the CLOSE of a DELETE_ON_CLOSE open, which sets the delete pending. A CLOSE is
     * never refused: past max pending breaks it goes on without waiting.
     */
    public void beforeDeletingClose(RequestContext ctx, Open open, ByteBuf out, Consumer<ByteBuf> action) {
        after(ctx, open, out, false, false, action);
    }

    /**
     * {@link #afterHandleBreaks} for a rename ([MS-FSA] 2.1.5.14.11). A directory's rename also breaks the handle
     * caching of every open below it and waits for those breaks, so that clients caching handles there may close
     * them; if any open below is left then, the rename fails with STATUS_ACCESS_DENIED, as Windows answers
     * (smbtorture smb2.rename.rename_dir_openfile).
     */
    public void beforeRename(RequestContext ctx, Open open, ByteBuf out, Consumer<ByteBuf> action) {
        boolean tree = open.handle().isDirectory() && !open.handle().isStream();
        after(ctx, open, out, tree, true, action);
    }

    /** @param refusable past max pending breaks the request fails (else it goes on without waiting) */
    private void after(RequestContext ctx, Open open, ByteBuf out, boolean below, boolean refusable,
                       Consumer<ByteBuf> action) {
        CompletableFuture<Void> wait = breakHandles(open, below, refusable);
        if (wait == null) {
            finish(open, below, action, out);
            return;
        }
        AsyncRequest async = ctx.goAsync();
        retryAfter(wait, async, ctx.connection(), open, below, refusable, action);
    }

    private void retryAfter(CompletableFuture<Void> wait, AsyncRequest async, Connection connection, Open open,
                            boolean below, boolean refusable, Consumer<ByteBuf> action) {
        wait.thenRun(() -> connection.executor().execute(() -> {
            if (async.finished()) {
                return;
            }
            CompletableFuture<Void> again;
            try {
                again = breakHandles(open, below, refusable);
            } catch (SmbException e) {
                async.complete(e.status(), null); // max pending breaks
                return;
            }
            if (again != null) {
                retryAfter(again, async, connection, open, below, refusable, action);
            } else {
                async.complete(NtStatus.STATUS_SUCCESS, body -> finish(open, below, action, body));
            }
        }));
    }

    private void finish(Open open, boolean below, Consumer<ByteBuf> action, ByteBuf out) {
        if (below && !keysBelow(open).isEmpty()) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, open.handle().smbPath()
                    + " has open files below it");
        }
        action.accept(out);
    }

    /**
     * Breaks the handle caching of the file's other opens and, with {@code below}, of every open below it.
     *
     * @throws SmbException STATUS_INSUFFICIENT_RESOURCES past max pending breaks, when {@code refusable}; else
     *                      the caching past the bound is lowered without waiting
     */
    private CompletableFuture<Void> breakHandles(Open open, boolean below, boolean refusable) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        CachingTable.Key key = open.oplockKey();
        if (key != null) {
            addWait(waits, table.breakHandleCaching(key, open, refusable));
        }
        if (key != null && !open.handle().isStream()) {
            // The file's named streams are renamed or deleted with it: their handle caching goes too.
            for (CachingTable.Key k : streamKeys(table, key)) {
                addWait(waits, table.breakHandleCaching(k, null, refusable));
            }
        }
        if (below) {
            for (CachingTable.Key k : keysBelow(open)) {
                addWait(waits, table.breakHandleCaching(k, null, refusable));
            }
        }
        return firstEnded(waits);
    }

    static void addWait(List<CompletableFuture<Void>> waits, CompletableFuture<Void> wait) {
        if (wait != null) {
            waits.add(wait);
        }
    }

    /** Null when nothing is waited for; else a future completed when the first of {@code waits} is. */
    static CompletableFuture<Void> firstEnded(List<CompletableFuture<Void>> waits) {
        return waits.isEmpty() ? null
                : CompletableFuture.anyOf(waits.toArray(new CompletableFuture<?>[0])).thenApply(x -> null);
    }

    /** The named streams of file {@code base} that have opens. */
    static List<CachingTable.Key> streamKeys(CachingTable table, CachingTable.Key base) {
        List<CachingTable.Key> out = new ArrayList<>();
        for (CachingTable.Key k : table.opensOn(base.share()).keySet()) {
            if (k.file() instanceof OpenFileTable.StreamKey s && s.fileKey().equals(base.file())) {
                out.add(k);
            }
        }
        return out;
    }

    /** The files with opens below the directory of {@code dir} (its own streams are not below it). */
    private List<CachingTable.Key> keysBelow(Open dir) {
        Path top = dir.handle().path();
        List<CachingTable.Key> out = new ArrayList<>();
        for (Map.Entry<CachingTable.Key, List<OplockOpen>> f : table.opensOn(dir.tree().fileSystem()).entrySet()) {
            for (OplockOpen o : f.getValue()) {
                if (o instanceof Open other && isBelow(other, top)) {
                    out.add(f.getKey());
                    break;
                }
            }
        }
        return out;
    }

    private static boolean isBelow(Open o, Path top) {
        Path p = o.handle().path();
        return !p.equals(top) && p.startsWith(top);
    }

    /**
     * Before the CLOSE of {@code open}: what breaks its directory's leases if the close deletes the file (a pending
     * delete, or the open's own DELETE_ON_CLOSE, taking effect with the last open), or if the open wrote to the
     * file, whose entry's times then change (smbtorture smb2.lease.v2_request: the close of a modified file breaks
     * the directory's lease). Run it after the close.
     */
    public Runnable entryRemoval(Open open) {
        FileHandle h = open.handle();
        boolean mayDelete = h.deletePending() || (open.createOptions() & CreateOptions.DELETE_ON_CLOSE) != 0;
        boolean modified = h.modified();
        if (!modified && (!mayDelete || h.isStream())) {
            return () -> { };
        }
        Runnable change = entryChange(open.tree().fileSystem(), h.smbPath(), open);
        Path path = h.path();
        return () -> {
            if (modified || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                change.run();
            }
        };
    }

    /**
     * An entry named {@code smbPath} is being added to, removed from or renamed in its directory through {@code by}:
     * returns what breaks the directory's leases once the change is made (the spared parent lease is read now,
     * while {@code by} still holds its lease).
     */
    public Runnable entryChange(ShareFileSystem fs, String smbPath, Open by) {
        int cut = smbPath.lastIndexOf('\\');
        CachingTable.Key dir = CreateCaching.existingKey(fs, cut < 0 ? "" : smbPath.substring(0, cut));
        CachingTable.Key child = by.oplockKey();
        if (dir == null) {
            return () -> { };
        }
        Object client = child == null ? null : table.leaseClient(child, by);
        var parentKey = child == null ? null : table.parentLeaseKey(child, by);
        return () -> table.breakDirectory(dir, client, parentKey);
    }
}

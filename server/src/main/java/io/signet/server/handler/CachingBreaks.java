package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.status.NtStatus;
import io.signet.server.conn.AsyncRequest;
import io.signet.server.conn.Connection;
import io.signet.server.conn.RequestContext;
import io.signet.server.oplock.CachingTable;
import io.signet.server.tree.Open;
import io.signet.storage.FileHandle;
import io.signet.storage.ShareFileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The breaks that operations other than CREATE cause ([MS-FSA] 2.1.4.12 and 2.1.5.14; [MS-SMB2] 3.3.4.7 for
 * directory leases), one small call from each handler: WRITE, LOCK and a change of size break read caching without
 * waiting; a rename breaks handle caching and waits (asynchronously); an entry added, removed or renamed breaks the
 * directory's leases.
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
     * Runs {@code action} once no other open of the file caches its handle ([MS-FSA] 2.1.5.14.11: a rename breaks
     * handle caching and waits): now when nothing is broken, else asynchronously after the breaks, the request
     * answered from there.
     */
    public void afterHandleBreaks(RequestContext ctx, Open open, ByteBuf out, Consumer<ByteBuf> action) {
        CachingTable.Key key = open.oplockKey();
        CompletableFuture<Void> wait = key == null ? null : table.breakHandleCaching(key, open);
        if (wait == null) {
            action.accept(out);
            return;
        }
        AsyncRequest async = ctx.goAsync();
        retryAfter(wait, async, ctx.connection(), key, open, action);
    }

    private void retryAfter(CompletableFuture<Void> wait, AsyncRequest async, Connection connection,
                            CachingTable.Key key, Open open, Consumer<ByteBuf> action) {
        wait.thenRun(() -> connection.executor().execute(() -> {
            if (async.finished()) {
                return;
            }
            CompletableFuture<Void> again = table.breakHandleCaching(key, open);
            if (again != null) {
                retryAfter(again, async, connection, key, open, action);
            } else {
                async.complete(NtStatus.STATUS_SUCCESS, action);
            }
        }));
    }

    /**
     * Before the CLOSE of {@code open}: what breaks its directory's leases if the close deletes the file (a pending
     * delete, or the open's own DELETE_ON_CLOSE, taking effect with the last open). Run it after the close.
     */
    public Runnable entryRemoval(Open open) {
        FileHandle h = open.handle();
        boolean mayDelete = h.deletePending() || (open.createOptions() & CreateOptions.DELETE_ON_CLOSE) != 0;
        if (!mayDelete || h.isStream()) {
            return () -> { };
        }
        Runnable change = entryChange(open.tree().fileSystem(), h.smbPath(), open);
        Path path = h.path();
        return () -> {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
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

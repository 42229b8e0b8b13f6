package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.message.CloseRequest;
import io.signet.protocol.smb2.message.CloseResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.notify.ChangeNotifier;
import io.signet.server.tree.Open;

/** [MS-SMB2] 3.3.5.10 Receiving an SMB2 CLOSE Request. */
public final class CloseHandler implements CommandHandler {
    private final ChangeNotifier notifier;
    private final CachingBreaks breaks;

    public CloseHandler(ChangeNotifier notifier, CachingBreaks breaks) {
        this.notifier = notifier;
        this.breaks = breaks;
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        CloseRequest req = CloseRequest.decode(ctx.message());
        Open open = ctx.anyOpen(req.fileId());
        if (open.isPipe()) {
            removeOrClosed(ctx, open);
            open.close();
            CloseResponse.WITHOUT_ATTRIBUTES.encode(out);
            return;
        }
        if ((open.createOptions() & CreateOptions.DELETE_ON_CLOSE) != 0 && !open.handle().deletePending()) {
            // The close sets the delete pending: as for FileDispositionInformation, the handle caching of the file's
            // other opens is broken first, and waited for (smbtorture smb2.lease.unlink).
            breaks.beforeDeletingClose(ctx, open, out, body -> closeNow(ctx, open, req, body));
            return;
        }
        closeNow(ctx, open, req, out);
    }

    private void closeNow(RequestContext ctx, Open open, CloseRequest req, ByteBuf out) {
        CloseResponse response = CloseResponse.WITHOUT_ATTRIBUTES;
        if ((req.flags() & CloseRequest.POSTQUERY_ATTRIB) != 0) {
            FileMetadata md = open.handle().metadata().statAtClose();
            response = new CloseResponse(CloseRequest.POSTQUERY_ATTRIB, md.creationTime(), md.lastAccessTime(),
                    md.lastWriteTime(), md.changeTime(), md.allocationSize(), md.endOfFile(), md.fileAttributes());
        }
        removeOrClosed(ctx, open);
        notifier.closed(open);
        Runnable dirLeases = breaks.entryRemoval(open);
        open.close();
        notifier.afterClose(open, open.handle().path(), open.handle().isDirectory() && !open.handle().isStream(),
                open.handle().deletePending());
        dirLeases.run();
        response.encode(out);
    }

    /** Only the CLOSE that takes the open out of the table closes it; one racing it on another channel has none. */
    private static void removeOrClosed(RequestContext ctx, Open open) {
        if (!ctx.session().removeOpen(open)) {
            throw new SmbException(NtStatus.STATUS_FILE_CLOSED, "closed on another channel");
        }
    }
}

package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.message.ChangeNotifyRequest;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.AsyncRequest;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.notify.ChangeNotifier;
import io.signet.server.tree.Open;

/**
 * [MS-SMB2] 3.3.5.19 Receiving an SMB2 CHANGE_NOTIFY Request: answered at once with the changes queued on the open
 * since its previous request, else STATUS_PENDING and completed by the next change, by the open's close
 * (STATUS_NOTIFY_CLEANUP), by the directory's deletion (STATUS_DELETE_PENDING) or by CANCEL.
 */
public final class ChangeNotifyHandler implements CommandHandler {
    private final ChangeNotifier notifier;

    public ChangeNotifyHandler(ChangeNotifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        ChangeNotifyRequest req = ChangeNotifyRequest.decode(ctx.message());
        Open open = ctx.open(req.fileId());
        ctx.checkCreditCharge(req.outputBufferLength());
        if (!open.handle().isDirectory()) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "CHANGE_NOTIFY on a file");
        }
        if ((open.handle().grantedAccess() & AccessMask.FILE_READ_DATA) == 0) { // FILE_LIST_DIRECTORY
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no FILE_LIST_DIRECTORY access");
        }
        if (open.handle().deletePending()) {
            throw new SmbException(NtStatus.STATUS_DELETE_PENDING, "the directory is being deleted");
        }
        ctx.reserveResponse(req.outputBufferLength()); // queued changes may be answered in this frame
        boolean startsWatch = !notifier.watching(open);
        ChangeNotifier.Answer queued = notifier.poll(open, open.handle().path(), req.watchTree(),
                req.completionFilter(), req.outputBufferLength());
        if (queued != null) {
            if (queued.status() == NtStatus.STATUS_NOTIFY_CLEANUP) {
                throw new SmbException(queued.status(), "the open is closing");
            }
            ctx.responseStatus(queued.status());
            ChangeNotifier.writeResponse(queued.entries(), out);
            return;
        }
        if (!ctx.mayGoAsync()) {
            // [MS-SMB2] 3.3.5.2.7: a NOTIFY that would wait in the middle of a chain fails as Windows fails it, before
            // it is parked: a change reported to it before it could be taken back would be lost to the open.
            unwatchIfStarted(open, startsWatch);
            throw new SmbException(NtStatus.STATUS_INTERNAL_ERROR,
                    "a CHANGE_NOTIFY would wait in the middle of a compound chain");
        }
        AsyncRequest pending;
        try {
            pending = ctx.goAsync();
        } catch (SmbException full) { // max async requests per connection
            unwatchIfStarted(open, startsWatch);
            throw full;
        }
        pending.onCancel(() -> notifier.cancel(open, pending));
        pending.onWithdraw(() -> {
            notifier.cancel(open, pending);
            unwatchIfStarted(open, startsWatch);
        });
        notifier.park(open, pending, req.outputBufferLength());
        if (open.handle().deletePending()) {
            // Another open marked the directory for deletion while this request was being parked; that open's
            // report may have come before the request was there to answer.
            notifier.deletePending(open.handle().path());
        }
    }

    /**
     * A request that fails or is taken back unanswered leaves no watch it started: its filter and WATCH_TREE would
     * otherwise bind the open's next request, and changes would queue for it.
     */
    private void unwatchIfStarted(Open open, boolean startsWatch) {
        if (startsWatch) {
            notifier.closed(open);
        }
    }
}

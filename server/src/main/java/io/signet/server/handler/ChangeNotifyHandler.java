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
 * [MS-SMB2] 3.3.5.19 Receiving an SMB2 CHANGE_NOTIFY Request: answered STATUS_PENDING at once, completed when the
 * watched directory changes, when its open closes, or by CANCEL.
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
        AsyncRequest pending = ctx.goAsync();
        pending.onCancel(() -> notifier.cancel(pending));
        notifier.add(new ChangeNotifier.Watch(open.handle().path(), req.watchTree(), req.completionFilter(), open,
                pending));
    }
}

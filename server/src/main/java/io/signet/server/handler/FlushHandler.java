package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.message.FlushRequest;
import io.signet.protocol.smb2.message.FlushResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.tree.Open;

/** [MS-SMB2] 3.3.5.11 Receiving an SMB2 FLUSH Request. */
public final class FlushHandler implements CommandHandler {
    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        FlushRequest req = FlushRequest.decode(ctx.message());
        Open open = ctx.open(req.fileId());
        if ((open.handle().grantedAccess() & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) == 0) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "flush without write access");
        }
        open.handle().data().flush();
        new FlushResponse().encode(out);
    }
}

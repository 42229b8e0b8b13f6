package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.message.OplockBreak;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.oplock.OplockTable;
import io.signet.server.tree.Open;

/** [MS-SMB2] 3.3.5.22.1 Processing an Oplock Acknowledgment (leases are not granted, so no lease acks exist). */
public final class OplockBreakHandler implements CommandHandler {
    private final OplockTable oplocks;

    public OplockBreakHandler(OplockTable oplocks) {
        this.oplocks = oplocks;
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        OplockBreak ack = OplockBreak.decode(ctx.message());
        Open open = ctx.open(ack.fileId());
        if (open.oplockKey() == null) {
            throw new SmbException(NtStatus.STATUS_INVALID_OPLOCK_PROTOCOL, "no oplock on this open");
        }
        NtStatus status = oplocks.acknowledge(open.oplockKey(), open, OplockLevel.fromCode(ack.oplockLevel()));
        if (status != NtStatus.STATUS_SUCCESS) {
            throw new SmbException(status, "oplock acknowledgment without a break in progress");
        }
        new OplockBreak(OplockLevel.NONE.code(), ack.fileId()).encode(out);
    }
}

package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.LeaseBreakAck;
import io.signet.protocol.smb2.message.OplockBreak;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.durable.DurableOpenTable;
import io.signet.server.oplock.CachingTable;
import io.signet.server.tree.Open;

/**
 * [MS-SMB2] 3.3.5.22 Receiving an SMB2 OPLOCK_BREAK Acknowledgment: an oplock acknowledgment (StructureSize 24,
 * 3.3.5.22.1) or a lease acknowledgment (StructureSize 36, 3.3.5.22.2); anything else is STATUS_INVALID_PARAMETER.
 */
public final class OplockBreakHandler implements CommandHandler {
    private final CachingTable caching;
    private final DurableOpenTable durables;

    public OplockBreakHandler(CachingTable caching, DurableOpenTable durables) {
        this.caching = caching;
        this.durables = durables;
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        if (LeaseBreakAck.structureSizeOf(ctx.message()) == LeaseBreakAck.STRUCTURE_SIZE) {
            leaseAck(ctx, out);
            return;
        }
        OplockBreak ack = OplockBreak.decode(ctx.message());
        Open open = ctx.open(ack.fileId());
        if (open.oplockKey() == null) {
            throw new SmbException(NtStatus.STATUS_INVALID_OPLOCK_PROTOCOL, "no oplock on this open");
        }
        OplockLevel level = OplockLevel.fromCode(ack.oplockLevel());
        NtStatus status = caching.acknowledgeOplock(open.oplockKey(), open, level);
        if (status != NtStatus.STATUS_SUCCESS) {
            throw new SmbException(status, "oplock acknowledgment without a break in progress to that level");
        }
        durables.cachingChanged(open.oplockKey()); // a persistent open's record keeps what its client now holds
        new OplockBreak(level.code(), ack.fileId()).encode(out);
    }

    /**
     * [MS-SMB2] 3.3.5.22.2: the lease is looked up by this connection's ClientGuid, the session's account and the
     * key, so one client can acknowledge only its own leases, even another account claiming its ClientGuid.
     */
    private void leaseAck(RequestContext ctx, ByteBuf out) {
        LeaseBreakAck ack = LeaseBreakAck.decode(ctx.message());
        if (!LeaseRequests.leasesSupported(ctx.connection())) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "lease acknowledgment before SMB 2.1");
        }
        CachingTable.LeaseAck result = caching.acknowledgeLease(LeaseRequests.client(ctx.connection(), ctx.session()), ack.key(),
                ack.state());
        if (result.status() != NtStatus.STATUS_SUCCESS) {
            throw new SmbException(result.status(), "lease acknowledgment refused");
        }
        durables.leaseChanged(CreateGuid.of(ctx.connection().negotiated().clientGuid()), ack.key());
        new LeaseBreakAck(0, ack.key(), result.state(), 0).encode(out);
    }
}

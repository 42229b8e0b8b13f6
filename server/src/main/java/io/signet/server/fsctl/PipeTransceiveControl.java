package io.signet.server.fsctl;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.context.ServerContext;
import io.signet.server.conn.RequestContext;
import io.signet.server.ipc.PipeIo;
import io.signet.server.tree.Open;

/**
 * [MS-SMB2] 3.3.5.15.8 FSCTL_PIPE_TRANSCEIVE: writes the input to the pipe and answers with what it returns, in one
 * round trip (how clients make DCE/RPC calls). The input is the pipe's own data, not a structure of its own.
 */
final class PipeTransceiveControl implements FsctlHandler {
    @Override
    public ByteBuf handle(RequestContext ctx, IoctlRequest req) {
        Open open = ctx.anyOpen(req.fileId());
        if (!open.isPipe()) {
            throw new SmbException(NtStatus.STATUS_INVALID_DEVICE_REQUEST, "FSCTL_PIPE_TRANSCEIVE on a file");
        }
        PipeIo.write(open.pipe(), req.input().duplicate());
        int max = (int) Math.min(req.maxOutputResponse(), ServerContext.MAX_IO);
        return PipeIo.read(ctx, open.pipe(), max, ctx.connection().channel().alloc());
    }
}

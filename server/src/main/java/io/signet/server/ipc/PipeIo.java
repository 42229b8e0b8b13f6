package io.signet.server.ipc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.signet.protocol.rpc.PipeRead;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.RequestContext;

/**
 * Named-pipe I/O shared by WRITE, READ and FSCTL_PIPE_TRANSCEIVE ([MS-SMB2] 3.3.5.12, 3.3.5.13, 3.3.5.15.8): the
 * pipe is in message mode, so a read returns at most one DCE/RPC PDU, and one cut short by the buffer size answers
 * STATUS_BUFFER_OVERFLOW with the bytes that fit.
 */
public final class PipeIo {
    private PipeIo() {
    }

    public static void write(RpcPipe pipe, ByteBuf data) {
        if (pipe.isBroken()) {
            throw new SmbException(NtStatus.STATUS_PIPE_BROKEN);
        }
        pipe.write(data);
    }

    /**
     * Reads the pending response, at most {@code max} bytes; the caller owns (and releases) the returned buffer.
     *
     * @throws SmbException STATUS_PIPE_BROKEN, or STATUS_PIPE_EMPTY when nothing waits to be read
     */
    public static ByteBuf read(RequestContext ctx, RpcPipe pipe, int max, ByteBufAllocator alloc) {
        if (pipe.isBroken()) {
            throw new SmbException(NtStatus.STATUS_PIPE_BROKEN);
        }
        if (!pipe.hasPendingOutput()) {
            throw new SmbException(NtStatus.STATUS_PIPE_EMPTY);
        }
        PipeRead r = pipe.read(max, alloc);
        if (r.messageIncomplete()) {
            ctx.responseStatus(NtStatus.STATUS_BUFFER_OVERFLOW);
        }
        return r.data();
    }
}

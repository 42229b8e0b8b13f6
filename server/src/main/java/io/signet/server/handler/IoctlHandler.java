package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.smb2.message.IoctlResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.context.ServerContext;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.fsctl.FsctlHandler;
import io.signet.server.fsctl.FsctlRegistry;

/**
 * [MS-SMB2] 3.3.5.15 Receiving an SMB2 IOCTL Request: checks what every control shares (the credit charge, that the
 * request is an FSCTL, the room for its output) and runs the control's {@link FsctlHandler}. The controls and their
 * handlers are listed in {@link FsctlRegistry#standard}; any other control is refused with
 * STATUS_INVALID_DEVICE_REQUEST.
 */
public final class IoctlHandler implements CommandHandler {
    private final FsctlRegistry fsctls;

    public IoctlHandler(ServerContext server) {
        this.fsctls = FsctlRegistry.standard(server);
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        IoctlRequest req = IoctlRequest.decode(ctx.message());
        ctx.checkCreditCharge(Math.max(req.input().readableBytes() + (long) req.output().readableBytes(),
                req.maxInputResponse() + req.maxOutputResponse()));
        if (!req.isFsctl()) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "device IOCTL " + Integer.toHexString(req.ctlCode()));
        }
        // Every control writes at most MaxOutputResponse bytes (capped at MaxTransactSize); claimed before it runs.
        ctx.reserveResponse(Math.min(req.maxOutputResponse(), ServerContext.MAX_IO));
        ByteBuf output = fsctls.handler(req.ctlCode()).handle(ctx, req);
        if (output == null) {
            return; // gone asynchronous: the control completes the response
        }
        try {
            new IoctlResponse(req.ctlCode(), req.fileId(), output).encode(out);
        } finally {
            output.release();
        }
    }
}

package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.message.WriteRequest;
import io.signet.protocol.smb2.message.WriteResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.io.IoRange;
import io.signet.server.ipc.PipeIo;
import io.signet.server.notify.ChangeNotifier;
import io.signet.server.tree.Open;
import io.signet.storage.lock.ByteRangeLocks;

/** [MS-SMB2] 3.3.5.13 Receiving an SMB2 WRITE Request. */
public final class WriteHandler implements CommandHandler {
    private final ChangeNotifier notifier;

    private final ByteRangeLocks locks;

    private final CachingBreaks breaks;

    public WriteHandler(ChangeNotifier notifier, ByteRangeLocks locks, CachingBreaks breaks) {
        this.notifier = notifier;
        this.locks = locks;
        this.breaks = breaks;
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        WriteRequest req = WriteRequest.decode(ctx.message());
        Open open = ctx.anyOpen(req.fileId());
        ByteBuf data = req.data();
        ctx.checkCreditCharge(data.readableBytes());
        if (open.isPipe()) {
            int length = data.readableBytes();
            PipeIo.write(open.pipe(), data.duplicate());
            new WriteResponse(length).encode(out);
            return;
        }
        long offset = req.offset();
        IoRange.checkWrite(offset, data.readableBytes());
        if (open.handle().isDirectory()) {
            throw new SmbException(NtStatus.STATUS_INVALID_DEVICE_REQUEST, "WRITE on a directory");
        }
        // [MS-FSA] 2.1.5.3: any byte-range lock on the range refuses the write but the writer's own exclusive one.
        if (!open.byteRangeLocksAllow(locks, Open.RangeAccess.WRITE, offset, data.readableBytes())) {
            throw new SmbException(NtStatus.STATUS_FILE_LOCK_CONFLICT, "write meets a byte-range lock");
        }
        breaks.dataChanging(open); // [MS-FSA] 2.1.4.12: other opens' read caching breaks
        ctx.runIo(open, offset, data.readableBytes(), true, body -> write(open, offset, data, body.buffer()));
    }

    /** Writes the request's data to the file ({@link RequestContext#runIo}: maybe on an I/O thread). */
    private void write(Open open, long offset, ByteBuf data, ByteBuf out) {
        int n = data.readableBytes() == 0 ? 0 : open.handle().data().write(offset, data.nioBuffers());
        open.currentByteOffset(offset + n);
        if (n > 0) {
            notifier.written(open.handle().path(), open.handle().streamName());
        }
        new WriteResponse(n).encode(out);
    }
}

package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.message.ReadRequest;
import io.signet.protocol.smb2.message.ReadResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.context.ServerContext;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.io.IoRange;
import io.signet.server.ipc.PipeIo;
import io.signet.server.tree.Open;
import io.signet.storage.lock.ByteRangeLocks;
import java.nio.ByteBuffer;

/**
 * [MS-SMB2] 3.3.5.12 Receiving an SMB2 READ Request. The file's bytes are read straight into the response frame,
 * after room for the response's fixed part, so data is copied once on its way to the socket.
 */
public final class ReadHandler implements CommandHandler {
    private final ByteRangeLocks locks;

    public ReadHandler(ByteRangeLocks locks) {
        this.locks = locks;
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        ReadRequest req = ReadRequest.decode(ctx.message());
        Open open = ctx.anyOpen(req.fileId());
        if (open.isPipe()) {
            ctx.checkCreditCharge(req.length());
            int max = (int) Math.min(req.length(), ServerContext.MAX_IO);
            ctx.reserveResponse(max);
            ByteBuf data = PipeIo.read(ctx, open.pipe(), max, ctx.connection().channel().alloc());
            try {
                new ReadResponse(data).encode(out);
            } finally {
                data.release();
            }
            return;
        }
        if (open.handle().isDirectory()) {
            throw new SmbException(NtStatus.STATUS_INVALID_DEVICE_REQUEST, "READ on a directory");
        }
        ctx.checkCreditCharge(req.length());
        IoRange.checkRead(req.offset(), req.length());
        // [MS-FSA] 2.1.5.2: another open's exclusive byte-range lock on the range refuses the read.
        if (!open.byteRangeLocksAllow(locks, Open.RangeAccess.READ, req.offset(), req.length())) {
            throw new SmbException(NtStatus.STATUS_FILE_LOCK_CONFLICT, "read meets a byte-range lock");
        }
        int length = (int) req.length(); // bounded by MaxReadSize in checkCreditCharge
        ctx.reserveResponse(length);
        long offset = req.offset();
        long minimum = req.minimumCount();
        ctx.runIo(open, offset, length, false, body -> read(open, offset, length, minimum, body), out);
    }

    /** Reads the file's bytes straight into the response body ({@link RequestContext#runIo}: maybe elsewhere). */
    private static void read(Open open, long offset, int length, long minimum, ByteBuf out) {
        out.ensureWritable(ReadResponse.FIXED_SIZE + length);
        int dataStart = out.writerIndex() + ReadResponse.FIXED_SIZE;
        ByteBuffer dst = out.nioBuffer(dataStart, length);
        int n = length == 0 ? 0 : open.handle().data().read(offset, dst);
        if ((n == 0 && length > 0) || n < minimum) {
            throw new SmbException(NtStatus.STATUS_END_OF_FILE);
        }
        open.currentByteOffset(offset + n);
        ReadResponse.encodeFixedPart(out, n, 0, 0);
        out.writerIndex(dataStart + n);
    }
}

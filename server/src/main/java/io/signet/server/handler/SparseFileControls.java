package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fscc.AllocatedRange;
import io.signet.protocol.fscc.ZeroDataInformation;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.smb2.message.IoctlResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.ServerContext;
import io.signet.server.conn.RequestContext;
import io.signet.server.notify.ChangeNotifier;
import io.signet.server.tree.Open;
import io.signet.storage.ByteRangeLocks;
import io.signet.storage.FileHandle;
import java.util.List;

/**
 * The sparse-file controls of [MS-FSCC] 2.3 on a file open: FSCTL_SET_SPARSE ([MS-FSA] 2.1.5.10.38),
 * FSCTL_SET_ZERO_DATA (2.1.5.10.39) and FSCTL_QUERY_ALLOCATED_RANGES (2.1.5.10.22). The storage handle does the
 * work; this class reads the input buffers, makes the checks Windows makes before the file system sees a request
 * (the control code's required access, byte-range locks), and writes the output.
 *
 * <p>Every refusal happens before anything changes: a request refused leaves the file as it was and the open usable.
 */
final class SparseFileControls {
    private final ChangeNotifier notifier;
    private final ByteRangeLocks locks;

    SparseFileControls(ChangeNotifier notifier, ByteRangeLocks locks) {
        this.notifier = notifier;
        this.locks = locks;
    }

    /**
     * FSCTL_SET_SPARSE. The FILE_SET_SPARSE_BUFFER ([MS-FSCC] 2.3 FSCTL_SET_SPARSE Request) is optional: without
     * it the file becomes sparse. Only its first byte, a BOOLEAN, counts; a longer buffer is accepted as Windows
     * accepts it (smbtorture smb2.ioctl.sparse_set_oversize).
     */
    void setSparse(RequestContext ctx, IoctlRequest req, ByteBuf out) {
        Open open = ctx.open(req.fileId());
        ByteBuf in = req.input();
        boolean sparse = !in.isReadable() || in.getByte(in.readerIndex()) != 0;
        open.handle().setSparse(sparse);
        notifier.changed(open.handle().path(), ChangeNotifier.ATTRIBUTES);
        new IoctlResponse(req.ctlCode(), req.fileId(), Unpooled.EMPTY_BUFFER).encode(out);
    }

    /**
     * FSCTL_SET_ZERO_DATA: zeros the range of the FILE_ZERO_DATA_INFORMATION that lies before the end of file. A
     * range at or past the end of file, or an empty one, succeeds without changing anything, as [MS-FSA] has it.
     * Like a WRITE ([MS-FSA] 2.1.5.3), the range must not meet another open's byte-range lock (smbtorture
     * smb2.ioctl.sparse_lock records STATUS_FILE_LOCK_CONFLICT against Windows).
     */
    void setZeroData(RequestContext ctx, IoctlRequest req, ByteBuf out) {
        Open open = ctx.open(req.fileId());
        FsctlAccess.checkRequiredAccess(open, req.ctlCode());
        ZeroDataInformation zero = ZeroDataInformation.decode(req.input());
        FileHandle handle = open.handle();
        if (handle.isDirectory()) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "FSCTL_SET_ZERO_DATA on a directory");
        }
        long end = Math.min(zero.beyondFinalZero(), handle.metadata().endOfFile());
        if (zero.fileOffset() < end) {
            if (open.oplockKey() != null
                    && !locks.canWrite(open.oplockKey(), open, zero.fileOffset(), end - zero.fileOffset())) {
                throw new SmbException(NtStatus.STATUS_FILE_LOCK_CONFLICT, "zero data meets a byte-range lock");
            }
            handle.zeroData(zero.fileOffset(), end);
            notifier.changed(handle.path(), ChangeNotifier.SIZE);
        }
        new IoctlResponse(req.ctlCode(), req.fileId(), Unpooled.EMPTY_BUFFER).encode(out);
    }

    /**
     * FSCTL_QUERY_ALLOCATED_RANGES: as many FILE_ALLOCATED_RANGE_BUFFERs ([MS-FSCC] 2.3.52) as MaxOutputResponse
     * holds. When more ranges exist the answer is the ones that fit under STATUS_BUFFER_OVERFLOW; when not even one
     * fits, STATUS_BUFFER_TOO_SMALL. A query that finds no range succeeds with no output whatever the buffer size
     * (smbtorture smb2.ioctl.sparse_qar_malformed records both against Windows).
     */
    void queryAllocatedRanges(RequestContext ctx, IoctlRequest req, ByteBuf out) {
        Open open = ctx.open(req.fileId());
        FsctlAccess.checkRequiredAccess(open, req.ctlCode());
        AllocatedRange query = AllocatedRange.decodeQuery(req.input());
        int capacity = (int) (Math.min(req.maxOutputResponse(), ServerContext.MAX_IO) / AllocatedRange.SIZE);
        List<AllocatedRange> ranges = open.handle().allocatedRanges(query.fileOffset(), query.length(),
                capacity + 1);
        if (!ranges.isEmpty() && capacity == 0) {
            throw new SmbException(NtStatus.STATUS_BUFFER_TOO_SMALL,
                    "MaxOutputResponse " + req.maxOutputResponse() + " holds no FILE_ALLOCATED_RANGE_BUFFER");
        }
        boolean overflow = ranges.size() > capacity;
        List<AllocatedRange> reported = overflow ? ranges.subList(0, capacity) : ranges;
        ByteBuf body = Unpooled.buffer(reported.size() * AllocatedRange.SIZE);
        for (AllocatedRange r : reported) {
            r.encode(body);
        }
        new IoctlResponse(req.ctlCode(), req.fileId(), body).encode(out);
        if (overflow) {
            ctx.responseStatus(NtStatus.STATUS_BUFFER_OVERFLOW);
        }
    }
}

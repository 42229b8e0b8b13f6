package io.signet.server.fsctl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import io.signet.protocol.fsctl.AllocatedRange;
import io.signet.protocol.fsctl.SetSparseBuffer;
import io.signet.protocol.fsctl.ZeroDataInformation;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.smb2.message.IoctlResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.context.ServerContext;
import io.signet.server.conn.AsyncRequest;
import io.signet.server.conn.RequestContext;
import io.signet.server.notify.ChangeNotifier;
import io.signet.server.tree.Open;
import io.signet.storage.FileHandle;
import io.signet.storage.lock.ByteRangeLocks;
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
    /**
     * Bytes of a FSCTL_SET_ZERO_DATA range done in one turn of the connection's thread: reading 64 MiB (holes read as
     * zeros) takes some tens of milliseconds, about what a client of another connection on the same thread may wait.
     * A larger range goes asynchronous and continues in further turns, behind whatever the thread has queued since.
     */
    static final long ZERO_DATA_STEP = 64L * 1024 * 1024;

    private final ChangeNotifier notifier;
    private final ByteRangeLocks locks;

    SparseFileControls(ChangeNotifier notifier, ByteRangeLocks locks) {
        this.notifier = notifier;
        this.locks = locks;
    }

    /**
     * FSCTL_SET_SPARSE: sets or clears the file's sparse mark as the optional FILE_SET_SPARSE_BUFFER says
     * ({@link SetSparseBuffer}).
     */
    ByteBuf setSparse(RequestContext ctx, IoctlRequest req) {
        Open open = ctx.open(req.fileId());
        open.handle().sparse().setSparse(SetSparseBuffer.decode(req.input()).setSparse());
        notifier.changed(open.handle().path(), ChangeNotifier.ATTRIBUTES);
        return Unpooled.EMPTY_BUFFER;
    }

    /**
     * FSCTL_SET_ZERO_DATA: zeros the range of the FILE_ZERO_DATA_INFORMATION that lies before the end of file. A
     * range at or past the end of file, or an empty one, succeeds without changing anything, as [MS-FSA] has it.
     * Like a WRITE ([MS-FSA] 2.1.5.3), the range must not meet another open's byte-range lock (smbtorture
     * smb2.ioctl.sparse_lock records STATUS_FILE_LOCK_CONFLICT against Windows).
     */
    ByteBuf setZeroData(RequestContext ctx, IoctlRequest req) {
        Open open = ctx.open(req.fileId());
        FsctlAccess.checkRequiredAccess(open, req.ctlCode());
        ZeroDataInformation zero = ZeroDataInformation.decode(req.input());
        FileHandle handle = open.handle();
        if (handle.isDirectory()) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "FSCTL_SET_ZERO_DATA on a directory");
        }
        long end = Math.min(zero.beyondFinalZero(), handle.metadata().stat().endOfFile());
        if (zero.fileOffset() < end) {
            if (!open.byteRangeLocksAllow(locks, Open.RangeAccess.WRITE, zero.fileOffset(), end - zero.fileOffset())) {
                throw new SmbException(NtStatus.STATUS_FILE_LOCK_CONFLICT, "zero data meets a byte-range lock");
            }
            if (end - zero.fileOffset() > ZERO_DATA_STEP) {
                new ZeroDataInSteps(ctx, req, handle, zero.fileOffset(), end).start(ctx);
                return null;
            }
            handle.sparse().zeroData(zero.fileOffset(), end);
            notifier.changed(handle.path(), ChangeNotifier.SIZE);
        }
        return Unpooled.EMPTY_BUFFER;
    }

    /**
     * FSCTL_QUERY_ALLOCATED_RANGES: as many FILE_ALLOCATED_RANGE_BUFFERs ([MS-FSCC] 2.3.52) as MaxOutputResponse
     * holds. When more ranges exist the answer is the ones that fit under STATUS_BUFFER_OVERFLOW; when not even one
     * fits, STATUS_BUFFER_TOO_SMALL. A query that finds no range succeeds with no output whatever the buffer size
     * (smbtorture smb2.ioctl.sparse_qar_malformed records both against Windows).
     */
    ByteBuf queryAllocatedRanges(RequestContext ctx, IoctlRequest req) {
        Open open = ctx.open(req.fileId());
        FsctlAccess.checkRequiredAccess(open, req.ctlCode());
        AllocatedRange query = AllocatedRange.decodeQuery(req.input());
        int capacity = (int) (Math.min(req.maxOutputResponse(), ServerContext.MAX_IO) / AllocatedRange.SIZE);
        List<AllocatedRange> ranges = open.handle().sparse().allocatedRanges(query.fileOffset(), query.length(),
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
        if (overflow) {
            ctx.responseStatus(NtStatus.STATUS_BUFFER_OVERFLOW);
        }
        return body;
    }

    /**
     * A FSCTL_SET_ZERO_DATA too large for one turn: answered STATUS_PENDING ([MS-SMB2] 3.3.4.2), then zeroed
     * {@link #ZERO_DATA_STEP} bytes per turn of the connection's thread, each step queued behind the work of the
     * other connections on it, and completed with the IOCTL response (or the error a step met: the open closed, a
     * disk error). CANCEL stops it between steps with STATUS_CANCELLED; what was zeroed stays zeroed, as when an
     * NTFS zeroing is cancelled part way.
     */
    private final class ZeroDataInSteps implements Runnable {
        private final int ctlCode;
        private final FileId fileId;
        private final FileHandle handle;
        private final EventExecutor executor;
        private final long end;
        private long next;
        private AsyncRequest pending;
        private boolean cancelled;

        /** Keeps nothing of the request's message, which is released once the handler returns. */
        ZeroDataInSteps(RequestContext ctx, IoctlRequest req, FileHandle handle, long offset, long end) {
            this.ctlCode = req.ctlCode();
            this.fileId = req.fileId();
            this.handle = handle;
            this.executor = ctx.connection().executor();
            this.next = offset;
            this.end = end;
        }

        void start(RequestContext ctx) {
            pending = ctx.goAsync();
            // Runs on the connection's thread, as the steps do: no other synchronization is needed.
            pending.onCancel(() -> {
                cancelled = true;
                pending.complete(NtStatus.STATUS_CANCELLED, null);
            });
            executor.execute(this);
        }

        @Override
        public void run() {
            if (cancelled || pending.finished()) {
                return;
            }
            try {
                next = handle.sparse().zeroData(next, end, ZERO_DATA_STEP);
            } catch (SmbException e) {
                pending.complete(e.status(), null);
                return;
            } catch (RuntimeException e) {
                pending.complete(NtStatus.STATUS_INTERNAL_ERROR, null);
                throw e;
            }
            if (next >= 0) {
                executor.execute(this);
                return;
            }
            notifier.changed(handle.path(), ChangeNotifier.SIZE);
            pending.complete(NtStatus.STATUS_SUCCESS,
                    body -> new IoctlResponse(ctlCode, fileId, Unpooled.EMPTY_BUFFER).encode(body));
        }
    }
}

package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.signet.protocol.smb2.message.ReadRequest;
import io.signet.protocol.smb2.message.ReadResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.context.ServerContext;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.conn.ResponseBody;
import io.signet.server.io.DataPiecePool;
import io.signet.server.io.IoRange;
import io.signet.server.ipc.PipeIo;
import io.signet.server.tree.Open;
import io.signet.storage.lock.ByteRangeLocks;

/**
 * [MS-SMB2] 3.3.5.12 Receiving an SMB2 READ Request. The file's bytes are read straight into the response, so data
 * is copied once on its way to the socket: up to {@value DataPiecePool#PIECE} bytes into the response frame after room
 * for the response's fixed part; a larger read into pieces of reused memory ({@link DataPiecePool}) that the frame
 * then carries as they are. One frame grown to an 8 MiB READ was fresh memory from the system for every READ
 * (zeroed by the JVM, page-faulted in, unmapped again): about a tenth of the server's CPU in a perf profile of a
 * signed download.
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
        DataPiecePool pieces = ctx.connection().server().dataPieces();
        ctx.runIo(open, offset, length, false, body -> {
            // Once a large READ earlier in a compound made the frame a composite of pieces, a small READ goes into
            // the room kept after them if it fits, else it is appended too: growing the composite for it would take
            // fresh memory by the megabyte.
            if (length <= DataPiecePool.PIECE && body.fitsInPlace(ReadResponse.FIXED_SIZE + length)) {
                read(open, offset, length, minimum, body.buffer());
            } else {
                readInPieces(open, offset, length, minimum, body, pieces);
            }
        });
    }

    /** Reads the file's bytes straight into the response body ({@link RequestContext#runIo}: maybe elsewhere). */
    private static void read(Open open, long offset, int length, long minimum, ByteBuf out) {
        out.ensureWritable(ReadResponse.FIXED_SIZE + length);
        int dataStart = out.writerIndex() + ReadResponse.FIXED_SIZE;
        // The frame is a composite once a large READ before this one in the compound appended its pieces: its
        // nioBuffer over two components would be a merged copy, and the file's bytes would land in the copy while
        // the frame went out with whatever its memory held. nioBuffers are views, one per component.
        int n = length == 0 ? 0 : open.handle().data().read(offset, out.nioBuffers(dataStart, length));
        checkCount(n, length, minimum);
        open.currentByteOffset(offset + n);
        ReadResponse.encodeFixedPart(out, n, 0, 0);
        out.writerIndex(dataStart + n);
    }

    /** Reads the file's bytes into pieces, which the response carries after its fixed part. */
    private static void readInPieces(Open open, long offset, int length, long minimum, ResponseBody out,
                                     DataPiecePool pool) {
        ByteBufAllocator alloc = out.buffer().alloc();
        CompositeByteBuf data = alloc.compositeDirectBuffer(Integer.MAX_VALUE);
        // A READ smaller than a piece (one after a large READ in a compound) takes memory of its own size: a piece
        // for each of a chain's thousands of one-byte READs would hold 256 KiB per byte asked for, unbounded by the
        // frame's 16 MiB (ResponseBudget counts the bytes asked for).
        DataPiecePool from = length < DataPiecePool.PIECE ? null : pool;
        try {
            int n = 0;
            while (n < length) {
                int want = Math.min(DataPiecePool.PIECE, length - n);
                int got = readPiece(open, offset + n, want, from, alloc, data);
                n += got;
                if (got < want) {
                    break; // the end of the file
                }
            }
            checkCount(n, length, minimum);
            open.currentByteOffset(offset + n);
            ReadResponse.encodeFixedPart(out.buffer(), n, 0, 0);
            out.append(data);
            data = null;
        } finally {
            if (data != null) {
                data.release();
            }
        }
    }

    /**
     * Reads up to {@code want} bytes into a new piece at the end of {@code data} (from {@code pool}, or with no pool a
     * buffer of {@code want} bytes); returns how many it read.
     */
    private static int readPiece(Open open, long offset, int want, DataPiecePool pool, ByteBufAllocator alloc,
                                 CompositeByteBuf data) {
        ByteBuf piece = pool == null ? alloc.directBuffer(want, want) : pool.take(alloc);
        try {
            int got = open.handle().data().read(offset, piece.nioBuffer(0, want));
            if (got > 0) {
                data.addComponent(true, piece.writerIndex(got));
                piece = null; // the composite owns it now
            }
            return got;
        } finally {
            if (piece != null) {
                piece.release();
            }
        }
    }

    /** [MS-SMB2] 3.3.5.12: nothing read, or fewer bytes than MinimumCount, is STATUS_END_OF_FILE. */
    private static void checkCount(int n, int length, long minimum) {
        if ((n == 0 && length > 0) || n < minimum) {
            throw new SmbException(NtStatus.STATUS_END_OF_FILE);
        }
    }
}

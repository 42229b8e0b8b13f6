package io.signet.server.fsctl;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.fsctl.CopyChunkRequest;
import io.signet.protocol.fsctl.CopyChunkResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.FileHandle;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * [MS-SMB2] 3.3.5.15.6 Handling a Server-Side Data Copy Request: FSCTL_SRV_COPYCHUNK and FSCTL_SRV_COPYCHUNK_WRITE
 * copy ranges of a source open, named by its resume key, into the target open, without the data crossing the wire.
 *
 * <p>The limits are Windows's. Each chunk is read whole into a 1 MiB buffer before it is written, so a chunk whose
 * source and target ranges overlap in one file copies the source as it was, as on Windows Server 2012 and later.
 * The buffer is one per thread and reused: what a request can make the server allocate does not grow with it.
 */
public final class ServerSideCopy {
    /** ServerSideCopyMaxNumberofChunks. */
    public static final int MAX_CHUNK_COUNT = 256;
    /** ServerSideCopyMaxChunkSize. */
    public static final int MAX_CHUNK_SIZE = 1024 * 1024;
    /** ServerSideCopyMaxDataSize. */
    public static final int MAX_TOTAL_SIZE = 16 * 1024 * 1024;

    /** What a request that breaks a limit is answered with, beside STATUS_INVALID_PARAMETER. */
    public static final CopyChunkResponse LIMITS = new CopyChunkResponse(MAX_CHUNK_COUNT, MAX_CHUNK_SIZE,
            MAX_TOTAL_SIZE);

    /** Windows fails a chunk that reads past the source's end with STATUS_INVALID_VIEW_SIZE. */
    static final NtStatus SOURCE_PAST_END = NtStatus.STATUS_INVALID_VIEW_SIZE;

    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_CHUNK_SIZE));

    /** The status and SRV_COPYCHUNK_RESPONSE of one request; a failure still carries a response. */
    public record Result(NtStatus status, CopyChunkResponse response) {
    }

    /** The NTFS offset rules a chunk's target range must meet, as a WRITE's range does. */
    @FunctionalInterface
    public interface WriteRangeCheck {
        /** @throws SmbException if {@code length} bytes cannot be written at {@code offset} */
        void check(long offset, long length);
    }

    /**
     * Whether the byte-range locks of other opens let one side of the copy read ({@code write} false) or write a
     * range, as they would a READ or WRITE of that open ([MS-FSA] 2.1.5.2, 2.1.5.3).
     */
    @FunctionalInterface
    public interface LockCheck {
        boolean permits(long offset, long length);
    }

    /** One side of a copy: the open's handle and its lock check. */
    public record Side(FileHandle handle, LockCheck locks) {
    }

    private final WriteRangeCheck writeRangeCheck;

    public ServerSideCopy(WriteRangeCheck writeRangeCheck) {
        this.writeRangeCheck = writeRangeCheck;
    }

    /**
     * Runs one request against {@code target}, the open the IOCTL names.
     *
     * @param writeOnly true for FSCTL_SRV_COPYCHUNK_WRITE, which does not need FILE_READ_DATA on the target
     * @param sources   finds the source open's handle by resume key; null if the key names no live open
     * @throws SmbException for the failures answered without a SRV_COPYCHUNK_RESPONSE: STATUS_ACCESS_DENIED for a
     *                      target without FILE_WRITE_DATA (or FILE_READ_DATA) or a source that can be neither read nor
     *                      executed; STATUS_OBJECT_NAME_NOT_FOUND for an unknown key; STATUS_INVALID_PARAMETER for a
     *                      malformed input
     */
    public Result copy(ByteBuf input, boolean writeOnly, Side targetSide, Function<byte[], Side> sources) {
        FileHandle target = targetSide.handle();
        if (input.readableBytes() < CopyChunkRequest.HEADER_SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "SRV_COPYCHUNK_COPY too short");
        }
        int targetNeeds = writeOnly ? AccessMask.FILE_WRITE_DATA
                : AccessMask.FILE_WRITE_DATA | AccessMask.FILE_READ_DATA;
        if ((target.grantedAccess() & targetNeeds) != targetNeeds) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "copy target lacks FILE_WRITE_DATA or FILE_READ_DATA");
        }
        if (CopyChunkRequest.chunkCount(input) > MAX_CHUNK_COUNT) {
            return new Result(NtStatus.STATUS_INVALID_PARAMETER, LIMITS);
        }
        CopyChunkRequest request = CopyChunkRequest.decode(input);
        if (!withinLimits(request)) {
            return new Result(NtStatus.STATUS_INVALID_PARAMETER, LIMITS);
        }
        Side sourceSide = sources.apply(request.sourceKey());
        if (sourceSide == null) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, "unknown resume key");
        }
        FileHandle source = sourceSide.handle();
        // As for READ ([MS-SMB2] 3.3.5.12), FILE_EXECUTE also lets the source be read; Windows copies from it.
        if ((source.grantedAccess() & (AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE)) == 0) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "copy source lacks FILE_READ_DATA and FILE_EXECUTE");
        }
        return copyChunks(request, sourceSide, targetSide);
    }

    /** Every chunk non-empty and at most 1 MiB, at most 16 MiB in all (the count was checked before decoding). */
    static boolean withinLimits(CopyChunkRequest request) {
        long total = 0;
        for (CopyChunkRequest.Chunk c : request.chunks()) {
            if (c.length() == 0 || c.length() > MAX_CHUNK_SIZE) {
                return false;
            }
            total += c.length();
        }
        return total <= MAX_TOTAL_SIZE;
    }

    /**
     * Copies the chunks in order; the first that fails ends the copy, and the response counts what came before.
     * Windows Server 2012 and later copy through ordinary reads and writes, so a chunk whose source or target range
     * meets another open's byte-range lock fails with STATUS_FILE_LOCK_CONFLICT.
     */
    private Result copyChunks(CopyChunkRequest request, Side sourceSide, Side targetSide) {
        FileHandle source = sourceSide.handle();
        FileHandle target = targetSide.handle();
        ByteBuffer buffer = BUFFER.get();
        int chunks = 0;
        int total = 0;
        for (CopyChunkRequest.Chunk c : request.chunks()) {
            int length = (int) c.length();
            try {
                if (c.sourceOffset() < 0 || c.sourceOffset() + length < 0) {
                    throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "source range past 2^63");
                }
                writeRangeCheck.check(c.targetOffset(), length);
                if (!sourceSide.locks().permits(c.sourceOffset(), length)
                        || !targetSide.locks().permits(c.targetOffset(), length)) {
                    throw new SmbException(NtStatus.STATUS_FILE_LOCK_CONFLICT, "chunk meets a byte-range lock");
                }
                buffer.clear().limit(length);
                if (source.data().read(c.sourceOffset(), buffer) < length) {
                    throw new SmbException(SOURCE_PAST_END, "chunk reads past the end of the source");
                }
                buffer.flip();
                target.data().write(c.targetOffset(), buffer);
            } catch (SmbException e) {
                return new Result(e.status(), new CopyChunkResponse(chunks, 0, total));
            }
            chunks++;
            total += length;
        }
        return new Result(NtStatus.STATUS_SUCCESS, new CopyChunkResponse(chunks, 0, total));
    }
}

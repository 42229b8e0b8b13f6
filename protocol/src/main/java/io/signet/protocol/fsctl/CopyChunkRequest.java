package io.signet.protocol.fsctl;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.ArrayList;
import java.util.List;

/**
 * [MS-SMB2] 2.2.31.1 SRV_COPYCHUNK_COPY: the input of FSCTL_SRV_COPYCHUNK and FSCTL_SRV_COPYCHUNK_WRITE.
 *
 * @param sourceKey the 24-byte resume key of the source open ([MS-SMB2] 2.2.32.3)
 * @param chunks    the ranges to copy, in order
 */
public record CopyChunkRequest(byte[] sourceKey, List<Chunk> chunks) {
    /** SourceKey, ChunkCount and Reserved: the part before the chunk array. */
    public static final int HEADER_SIZE = 32;

    public CopyChunkRequest {
        if (sourceKey.length != ResumeKeyResponse.KEY_SIZE) {
            throw new IllegalArgumentException("a resume key has " + ResumeKeyResponse.KEY_SIZE + " bytes");
        }
        sourceKey = sourceKey.clone();
        chunks = List.copyOf(chunks);
    }

    @Override
    public byte[] sourceKey() {
        return sourceKey.clone();
    }

    /**
     * [MS-SMB2] 2.2.31.1.1 SRV_COPYCHUNK: one range.
     *
     * @param length unsigned 32-bit
     */
    public record Chunk(long sourceOffset, long targetOffset, long length) {
        public static final int SIZE = 24;

        static Chunk read(ByteBuf in, int index) {
            return new Chunk(
                    in.getLongLE(index),                        // SourceOffset (8 bytes)
                    in.getLongLE(index + 8),                    // TargetOffset (8 bytes)
                    in.getUnsignedIntLE(index + 16));           // Length (4 bytes), Reserved (4 bytes)
        }

        void write(ByteBuf out) {
            out.writeLongLE(sourceOffset);                      // SourceOffset (8 bytes)
            out.writeLongLE(targetOffset);                      // TargetOffset (8 bytes)
            out.writeIntLE((int) length);                       // Length (4 bytes)
            out.writeIntLE(0);                                  // Reserved (4 bytes)
        }
    }

    /**
     * ChunkCount of an input at least {@link #HEADER_SIZE} long, read before the chunks are so that a count over the
     * server's limit is answered with the limits whatever the input holds.
     */
    public static long chunkCount(ByteBuf in) {
        return in.getUnsignedIntLE(in.readerIndex() + 24);
    }

    /** @throws SmbException STATUS_INVALID_PARAMETER if the input is shorter than its ChunkCount says */
    public static CopyChunkRequest decode(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() < HEADER_SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "SRV_COPYCHUNK_COPY shorter than its header");
        }
        byte[] key = new byte[ResumeKeyResponse.KEY_SIZE];
        in.getBytes(start, key);                                // SourceKey (24 bytes)
        long count = chunkCount(in);                            // ChunkCount (4 bytes), Reserved (4 bytes)
        if (count > (in.readableBytes() - HEADER_SIZE) / Chunk.SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                    "SRV_COPYCHUNK_COPY holds fewer than its " + count + " chunks");
        }
        List<Chunk> chunks = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            chunks.add(Chunk.read(in, start + HEADER_SIZE + i * Chunk.SIZE));
        }
        return new CopyChunkRequest(key, chunks);
    }

    public void encode(ByteBuf out) {
        out.writeBytes(sourceKey);                              // SourceKey (24 bytes)
        out.writeIntLE(chunks.size());                          // ChunkCount (4 bytes)
        out.writeIntLE(0);                                      // Reserved (4 bytes)
        for (Chunk c : chunks) {
            c.write(out);                                       // Chunks (variable)
        }
    }
}

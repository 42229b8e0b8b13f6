package io.signet.protocol.fsctl;

import io.netty.buffer.ByteBuf;

/**
 * [MS-SMB2] 2.2.32.4 SRV_COPYCHUNK_RESPONSE. After a copy it counts what was written; when the request broke the
 * server's limits the same three fields carry the limits instead ([MS-SMB2] 3.3.5.15.6).
 *
 * @param chunksWritten     chunks written in full, or the most chunks one request may hold
 * @param chunkBytesWritten bytes written of a chunk that was cut short, or the largest chunk allowed
 * @param totalBytesWritten bytes written in all, or the most one request may copy
 */
public record CopyChunkResponse(int chunksWritten, int chunkBytesWritten, int totalBytesWritten) {
    public static final int SIZE = 12;

    public static CopyChunkResponse decode(ByteBuf in) {
        int i = in.readerIndex();
        return new CopyChunkResponse(
                in.getIntLE(i),                                 // ChunksWritten (4 bytes)
                in.getIntLE(i + 4),                             // ChunkBytesWritten (4 bytes)
                in.getIntLE(i + 8));                            // TotalBytesWritten (4 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeIntLE(chunksWritten);                          // ChunksWritten (4 bytes)
        out.writeIntLE(chunkBytesWritten);                      // ChunkBytesWritten (4 bytes)
        out.writeIntLE(totalBytesWritten);                      // TotalBytesWritten (4 bytes)
    }
}

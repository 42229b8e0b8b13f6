package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * [MS-SMB2] 2.2.14.2.9 SMB2_CREATE_QUERY_ON_DISK_ID response: DiskFileId (32 bytes), of which Windows fills the first
 * 8 with the file id and the next 8 with the volume id, then Reserved (16 bytes).
 */
public record QueryOnDiskIdResponse(long diskFileId, long volumeId) implements CreateContextData {
    static final int SIZE = 32;

    /** Client-side decoding; Data must be exactly 32 bytes. */
    public static QueryOnDiskIdResponse decode(ByteBuf data) {
        if (data.readableBytes() != SIZE) {
            throw MessageBounds.invalid("QFid response of " + data.readableBytes() + " bytes");
        }
        int r = data.readerIndex();
        return new QueryOnDiskIdResponse(data.getLongLE(r), data.getLongLE(r + 8));
    }

    @Override
    public String contextName() {
        return CreateContext.QUERY_ON_DISK_ID;
    }

    @Override
    public ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(SIZE);
        out.writeLongLE(diskFileId);                       // DiskFileId: file id (8 bytes)
        out.writeLongLE(volumeId);                         // DiskFileId: volume id (8 bytes)
        out.writeZero(16);                                 // Reserved (16 bytes)
        return out;
    }
}

package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** [MS-SMB2] 2.2.13.2.7 SMB2_CREATE_TIMEWARP_TOKEN: Timestamp (8 bytes), the FILETIME of the snapshot to open. */
public record TimewarpTokenRequest(long timestamp) implements CreateContextData {
    static final int SIZE = 8;

    /** Data other than 8 bytes is STATUS_INVALID_PARAMETER. */
    public static TimewarpTokenRequest decode(ByteBuf data) {
        if (data.readableBytes() != SIZE) {
            throw MessageBounds.invalid("SMB2_CREATE_TIMEWARP_TOKEN of " + data.readableBytes() + " bytes");
        }
        return new TimewarpTokenRequest(data.getLongLE(data.readerIndex()));
    }

    @Override
    public String contextName() {
        return CreateContext.TIMEWARP_TOKEN;
    }

    @Override
    public ByteBuf encode() {
        return Unpooled.buffer(SIZE).writeLongLE(timestamp);  // Timestamp (8 bytes)
    }
}

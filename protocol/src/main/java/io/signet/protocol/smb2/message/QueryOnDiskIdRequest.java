package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * [MS-SMB2] 2.2.13.2.9 SMB2_CREATE_QUERY_ON_DISK_ID: asks for the file's on-disk id. The request carries no Data;
 * any Data a client sends is ignored.
 */
public record QueryOnDiskIdRequest() implements CreateContextData {
    public static QueryOnDiskIdRequest decode(ByteBuf data) {
        return new QueryOnDiskIdRequest();
    }

    @Override
    public String contextName() {
        return CreateContext.QUERY_ON_DISK_ID;
    }

    @Override
    public ByteBuf encode() {
        return Unpooled.EMPTY_BUFFER;
    }
}

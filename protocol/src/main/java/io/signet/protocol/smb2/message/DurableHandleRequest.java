package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * [MS-SMB2] 2.2.13.2.3 SMB2_CREATE_DURABLE_HANDLE_REQUEST ("DHnQ"): asks for a durable open (version 1). Data is
 * DurableRequest, 16 reserved bytes; Windows refuses any other length with STATUS_INVALID_PARAMETER.
 */
public record DurableHandleRequest() implements CreateContextData {
    static final int SIZE = 16;

    public static DurableHandleRequest decode(ByteBuf data) {
        if (data.readableBytes() != SIZE) {
            throw MessageBounds.invalid("DHnQ of " + data.readableBytes() + " bytes");
        }
        return new DurableHandleRequest();
    }

    @Override
    public String contextName() {
        return CreateContext.DURABLE_HANDLE_REQUEST;
    }

    @Override
    public ByteBuf encode() {
        return Unpooled.buffer(SIZE).writeZero(SIZE); // DurableRequest (16 bytes), reserved
    }
}

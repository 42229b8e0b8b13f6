package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * [MS-SMB2] 2.2.14.2.3 SMB2_CREATE_DURABLE_HANDLE_RESPONSE ("DHnQ"): the open was made durable (version 1). Data is
 * 8 reserved bytes.
 */
public record DurableHandleResponse() implements CreateContextData {
    static final int SIZE = 8;

    /** Client-side decoding. */
    public static DurableHandleResponse decode(ByteBuf data) {
        if (data.readableBytes() != SIZE) {
            throw MessageBounds.invalid("DHnQ response of " + data.readableBytes() + " bytes");
        }
        return new DurableHandleResponse();
    }

    @Override
    public String contextName() {
        return CreateContext.DURABLE_HANDLE_REQUEST;
    }

    @Override
    public ByteBuf encode() {
        return Unpooled.buffer(SIZE).writeZero(SIZE); // Reserved (8 bytes)
    }
}

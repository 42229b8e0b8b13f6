package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * [MS-SMB2] 2.2.14.2.12 SMB2_CREATE_DURABLE_HANDLE_RESPONSE_V2 ("DH2Q"): the open was made durable.
 *
 * @param timeout milliseconds the server keeps the open after a disconnect
 * @param flags   {@link DurableHandleRequestV2#FLAG_PERSISTENT} when the open is persistent, else 0
 */
public record DurableHandleResponseV2(int timeout, int flags) implements CreateContextData {
    static final int SIZE = 8;

    /** Client-side decoding. */
    public static DurableHandleResponseV2 decode(ByteBuf data) {
        if (data.readableBytes() != SIZE) {
            throw MessageBounds.invalid("DH2Q response of " + data.readableBytes() + " bytes");
        }
        int r = data.readerIndex();
        return new DurableHandleResponseV2(data.getIntLE(r), data.getIntLE(r + 4));
    }

    @Override
    public String contextName() {
        return CreateContext.DURABLE_HANDLE_REQUEST_V2;
    }

    @Override
    public ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(SIZE);
        out.writeIntLE(timeout);                           // Timeout (4 bytes)
        out.writeIntLE(flags);                             // Flags (4 bytes)
        return out;
    }
}

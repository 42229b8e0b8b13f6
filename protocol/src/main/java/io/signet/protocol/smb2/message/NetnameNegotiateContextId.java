package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * [MS-SMB2] 2.2.3.1.4 SMB2_NETNAME_NEGOTIATE_CONTEXT_ID: NetName (variable), the server name the client connects to,
 * in UTF-16LE without a terminator. Request only; the server does not answer it.
 */
public record NetnameNegotiateContextId(String netName) implements NegotiateContextData {
    public NetnameNegotiateContextId {
        MessageBounds.requireUtf16Field(netName, "NetName");
    }

    /** An odd number of bytes is not UTF-16: STATUS_INVALID_PARAMETER. */
    public static NetnameNegotiateContextId decode(ByteBuf data) {
        if ((data.readableBytes() & 1) != 0) {
            throw MessageBounds.invalid("NetName of " + data.readableBytes() + " bytes");
        }
        return new NetnameNegotiateContextId(data.toString(StandardCharsets.UTF_16LE));
    }

    @Override
    public ByteBuf encode() {
        return Unpooled.copiedBuffer(netName, StandardCharsets.UTF_16LE); // NetName (variable)
    }

    @Override
    public int contextType() {
        return NegotiateContext.NETNAME_NEGOTIATE_CONTEXT_ID;
    }
}

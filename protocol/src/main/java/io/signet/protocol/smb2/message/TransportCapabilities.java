package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * [MS-SMB2] 2.2.3.1.5 SMB2_TRANSPORT_CAPABILITIES: Flags (4 bytes). Signet runs over TCP only, offers no transport
 * level security, and never answers one.
 */
public record TransportCapabilities(int flags) implements NegotiateContextData {
    /** SMB2_ACCEPT_TRANSPORT_LEVEL_SECURITY: the transport (e.g. QUIC) is secure; SMB need not encrypt. */
    public static final int ACCEPT_TRANSPORT_LEVEL_SECURITY = 0x00000001;
    private static final int SIZE = 4;

    /** Data shorter than Flags is STATUS_INVALID_PARAMETER. */
    public static TransportCapabilities decode(ByteBuf data) {
        if (data.readableBytes() < SIZE) {
            throw MessageBounds.invalid("TRANSPORT_CAPABILITIES of " + data.readableBytes() + " bytes");
        }
        return new TransportCapabilities(data.getIntLE(data.readerIndex()));
    }

    @Override
    public ByteBuf encode() {
        return Unpooled.buffer(SIZE).writeIntLE(flags);   // Flags (4 bytes)
    }

    @Override
    public int contextType() {
        return NegotiateContext.TRANSPORT_CAPABILITIES;
    }
}

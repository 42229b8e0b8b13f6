package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/**
 * [MS-SMB2] 2.2.30 SMB2 CANCEL Request: StructureSize and two reserved bytes.
 *
 * <p>The request to cancel is named by the header (MessageId, or AsyncId when async); CANCEL has no response.
 */
public record CancelRequest() {
    public static final int STRUCTURE_SIZE = 4;

    public static CancelRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "CANCEL Request");
        return new CancelRequest();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
    }
}

package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/** [MS-SMB2] 2.2.7 SMB2 LOGOFF Request: StructureSize and two reserved bytes. */
public record LogoffRequest() {
    public static final int STRUCTURE_SIZE = 4;

    public static LogoffRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "LOGOFF Request");
        return new LogoffRequest();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
    }
}

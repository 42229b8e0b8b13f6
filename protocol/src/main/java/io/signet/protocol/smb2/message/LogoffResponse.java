package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/** [MS-SMB2] 2.2.8 SMB2 LOGOFF Response: StructureSize and two reserved bytes. */
public record LogoffResponse() {
    public static final int STRUCTURE_SIZE = 4;

    public static LogoffResponse decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "LOGOFF Response");
        return new LogoffResponse();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
    }
}

package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/** [MS-SMB2] 2.2.18 SMB2 FLUSH Response: StructureSize and two reserved bytes. */
public record FlushResponse() {
    public static final int STRUCTURE_SIZE = 4;

    public static FlushResponse decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "FLUSH Response");
        return new FlushResponse();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
    }
}

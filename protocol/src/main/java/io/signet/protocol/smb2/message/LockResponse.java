package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/** [MS-SMB2] 2.2.27 SMB2 LOCK Response: StructureSize and two reserved bytes. */
public record LockResponse() {
    public static final int STRUCTURE_SIZE = 4;

    public static LockResponse decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "LOCK Response");
        return new LockResponse();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
    }
}

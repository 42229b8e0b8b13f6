package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/** [MS-SMB2] 2.2.12 SMB2 TREE_DISCONNECT Response: StructureSize and two reserved bytes. */
public record TreeDisconnectResponse() {
    public static final int STRUCTURE_SIZE = 4;

    public static TreeDisconnectResponse decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "TREE_DISCONNECT Response");
        return new TreeDisconnectResponse();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
    }
}

package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/** [MS-SMB2] 2.2.11 SMB2 TREE_DISCONNECT Request: StructureSize and two reserved bytes. */
public record TreeDisconnectRequest() {
    public static final int STRUCTURE_SIZE = 4;

    public static TreeDisconnectRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "TREE_DISCONNECT Request");
        return new TreeDisconnectRequest();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
    }
}

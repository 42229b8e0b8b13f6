package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/** [MS-SMB2] 2.2.40 SMB2 SET_INFO Response: StructureSize alone. */
public record SetInfoResponse() {
    public static final int STRUCTURE_SIZE = 2;

    public static SetInfoResponse decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "SET_INFO Response");
        return new SetInfoResponse();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
    }
}

package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/** [MS-SMB2] 2.2.29 SMB2 ECHO Response: StructureSize and two reserved bytes. */
public record EchoResponse() {
    public static final int STRUCTURE_SIZE = 4;

    public static EchoResponse decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "ECHO Response");
        return new EchoResponse();
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
    }
}

package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** [MS-SMB2] 2.2.17 SMB2 FLUSH Request. */
public record FlushRequest(FileId fileId) {
    public static final int STRUCTURE_SIZE = 24;

    public FlushRequest {
        Objects.requireNonNull(fileId, "fileId");
    }

    public static FlushRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "FLUSH Request");
        int b = msg.readerIndex() + BODY;
        return new FlushRequest(FileId.read(msg, b + 8));     // Reserved1 (2), Reserved2 (4), FileId (16 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(0);                                  // Reserved1 (2 bytes)
        out.writeIntLE(0);                                    // Reserved2 (4 bytes)
        fileId.write(out);                                    // FileId (16 bytes)
    }
}

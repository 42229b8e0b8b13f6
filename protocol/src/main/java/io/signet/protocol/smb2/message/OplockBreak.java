package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.OplockLevel;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.23.1 Oplock Break Notification, 2.2.24.1 Oplock Break Acknowledgment and 2.2.25.1 Oplock Break
 * Response: the three share one 24-byte layout.
 *
 * @param oplockLevel an {@link OplockLevel} code, kept as the raw byte
 */
public record OplockBreak(int oplockLevel, FileId fileId) {
    public static final int STRUCTURE_SIZE = 24;

    public OplockBreak {
        Objects.requireNonNull(fileId, "fileId");
    }

    public static OplockBreak decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "OPLOCK_BREAK");
        int b = msg.readerIndex() + BODY;
        return new OplockBreak(msg.getUnsignedByte(b + 2),      // OplockLevel (1 byte), Reserved (1), Reserved2 (4)
                FileId.read(msg, b + 8));                        // FileId (16 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                       // StructureSize (2 bytes)
        out.writeByte(oplockLevel);                             // OplockLevel (1 byte)
        out.writeByte(0);                                       // Reserved (1 byte)
        out.writeIntLE(0);                                      // Reserved2 (4 bytes)
        fileId.write(out);                                      // FileId (16 bytes)
    }
}

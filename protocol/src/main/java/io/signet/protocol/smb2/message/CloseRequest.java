package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.15 SMB2 CLOSE Request.
 *
 * @param flags {@link #POSTQUERY_ATTRIB} or zero
 */
public record CloseRequest(int flags, FileId fileId) {
    public static final int STRUCTURE_SIZE = 24;
    /** The response must carry the file's attributes and times. */
    public static final int POSTQUERY_ATTRIB = 0x0001;

    public CloseRequest {
        Objects.requireNonNull(fileId, "fileId");
    }

    public static CloseRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "CLOSE Request");
        int b = msg.readerIndex() + BODY;
        return new CloseRequest(
                msg.getUnsignedShortLE(b + 2),                // Flags (2 bytes), Reserved (4 bytes)
                FileId.read(msg, b + 8));                     // FileId (16 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(flags);                              // Flags (2 bytes)
        out.writeIntLE(0);                                    // Reserved (4 bytes)
        fileId.write(out);                                    // FileId (16 bytes)
    }
}

package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.39 SMB2 SET_INFO Request.
 *
 * @param infoType              a QueryInfoRequest.INFO_* value
 * @param fileInfoClass         the [MS-FSCC] information class (zero for security and quota)
 * @param additionalInformation *_SECURITY_INFORMATION bits for security descriptors
 * @param buffer                the information to set; a borrowed slice of the message when decoded, valid only
 *                              while it is
 */
public record SetInfoRequest(int infoType, int fileInfoClass, int additionalInformation, FileId fileId,
                             ByteBuf buffer) {
    public static final int STRUCTURE_SIZE = 33;

    private static final int FIXED = 32;

    public SetInfoRequest {
        if (infoType < 0 || infoType > 0xFF || fileInfoClass < 0 || fileInfoClass > 0xFF) {
            throw new IllegalArgumentException("InfoType and FileInfoClass are one byte each");
        }
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(buffer, "buffer");
    }

    public static SetInfoRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "SET_INFO Request");
        int b = msg.readerIndex() + BODY;
        long length = msg.getUnsignedIntLE(b + 4);            // BufferLength (4 bytes)
        int offset = msg.getUnsignedShortLE(b + 8);           // BufferOffset (2 bytes), Reserved (2 bytes)
        return new SetInfoRequest(
                msg.getUnsignedByte(b + 2),                   // InfoType (1 byte)
                msg.getUnsignedByte(b + 3),                   // FileInfoClass (1 byte)
                msg.getIntLE(b + 12),                         // AdditionalInformation (4 bytes)
                FileId.read(msg, b + 16),                     // FileId (16 bytes)
                MessageBounds.slice(msg, offset, length, BODY + FIXED, "SET_INFO buffer"));
    }

    /** Client-side encoding: the buffer at 0x60. */
    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeByte(infoType);                              // InfoType (1 byte)
        out.writeByte(fileInfoClass);                         // FileInfoClass (1 byte)
        out.writeIntLE(buffer.readableBytes());               // BufferLength (4 bytes)
        out.writeShortLE(BODY + FIXED);                       // BufferOffset (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
        out.writeIntLE(additionalInformation);                // AdditionalInformation (4 bytes)
        fileId.write(out);                                    // FileId (16 bytes)
        MessageBounds.writeAll(out, buffer);                  // Buffer (variable)
    }
}

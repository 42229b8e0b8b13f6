package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.37 SMB2 QUERY_INFO Request.
 *
 * @param infoType              INFO_FILE, INFO_FILESYSTEM, INFO_SECURITY or INFO_QUOTA
 * @param fileInfoClass         the [MS-FSCC] information class (zero for security and quota)
 * @param outputBufferLength    the most bytes the response may carry
 * @param additionalInformation *_SECURITY_INFORMATION bits for security queries; the EA index for
 *                              FileFullEaInformation with SL_INDEX_SPECIFIED
 * @param flags                 SL_* bits for EA and quota queries
 * @param input                 the EA name list or SMB2_QUERY_QUOTA_INFO; a borrowed slice of the message when
 *                              decoded, valid only while it is
 */
public record QueryInfoRequest(int infoType, int fileInfoClass, long outputBufferLength, int additionalInformation,
                               int flags, FileId fileId, ByteBuf input) {
    public static final int STRUCTURE_SIZE = 41;

    public static final int INFO_FILE = 0x01;
    public static final int INFO_FILESYSTEM = 0x02;
    public static final int INFO_SECURITY = 0x03;
    public static final int INFO_QUOTA = 0x04;

    public static final int SL_RESTART_SCAN = 0x00000001;
    public static final int SL_RETURN_SINGLE_ENTRY = 0x00000002;
    public static final int SL_INDEX_SPECIFIED = 0x00000004;

    private static final int FIXED = 40;

    public QueryInfoRequest {
        if (infoType < 0 || infoType > 0xFF || fileInfoClass < 0 || fileInfoClass > 0xFF) {
            throw new IllegalArgumentException("InfoType and FileInfoClass are one byte each");
        }
        MessageBounds.requireUint32(outputBufferLength, "outputBufferLength");
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(input, "input");
    }

    public static QueryInfoRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "QUERY_INFO Request");
        int b = msg.readerIndex() + BODY;
        int inputOffset = msg.getUnsignedShortLE(b + 8);      // InputBufferOffset (2 bytes), Reserved (2 bytes)
        long inputLength = msg.getUnsignedIntLE(b + 12);      // InputBufferLength (4 bytes)
        return new QueryInfoRequest(
                msg.getUnsignedByte(b + 2),                   // InfoType (1 byte)
                msg.getUnsignedByte(b + 3),                   // FileInfoClass (1 byte)
                msg.getUnsignedIntLE(b + 4),                  // OutputBufferLength (4 bytes)
                msg.getIntLE(b + 16),                         // AdditionalInformation (4 bytes)
                msg.getIntLE(b + 20),                         // Flags (4 bytes)
                FileId.read(msg, b + 24),                     // FileId (16 bytes)
                MessageBounds.slice(msg, inputOffset, inputLength, BODY + FIXED, "QUERY_INFO input"));
    }

    /** Client-side encoding: the input buffer, if any, at 0x68. */
    public void encode(ByteBuf out) {
        int inputLength = input.readableBytes();
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeByte(infoType);                              // InfoType (1 byte)
        out.writeByte(fileInfoClass);                         // FileInfoClass (1 byte)
        out.writeIntLE((int) outputBufferLength);             // OutputBufferLength (4 bytes)
        out.writeShortLE(inputLength == 0 ? 0 : BODY + FIXED); // InputBufferOffset (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
        out.writeIntLE(inputLength);                          // InputBufferLength (4 bytes)
        out.writeIntLE(additionalInformation);                // AdditionalInformation (4 bytes)
        out.writeIntLE(flags);                                // Flags (4 bytes)
        fileId.write(out);                                    // FileId (16 bytes)
        MessageBounds.writeAll(out, input);                   // Buffer (variable)
    }
}

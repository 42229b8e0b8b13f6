package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.33 SMB2 QUERY_DIRECTORY Request.
 *
 * @param fileInformationClass an [MS-FSCC] 2.4 directory information class
 * @param flags                RESTART_SCANS, RETURN_SINGLE_ENTRY, INDEX_SPECIFIED, REOPEN
 * @param fileIndex            where to resume with INDEX_SPECIFIED
 * @param fileName             the search pattern, e.g. {@code *}; may be empty
 * @param outputBufferLength   the most bytes the response may carry
 */
public record QueryDirectoryRequest(int fileInformationClass, int flags, int fileIndex, FileId fileId,
                                    String fileName, long outputBufferLength) {
    public static final int STRUCTURE_SIZE = 33;
    public static final int RESTART_SCANS = 0x01;
    public static final int RETURN_SINGLE_ENTRY = 0x02;
    public static final int INDEX_SPECIFIED = 0x04;
    public static final int REOPEN = 0x10;

    private static final int FIXED = 32;

    public QueryDirectoryRequest {
        if (fileInformationClass < 0 || fileInformationClass > 0xFF || flags < 0 || flags > 0xFF) {
            throw new IllegalArgumentException("FileInformationClass and Flags are one byte each");
        }
        Objects.requireNonNull(fileId, "fileId");
        MessageBounds.requireUtf16Field(fileName, "fileName");
        MessageBounds.requireUint32(outputBufferLength, "outputBufferLength");
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    public static QueryDirectoryRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "QUERY_DIRECTORY Request");
        int b = msg.readerIndex() + BODY;
        int nameOffset = msg.getUnsignedShortLE(b + 24);      // FileNameOffset (2 bytes)
        int nameLength = msg.getUnsignedShortLE(b + 26);      // FileNameLength (2 bytes)
        return new QueryDirectoryRequest(
                msg.getUnsignedByte(b + 2),                   // FileInformationClass (1 byte)
                msg.getUnsignedByte(b + 3),                   // Flags (1 byte)
                msg.getIntLE(b + 4),                          // FileIndex (4 bytes)
                FileId.read(msg, b + 8),                      // FileId (16 bytes)
                MessageBounds.utf16(msg, nameOffset, nameLength, BODY + FIXED, "FileName"),
                msg.getUnsignedIntLE(b + 28));                // OutputBufferLength (4 bytes)
    }

    /** Client-side encoding: the pattern at 0x60. */
    public void encode(ByteBuf out) {
        int nameLength = MessageBounds.utf16Length(fileName);
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeByte(fileInformationClass);                  // FileInformationClass (1 byte)
        out.writeByte(flags);                                 // Flags (1 byte)
        out.writeIntLE(fileIndex);                            // FileIndex (4 bytes)
        fileId.write(out);                                    // FileId (16 bytes)
        out.writeShortLE(nameLength == 0 ? 0 : BODY + FIXED); // FileNameOffset (2 bytes)
        out.writeShortLE(nameLength);                         // FileNameLength (2 bytes)
        out.writeIntLE((int) outputBufferLength);             // OutputBufferLength (4 bytes)
        MessageBounds.writeUtf16(out, fileName);              // Buffer: FileName
    }
}

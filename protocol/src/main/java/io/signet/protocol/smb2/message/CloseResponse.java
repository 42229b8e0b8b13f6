package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;

/**
 * [MS-SMB2] 2.2.16 SMB2 CLOSE Response.
 *
 * <p>Without {@link CloseRequest#POSTQUERY_ATTRIB} every field but Flags is zero; {@link #WITHOUT_ATTRIBUTES} is
 * that response.
 *
 * @param flags          {@link CloseRequest#POSTQUERY_ATTRIB} when the attributes below are valid
 * @param fileAttributes [MS-FSCC] 2.6 FILE_ATTRIBUTE_* bits
 */
public record CloseResponse(int flags, long creationTime, long lastAccessTime, long lastWriteTime, long changeTime,
                            long allocationSize, long endOfFile, int fileAttributes) {
    public static final int STRUCTURE_SIZE = 60;
    public static final CloseResponse WITHOUT_ATTRIBUTES = new CloseResponse(0, 0, 0, 0, 0, 0, 0, 0);

    public static CloseResponse decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "CLOSE Response");
        int b = msg.readerIndex() + BODY;
        return new CloseResponse(
                msg.getUnsignedShortLE(b + 2),                // Flags (2 bytes), Reserved (4 bytes)
                msg.getLongLE(b + 8),                         // CreationTime (8 bytes)
                msg.getLongLE(b + 16),                        // LastAccessTime (8 bytes)
                msg.getLongLE(b + 24),                        // LastWriteTime (8 bytes)
                msg.getLongLE(b + 32),                        // ChangeTime (8 bytes)
                msg.getLongLE(b + 40),                        // AllocationSize (8 bytes)
                msg.getLongLE(b + 48),                        // EndofFile (8 bytes)
                msg.getIntLE(b + 56));                        // FileAttributes (4 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(flags);                              // Flags (2 bytes)
        out.writeIntLE(0);                                    // Reserved (4 bytes)
        out.writeLongLE(creationTime);                        // CreationTime (8 bytes)
        out.writeLongLE(lastAccessTime);                      // LastAccessTime (8 bytes)
        out.writeLongLE(lastWriteTime);                       // LastWriteTime (8 bytes)
        out.writeLongLE(changeTime);                          // ChangeTime (8 bytes)
        out.writeLongLE(allocationSize);                      // AllocationSize (8 bytes)
        out.writeLongLE(endOfFile);                           // EndofFile (8 bytes)
        out.writeIntLE(fileAttributes);                       // FileAttributes (4 bytes)
    }
}

package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.CreateAction;
import io.signet.protocol.smb2.OplockLevel;
import java.util.List;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.14 SMB2 CREATE Response.
 *
 * <p>Times are FILETIMEs (100 ns since 1601-01-01 UTC) as written on the wire.
 *
 * @param oplockLevel    the granted {@link OplockLevel} code
 * @param flags          {@link #FLAG_REPARSEPOINT} (SMB 3.1.1) or zero
 * @param createAction   a {@link CreateAction} code (FILE_SUPERSEDED .. FILE_OVERWRITTEN)
 * @param fileAttributes [MS-FSCC] 2.6 FILE_ATTRIBUTE_* bits
 * @param createContexts response contexts; their data buffers are borrowed until {@link #encode} has run
 */
public record CreateResponse(int oplockLevel, int flags, int createAction, long creationTime, long lastAccessTime,
                             long lastWriteTime, long changeTime, long allocationSize, long endOfFile,
                             int fileAttributes, FileId fileId, List<CreateContext> createContexts) {
    public static final int STRUCTURE_SIZE = 89;

    public static final int FLAG_REPARSEPOINT = 0x01;

    private static final int FIXED = 88;

    public CreateResponse {
        if (oplockLevel < 0 || oplockLevel > 0xFF || flags < 0 || flags > 0xFF) {
            throw new IllegalArgumentException("OplockLevel and Flags are one byte each");
        }
        Objects.requireNonNull(fileId, "fileId");
        createContexts = List.copyOf(createContexts);
    }

    /** Decodes a response; the context data buffers are borrowed slices of {@code msg}. */
    public static CreateResponse decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "CREATE Response");
        int b = msg.readerIndex() + BODY;
        long contextsOffset = msg.getUnsignedIntLE(b + 80);   // CreateContextsOffset (4 bytes)
        long contextsLength = msg.getUnsignedIntLE(b + 84);   // CreateContextsLength (4 bytes)
        return new CreateResponse(
                msg.getUnsignedByte(b + 2),                   // OplockLevel (1 byte)
                msg.getUnsignedByte(b + 3),                   // Flags (1 byte)
                msg.getIntLE(b + 4),                          // CreateAction (4 bytes)
                msg.getLongLE(b + 8),                         // CreationTime (8 bytes)
                msg.getLongLE(b + 16),                        // LastAccessTime (8 bytes)
                msg.getLongLE(b + 24),                        // LastWriteTime (8 bytes)
                msg.getLongLE(b + 32),                        // ChangeTime (8 bytes)
                msg.getLongLE(b + 40),                        // AllocationSize (8 bytes)
                msg.getLongLE(b + 48),                        // EndofFile (8 bytes)
                msg.getIntLE(b + 56),                         // FileAttributes (4 bytes), Reserved2 (4 bytes)
                FileId.read(msg, b + 64),                     // FileId (16 bytes)
                CreateContext.decodeChain(msg, contextsOffset, contextsLength, BODY + FIXED));
    }

    /** Writes the body; the contexts start right after the fixed part at 0x98, already 8-byte aligned. */
    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeByte(oplockLevel);                           // OplockLevel (1 byte)
        out.writeByte(flags);                                 // Flags (1 byte)
        out.writeIntLE(createAction);                         // CreateAction (4 bytes)
        out.writeLongLE(creationTime);                        // CreationTime (8 bytes)
        out.writeLongLE(lastAccessTime);                      // LastAccessTime (8 bytes)
        out.writeLongLE(lastWriteTime);                       // LastWriteTime (8 bytes)
        out.writeLongLE(changeTime);                          // ChangeTime (8 bytes)
        out.writeLongLE(allocationSize);                      // AllocationSize (8 bytes)
        out.writeLongLE(endOfFile);                           // EndofFile (8 bytes)
        out.writeIntLE(fileAttributes);                       // FileAttributes (4 bytes)
        out.writeIntLE(0);                                    // Reserved2 (4 bytes)
        fileId.write(out);                                    // FileId (16 bytes)
        // CreateContextsOffset is zero when no contexts are returned ([MS-SMB2] 2.2.14).
        out.writeIntLE(createContexts.isEmpty() ? 0 : BODY + FIXED); // CreateContextsOffset (4 bytes)
        out.writeIntLE(CreateContext.chainLength(createContexts));  // CreateContextsLength (4 bytes)
        CreateContext.encodeChain(out, createContexts);       // Buffer (variable)
    }
}

package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.OplockLevel;
import java.util.List;
import java.util.Optional;

/**
 * [MS-SMB2] 2.2.13 SMB2 CREATE Request.
 *
 * <p>SecurityFlags and SmbCreateFlags are reserved and are neither kept nor sent.
 *
 * @param requestedOplockLevel an {@link OplockLevel} code
 * @param impersonationLevel   an IMPERSONATION_* value
 * @param desiredAccess        [MS-SMB2] 2.2.13.1 access mask
 * @param fileAttributes       [MS-FSCC] 2.6 FILE_ATTRIBUTE_* bits
 * @param shareAccess          FILE_SHARE_* bits
 * @param createDisposition    a {@link CreateDisposition} code (FILE_SUPERSEDE .. FILE_OVERWRITE_IF)
 * @param createOptions        FILE_* create option bits
 * @param name                 the path relative to the share root; empty opens the root
 * @param createContexts       in wire order; their data buffers are borrowed slices when decoded
 */
public record CreateRequest(int requestedOplockLevel, int impersonationLevel, int desiredAccess, int fileAttributes,
                            int shareAccess, int createDisposition, int createOptions, String name,
                            List<CreateContext> createContexts) {
    public static final int STRUCTURE_SIZE = 57;

    private static final int FIXED = 56;

    public CreateRequest {
        if (requestedOplockLevel < 0 || requestedOplockLevel > 0xFF) {
            throw new IllegalArgumentException("RequestedOplockLevel is one byte: " + requestedOplockLevel);
        }
        MessageBounds.requireUtf16Field(name, "name");
        createContexts = List.copyOf(createContexts);
    }

    /** The first create context with this name, if the client sent one. */
    public Optional<CreateContext> context(String contextName) {
        for (CreateContext c : createContexts) {
            if (c.name().equals(contextName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The first create context of this type, decoded, if the client sent one. Decoding happens here, not with the
     * request, so that a malformed context fails at the point the server first reads it, after the checks before.
     *
     * @throws io.signet.protocol.status.SmbException when the context's Data is malformed
     */
    public <T extends CreateContextData> Optional<T> context(Class<T> type) {
        return context(CreateContextTypes.nameOf(type)).map(c -> type.cast(CreateContextTypes.decode(c)));
    }

    /** Whether the client sent a context of this type, without decoding its Data. */
    public boolean hasContext(Class<? extends CreateContextData> type) {
        return context(CreateContextTypes.nameOf(type)).isPresent();
    }

    /** Decodes the request; the context data buffers are borrowed slices of {@code msg}. */
    public static CreateRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "CREATE Request");
        int b = msg.readerIndex() + BODY;
        int oplock = msg.getUnsignedByte(b + 3);              // SecurityFlags (1 byte), RequestedOplockLevel (1 byte)
        int impersonation = msg.getIntLE(b + 4);              // ImpersonationLevel (4 bytes)
        int desiredAccess = msg.getIntLE(b + 24);             // SmbCreateFlags (8), Reserved (8), DesiredAccess (4)
        int fileAttributes = msg.getIntLE(b + 28);            // FileAttributes (4 bytes)
        int shareAccess = msg.getIntLE(b + 32);               // ShareAccess (4 bytes)
        int disposition = msg.getIntLE(b + 36);               // CreateDisposition (4 bytes)
        int options = msg.getIntLE(b + 40);                   // CreateOptions (4 bytes)
        int nameOffset = msg.getUnsignedShortLE(b + 44);      // NameOffset (2 bytes)
        int nameLength = msg.getUnsignedShortLE(b + 46);      // NameLength (2 bytes)
        long contextsOffset = msg.getUnsignedIntLE(b + 48);   // CreateContextsOffset (4 bytes)
        long contextsLength = msg.getUnsignedIntLE(b + 52);   // CreateContextsLength (4 bytes)
        int minOffset = BODY + FIXED;
        String name = MessageBounds.utf16(msg, nameOffset, nameLength, minOffset, "CREATE name");
        List<CreateContext> contexts = CreateContext.decodeChain(msg, contextsOffset, contextsLength, minOffset);
        return new CreateRequest(oplock, impersonation, desiredAccess, fileAttributes, shareAccess, disposition,
                options, name, contexts);
    }

    /** Client-side encoding: the name at 0x78, the contexts at the next 8-byte boundary after it. */
    public void encode(ByteBuf out) {
        int nameOffset = BODY + FIXED;
        int nameLength = MessageBounds.utf16Length(name);
        int contextsOffset = createContexts.isEmpty() ? 0 : MessageBounds.align8(nameOffset + nameLength);
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeByte(0);                                     // SecurityFlags (1 byte)
        out.writeByte(requestedOplockLevel);                  // RequestedOplockLevel (1 byte)
        out.writeIntLE(impersonationLevel);                   // ImpersonationLevel (4 bytes)
        out.writeLongLE(0);                                   // SmbCreateFlags (8 bytes)
        out.writeLongLE(0);                                   // Reserved (8 bytes)
        out.writeIntLE(desiredAccess);                        // DesiredAccess (4 bytes)
        out.writeIntLE(fileAttributes);                       // FileAttributes (4 bytes)
        out.writeIntLE(shareAccess);                          // ShareAccess (4 bytes)
        out.writeIntLE(createDisposition);                    // CreateDisposition (4 bytes)
        out.writeIntLE(createOptions);                        // CreateOptions (4 bytes)
        out.writeShortLE(nameOffset);                         // NameOffset (2 bytes)
        out.writeShortLE(nameLength);                         // NameLength (2 bytes)
        out.writeIntLE(contextsOffset);                       // CreateContextsOffset (4 bytes)
        out.writeIntLE(CreateContext.chainLength(createContexts)); // CreateContextsLength (4 bytes)
        MessageBounds.writeUtf16(out, name);                  // Buffer: name
        if (!createContexts.isEmpty()) {
            out.writeZero(contextsOffset - nameOffset - nameLength);
            CreateContext.encodeChain(out, createContexts);   // Buffer: create contexts
        }
    }
}

package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;

/**
 * [MS-SMB2] 2.2.9 SMB2 TREE_CONNECT Request.
 *
 * <p>With {@link #FLAG_EXTENSION_PRESENT} (SMB 3.1.1) the buffer starts with the 2.2.9.1 TREE_CONNECT Request
 * Extension, whose PathName holds the path; PathOffset still counts from the start of the header, so it points past
 * the extension's 16-byte fixed part. The extension's tree connect contexts (remoted identity, used between cluster
 * nodes) are not interpreted.
 *
 * @param flags SMB 3.1.1 Flags; reserved (zero) in earlier dialects
 * @param path  the share path, {@code \\server\share}
 */
public record TreeConnectRequest(int flags, String path) {
    public static final int STRUCTURE_SIZE = 9;
    public static final int FLAG_CLUSTER_RECONNECT = 0x0001;
    public static final int FLAG_REDIRECT_TO_OWNER = 0x0002;
    public static final int FLAG_EXTENSION_PRESENT = 0x0004;

    private static final int FIXED = 8;
    /** TreeConnectContextOffset (4), TreeConnectContextCount (2), Reserved (10). */
    private static final int EXTENSION_FIXED = 16;

    public TreeConnectRequest {
        MessageBounds.requireUtf16Field(path, "path");
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    /** Decodes the request; see the class comment for the extension form. */
    public static TreeConnectRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "TREE_CONNECT Request");
        int b = msg.readerIndex() + BODY;
        int flags = msg.getUnsignedShortLE(b + 2);            // Flags/Reserved (2 bytes)
        int pathOffset = msg.getUnsignedShortLE(b + 4);       // PathOffset (2 bytes)
        int pathLength = msg.getUnsignedShortLE(b + 6);       // PathLength (2 bytes)
        int minOffset = BODY + FIXED;
        if ((flags & FLAG_EXTENSION_PRESENT) != 0) {
            if (msg.readableBytes() < BODY + FIXED + EXTENSION_FIXED) {
                throw MessageBounds.invalid("TREE_CONNECT extension truncated");
            }
            minOffset += EXTENSION_FIXED;
        }
        return new TreeConnectRequest(flags, MessageBounds.utf16(msg, pathOffset, pathLength, minOffset, "PathName"));
    }

    /** Client-side encoding; writes the extension (with no contexts) when {@link #FLAG_EXTENSION_PRESENT} is set. */
    public void encode(ByteBuf out) {
        boolean extension = hasFlag(FLAG_EXTENSION_PRESENT);
        int pathOffset = BODY + FIXED + (extension ? EXTENSION_FIXED : 0);
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(flags);                              // Flags/Reserved (2 bytes)
        out.writeShortLE(pathOffset);                         // PathOffset (2 bytes)
        out.writeShortLE(MessageBounds.utf16Length(path));    // PathLength (2 bytes)
        if (extension) {
            out.writeIntLE(0);                                // TreeConnectContextOffset (4 bytes)
            out.writeShortLE(0);                              // TreeConnectContextCount (2 bytes)
            out.writeZero(10);                                // Reserved (10 bytes)
        }
        MessageBounds.writeUtf16(out, path);                  // Buffer / PathName (variable)
    }
}

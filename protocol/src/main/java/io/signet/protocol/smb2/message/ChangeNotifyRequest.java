package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.35 SMB2 CHANGE_NOTIFY Request.
 *
 * @param flags              {@link #WATCH_TREE} or zero
 * @param outputBufferLength the most bytes the response may carry
 * @param completionFilter   FILE_NOTIFY_CHANGE_* bits
 */
public record ChangeNotifyRequest(int flags, long outputBufferLength, FileId fileId, int completionFilter) {
    public static final int STRUCTURE_SIZE = 32;
    /** Watch the whole subtree, not just the directory. */
    public static final int WATCH_TREE = 0x0001;

    public static final int FILE_NOTIFY_CHANGE_FILE_NAME = 0x00000001;
    public static final int FILE_NOTIFY_CHANGE_DIR_NAME = 0x00000002;
    public static final int FILE_NOTIFY_CHANGE_ATTRIBUTES = 0x00000004;
    public static final int FILE_NOTIFY_CHANGE_SIZE = 0x00000008;
    public static final int FILE_NOTIFY_CHANGE_LAST_WRITE = 0x00000010;
    public static final int FILE_NOTIFY_CHANGE_LAST_ACCESS = 0x00000020;
    public static final int FILE_NOTIFY_CHANGE_CREATION = 0x00000040;
    public static final int FILE_NOTIFY_CHANGE_EA = 0x00000080;
    public static final int FILE_NOTIFY_CHANGE_SECURITY = 0x00000100;
    public static final int FILE_NOTIFY_CHANGE_STREAM_NAME = 0x00000200;
    public static final int FILE_NOTIFY_CHANGE_STREAM_SIZE = 0x00000400;
    public static final int FILE_NOTIFY_CHANGE_STREAM_WRITE = 0x00000800;

    public ChangeNotifyRequest {
        MessageBounds.requireUint32(outputBufferLength, "outputBufferLength");
        Objects.requireNonNull(fileId, "fileId");
    }

    public boolean watchTree() {
        return (flags & WATCH_TREE) != 0;
    }

    public static ChangeNotifyRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "CHANGE_NOTIFY Request");
        int b = msg.readerIndex() + BODY;
        return new ChangeNotifyRequest(
                msg.getUnsignedShortLE(b + 2),                // Flags (2 bytes)
                msg.getUnsignedIntLE(b + 4),                  // OutputBufferLength (4 bytes)
                FileId.read(msg, b + 8),                      // FileId (16 bytes)
                msg.getIntLE(b + 24));                        // CompletionFilter (4 bytes), Reserved (4 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(flags);                              // Flags (2 bytes)
        out.writeIntLE((int) outputBufferLength);             // OutputBufferLength (4 bytes)
        fileId.write(out);                                    // FileId (16 bytes)
        out.writeIntLE(completionFilter);                     // CompletionFilter (4 bytes)
        out.writeIntLE(0);                                    // Reserved (4 bytes)
    }
}

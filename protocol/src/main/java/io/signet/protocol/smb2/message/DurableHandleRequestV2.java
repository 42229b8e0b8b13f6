package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * [MS-SMB2] 2.2.13.2.11 SMB2_CREATE_DURABLE_HANDLE_REQUEST_V2 ("DH2Q"): asks for a durable (or persistent) open,
 * named by a client-chosen CreateGuid that also makes the CREATE replayable ([MS-SMB2] 3.3.5.9.10).
 *
 * @param timeout    milliseconds the client asks the server to keep the open after a disconnect; 0 leaves it to
 *                   the server
 * @param flags      {@link #FLAG_PERSISTENT} or 0
 * @param createGuid the client's identifier of this CREATE
 */
public record DurableHandleRequestV2(int timeout, int flags, CreateGuid createGuid) implements CreateContextData {
    /** SMB2_DHANDLE_FLAG_PERSISTENT: a persistent handle is asked for. */
    public static final int FLAG_PERSISTENT = 0x00000002;
    static final int SIZE = 32;

    public static DurableHandleRequestV2 decode(ByteBuf data) {
        if (data.readableBytes() != SIZE) {
            throw MessageBounds.invalid("DH2Q of " + data.readableBytes() + " bytes");
        }
        int r = data.readerIndex();
        return new DurableHandleRequestV2(
                data.getIntLE(r),                          // Timeout (4 bytes)
                data.getIntLE(r + 4),                      // Flags (4 bytes)
                CreateGuid.read(data, r + 16));            // Reserved (8 bytes), CreateGuid (16 bytes)
    }

    @Override
    public String contextName() {
        return CreateContext.DURABLE_HANDLE_REQUEST_V2;
    }

    @Override
    public ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(SIZE);
        out.writeIntLE(timeout);                           // Timeout (4 bytes)
        out.writeIntLE(flags);                             // Flags (4 bytes)
        out.writeLongLE(0);                                // Reserved (8 bytes)
        createGuid.write(out);                             // CreateGuid (16 bytes)
        return out;
    }
}

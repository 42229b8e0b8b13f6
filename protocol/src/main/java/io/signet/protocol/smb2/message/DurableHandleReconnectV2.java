package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * [MS-SMB2] 2.2.13.2.12 SMB2_CREATE_DURABLE_HANDLE_RECONNECT_V2 ("DH2C"): reconnects to a durable open made with
 * DH2Q.
 *
 * @param fileId     the FileId the open was given
 * @param createGuid the CreateGuid of the CREATE that made it
 * @param flags      {@link DurableHandleRequestV2#FLAG_PERSISTENT} or 0
 */
public record DurableHandleReconnectV2(FileId fileId, CreateGuid createGuid, int flags) implements CreateContextData {
    static final int SIZE = 36;

    public static DurableHandleReconnectV2 decode(ByteBuf data) {
        if (data.readableBytes() != SIZE) {
            throw MessageBounds.invalid("DH2C of " + data.readableBytes() + " bytes");
        }
        int r = data.readerIndex();
        return new DurableHandleReconnectV2(
                FileId.read(data, r),                      // FileId (16 bytes)
                CreateGuid.read(data, r + 16),             // CreateGuid (16 bytes)
                data.getIntLE(r + 32));                    // Flags (4 bytes)
    }

    @Override
    public String contextName() {
        return CreateContext.DURABLE_HANDLE_RECONNECT_V2;
    }

    @Override
    public ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(SIZE);
        fileId.write(out);                                 // FileId (16 bytes)
        createGuid.write(out);                             // CreateGuid (16 bytes)
        out.writeIntLE(flags);                             // Flags (4 bytes)
        return out;
    }
}

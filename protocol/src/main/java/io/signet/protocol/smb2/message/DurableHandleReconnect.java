package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * [MS-SMB2] 2.2.13.2.4 SMB2_CREATE_DURABLE_HANDLE_RECONNECT ("DHnC"): reconnects to a durable open (version 1)
 * after the connection it was made on was lost.
 *
 * @param fileId the FileId the open was given; the server looks it up by its persistent half ([MS-SMB2] 3.3.5.9.7)
 */
public record DurableHandleReconnect(FileId fileId) implements CreateContextData {
    public static DurableHandleReconnect decode(ByteBuf data) {
        if (data.readableBytes() != FileId.SIZE) {
            throw MessageBounds.invalid("DHnC of " + data.readableBytes() + " bytes");
        }
        return new DurableHandleReconnect(FileId.read(data, data.readerIndex())); // Data (16 bytes): SMB2_FILEID
    }

    @Override
    public String contextName() {
        return CreateContext.DURABLE_HANDLE_RECONNECT;
    }

    @Override
    public ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(FileId.SIZE);
        fileId.write(out);                                 // Data (16 bytes): SMB2_FILEID
        return out;
    }
}

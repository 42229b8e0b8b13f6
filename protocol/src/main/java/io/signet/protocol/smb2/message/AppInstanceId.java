package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * [MS-SMB2] 2.2.13.2.13 SMB2_CREATE_APP_INSTANCE_ID: the application instance (a clustered or Hyper-V workload) an
 * open belongs to; a new open of the same file by the same instance from another client closes the old one
 * ([MS-SMB2] 3.3.5.9.13).
 *
 * @param appInstanceId the instance's GUID
 */
public record AppInstanceId(CreateGuid appInstanceId) implements CreateContextData {
    static final int STRUCTURE_SIZE = 20;

    public static AppInstanceId decode(ByteBuf data) {
        if (data.readableBytes() != STRUCTURE_SIZE) {
            throw MessageBounds.invalid("AppInstanceId of " + data.readableBytes() + " bytes");
        }
        // StructureSize (2 bytes) and Reserved (2 bytes) are not checked: Windows may ignore them ([MS-SMB2] 3.3.5.9.13)
        return new AppInstanceId(CreateGuid.read(data, data.readerIndex() + 4)); // AppInstanceId (16 bytes)
    }

    @Override
    public String contextName() {
        return CreateContext.APP_INSTANCE_ID;
    }

    @Override
    public ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(STRUCTURE_SIZE);
        out.writeShortLE(STRUCTURE_SIZE);                  // StructureSize (2 bytes)
        out.writeShortLE(0);                               // Reserved (2 bytes)
        appInstanceId.write(out);                          // AppInstanceId (16 bytes)
        return out;
    }
}

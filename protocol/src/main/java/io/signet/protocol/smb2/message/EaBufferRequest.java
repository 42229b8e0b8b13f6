package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fscc.ExtendedAttribute;
import io.signet.protocol.fscc.FullEaInformation;
import java.util.List;

/**
 * [MS-SMB2] 2.2.13.2.1 SMB2_CREATE_EA_BUFFER: the extended attributes to give the file, as a chain of [MS-FSCC]
 * 2.4.15 FILE_FULL_EA_INFORMATION entries.
 */
public record EaBufferRequest(List<ExtendedAttribute> eas) implements CreateContextData {
    public EaBufferRequest {
        eas = List.copyOf(eas);
    }

    /** A malformed chain is refused with the status {@link FullEaInformation#decode} gives. */
    public static EaBufferRequest decode(ByteBuf data) {
        return new EaBufferRequest(FullEaInformation.decode(data));
    }

    @Override
    public String contextName() {
        return CreateContext.EA_BUFFER;
    }

    @Override
    public ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(FullEaInformation.listLength(eas));
        FullEaInformation.encode(eas, out);
        return out;
    }
}

package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.dtyp.SecurityDescriptor;

/**
 * [MS-SMB2] 2.2.13.2.2 SMB2_CREATE_SD_BUFFER: the self-relative [MS-DTYP] 2.4.6 security descriptor a file the
 * CREATE makes is to get.
 */
public record SecurityDescriptorRequest(SecurityDescriptor securityDescriptor) implements CreateContextData {
    /** A malformed descriptor is refused with the status {@link SecurityDescriptor#decode} gives. */
    public static SecurityDescriptorRequest decode(ByteBuf data) {
        return new SecurityDescriptorRequest(SecurityDescriptor.decode(data.duplicate()));
    }

    @Override
    public String contextName() {
        return CreateContext.SD_BUFFER;
    }

    @Override
    public ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(securityDescriptor.encodedSize());
        securityDescriptor.encode(out);
        return out;
    }
}

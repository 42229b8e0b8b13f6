package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * [MS-SMB2] 2.2.14.2.5 SMB2_CREATE_QUERY_MAXIMAL_ACCESS_RESPONSE.
 *
 * @param queryStatus   an NTSTATUS code: whether the maximal access could be determined
 * @param maximalAccess the access mask the user would be granted
 */
public record MaximalAccessResponse(int queryStatus, int maximalAccess) implements CreateContextData {
    static final int SIZE = 8;

    /** Client-side decoding; Data must be exactly QueryStatus and MaximalAccess. */
    public static MaximalAccessResponse decode(ByteBuf data) {
        if (data.readableBytes() != SIZE) {
            throw MessageBounds.invalid("MxAc response of " + data.readableBytes() + " bytes");
        }
        int r = data.readerIndex();
        return new MaximalAccessResponse(data.getIntLE(r), data.getIntLE(r + 4));
    }

    @Override
    public String contextName() {
        return CreateContext.QUERY_MAXIMAL_ACCESS;
    }

    @Override
    public ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(SIZE);
        out.writeIntLE(queryStatus);                       // QueryStatus (4 bytes)
        out.writeIntLE(maximalAccess);                     // MaximalAccess (4 bytes)
        return out;
    }
}

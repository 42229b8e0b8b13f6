package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.OptionalLong;

/**
 * [MS-SMB2] 2.2.13.2.5 SMB2_CREATE_QUERY_MAXIMAL_ACCESS_REQUEST: asks for the maximal access the user has to the
 * opened file. Data is empty or a Timestamp (8 bytes, FILETIME); any other Data is kept as no Timestamp, since what the
 * server answers does not depend on it.
 */
public record MaximalAccessRequest(OptionalLong timestamp) implements CreateContextData {
    public static MaximalAccessRequest decode(ByteBuf data) {
        return new MaximalAccessRequest(data.readableBytes() == 8
                ? OptionalLong.of(data.getLongLE(data.readerIndex()))   // Timestamp (8 bytes)
                : OptionalLong.empty());
    }

    @Override
    public String contextName() {
        return CreateContext.QUERY_MAXIMAL_ACCESS;
    }

    @Override
    public ByteBuf encode() {
        if (timestamp.isEmpty()) {
            return Unpooled.EMPTY_BUFFER;
        }
        return Unpooled.buffer(8).writeLongLE(timestamp.getAsLong()); // Timestamp (8 bytes)
    }
}

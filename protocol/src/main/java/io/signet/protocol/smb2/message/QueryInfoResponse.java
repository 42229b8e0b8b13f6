package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.38 SMB2 QUERY_INFO Response. The output always starts at 0x48, right after the fixed part.
 *
 * @param data the information, formatted per InfoType and class;
 *             borrowed until {@link #encode} has run (a slice of the message when decoded)
 */
public record QueryInfoResponse(ByteBuf data) {
    public static final int STRUCTURE_SIZE = MessageBounds.OUTPUT_BUFFER_STRUCTURE_SIZE;

    public QueryInfoResponse {
        Objects.requireNonNull(data, "data");
    }

    public static QueryInfoResponse decode(ByteBuf msg) {
        return new QueryInfoResponse(MessageBounds.decodeOutputBuffer(msg, "QUERY_INFO Response"));
    }

    public void encode(ByteBuf out) {
        MessageBounds.encodeOutputBuffer(out, data);
    }
}

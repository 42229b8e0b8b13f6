package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.34 SMB2 QUERY_DIRECTORY Response. The output always starts at 0x48, right after the fixed part.
 *
 * @param data the directory entries, [MS-FSCC] 2.4 structures of the requested class chained by NextEntryOffset;
 *             borrowed until {@link #encode} has run (a slice of the message when decoded)
 */
public record QueryDirectoryResponse(ByteBuf data) {
    public static final int STRUCTURE_SIZE = MessageBounds.OUTPUT_BUFFER_STRUCTURE_SIZE;

    public QueryDirectoryResponse {
        Objects.requireNonNull(data, "data");
    }

    public static QueryDirectoryResponse decode(ByteBuf msg) {
        return new QueryDirectoryResponse(MessageBounds.decodeOutputBuffer(msg, "QUERY_DIRECTORY Response"));
    }

    public void encode(ByteBuf out) {
        MessageBounds.encodeOutputBuffer(out, data);
    }
}

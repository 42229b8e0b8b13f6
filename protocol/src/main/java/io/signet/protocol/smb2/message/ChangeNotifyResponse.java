package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.36 SMB2 CHANGE_NOTIFY Response. The output always starts at 0x48, right after the fixed part.
 *
 * @param data [MS-FSCC] 2.7.1 FILE_NOTIFY_INFORMATION entries;
 *             borrowed until {@link #encode} has run (a slice of the message when decoded)
 */
public record ChangeNotifyResponse(ByteBuf data) {
    public static final int STRUCTURE_SIZE = MessageBounds.OUTPUT_BUFFER_STRUCTURE_SIZE;

    public ChangeNotifyResponse {
        Objects.requireNonNull(data, "data");
    }

    public static ChangeNotifyResponse decode(ByteBuf msg) {
        return new ChangeNotifyResponse(MessageBounds.decodeOutputBuffer(msg, "CHANGE_NOTIFY Response"));
    }

    public void encode(ByteBuf out) {
        MessageBounds.encodeOutputBuffer(out, data);
    }
}

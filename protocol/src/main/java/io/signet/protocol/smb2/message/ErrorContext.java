package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.2.1 SMB2 ERROR Context Response: one element of the ErrorData of an SMB 3.1.1 ERROR response.
 *
 * @param errorId {@link #ERROR_ID_DEFAULT} or {@link #ERROR_ID_SHARE_REDIRECT}
 * @param data    ErrorContextData; when decoded, a borrowed slice of the message, valid only while the message is
 */
public record ErrorContext(int errorId, ByteBuf data) {
    /** Unless otherwise specified, all errors use this id. */
    public static final int ERROR_ID_DEFAULT = 0x00000000;
    /** The data is a share redirect message ([MS-SMB2] 2.2.2.2.2). */
    public static final int ERROR_ID_SHARE_REDIRECT = 0x72645253;

    public ErrorContext {
        Objects.requireNonNull(data, "data");
    }
}

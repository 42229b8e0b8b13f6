package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;

/**
 * [MS-SMB2] 2.2.22 SMB2 WRITE Response. Remaining and the WriteChannelInfo fields are reserved and written as zero.
 *
 * @param count bytes written
 */
public record WriteResponse(long count) {
    public static final int STRUCTURE_SIZE = 17;

    public WriteResponse {
        MessageBounds.requireUint32(count, "count");
    }

    public static WriteResponse decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "WRITE Response");
        int b = msg.readerIndex() + BODY;
        return new WriteResponse(msg.getUnsignedIntLE(b + 4)); // Reserved (2 bytes), Count (4 bytes)
    }

    /** Count of the WRITE response whose header starts at {@code start} of {@code msg}, read in place. */
    public static long count(ByteBuf msg, int start) {
        return msg.getUnsignedIntLE(start + BODY + 4);        // Reserved (2 bytes), Count (4 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
        out.writeIntLE((int) count);                          // Count (4 bytes)
        out.writeIntLE(0);                                    // Remaining (4 bytes)
        out.writeShortLE(0);                                  // WriteChannelInfoOffset (2 bytes)
        out.writeShortLE(0);                                  // WriteChannelInfoLength (2 bytes)
    }
}

package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.21 SMB2 WRITE Request.
 *
 * <p>{@code offset} is the raw unsigned 64-bit value (negative when the top bit is set; the handler refuses it).
 * The data length is {@code data().readableBytes()}.
 *
 * @param channel          a {@link Channel} value
 * @param remainingBytes   for RDMA, the length to pull; a hint otherwise
 * @param flags            WRITEFLAG_* bits
 * @param writeChannelInfo RDMA descriptors; a borrowed slice of the message when decoded, empty for
 *                         {@link Channel#NONE}
 * @param data             the bytes to write; a borrowed slice of the message when decoded, valid only while it is
 */
public record WriteRequest(long offset, FileId fileId, int channel, long remainingBytes, int flags,
                           ByteBuf writeChannelInfo, ByteBuf data) {
    public static final int STRUCTURE_SIZE = 49;
    public static final int WRITEFLAG_WRITE_THROUGH = 0x00000001;
    public static final int WRITEFLAG_WRITE_UNBUFFERED = 0x00000002;
    /** Where clients put the data: 64-byte header plus the 48-byte fixed part. */
    public static final int DATA_OFFSET = 0x70;

    private static final int FIXED = 48;

    public WriteRequest {
        Objects.requireNonNull(fileId, "fileId");
        MessageBounds.requireUint32(remainingBytes, "remainingBytes");
        Objects.requireNonNull(writeChannelInfo, "writeChannelInfo");
        Objects.requireNonNull(data, "data");
        if (writeChannelInfo.readableBytes() > 0xFFFF) {
            throw new IllegalArgumentException("WriteChannelInfoLength is two bytes");
        }
    }

    public static WriteRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "WRITE Request");
        int b = msg.readerIndex() + BODY;
        int dataOffset = msg.getUnsignedShortLE(b + 2);       // DataOffset (2 bytes)
        long length = msg.getUnsignedIntLE(b + 4);            // Length (4 bytes)
        int infoOffset = msg.getUnsignedShortLE(b + 40);      // WriteChannelInfoOffset (2 bytes)
        int infoLength = msg.getUnsignedShortLE(b + 42);      // WriteChannelInfoLength (2 bytes)
        return new WriteRequest(
                msg.getLongLE(b + 8),                         // Offset (8 bytes)
                FileId.read(msg, b + 16),                     // FileId (16 bytes)
                msg.getIntLE(b + 32),                         // Channel (4 bytes)
                msg.getUnsignedIntLE(b + 36),                 // RemainingBytes (4 bytes)
                msg.getIntLE(b + 44),                         // Flags (4 bytes)
                MessageBounds.slice(msg, infoOffset, infoLength, BODY + FIXED, "WriteChannelInfo"),
                MessageBounds.slice(msg, dataOffset, length, BODY + FIXED, "WRITE data"));
    }

    /** Client-side encoding: data at {@link #DATA_OFFSET}, channel info after it on an 8-byte boundary. */
    public void encode(ByteBuf out) {
        int length = data.readableBytes();
        int infoLength = writeChannelInfo.readableBytes();
        int infoOffset = infoLength == 0 ? 0 : MessageBounds.align8(DATA_OFFSET + length);
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(DATA_OFFSET);                        // DataOffset (2 bytes)
        out.writeIntLE(length);                               // Length (4 bytes)
        out.writeLongLE(offset);                              // Offset (8 bytes)
        fileId.write(out);                                    // FileId (16 bytes)
        out.writeIntLE(channel);                              // Channel (4 bytes)
        out.writeIntLE((int) remainingBytes);                 // RemainingBytes (4 bytes)
        out.writeShortLE(infoOffset);                         // WriteChannelInfoOffset (2 bytes)
        out.writeShortLE(infoLength);                         // WriteChannelInfoLength (2 bytes)
        out.writeIntLE(flags);                                // Flags (4 bytes)
        MessageBounds.writeAll(out, data);                    // Buffer: data
        if (infoLength != 0) {
            out.writeZero(infoOffset - DATA_OFFSET - length);
            MessageBounds.writeAll(out, writeChannelInfo);    // Buffer: WriteChannelInfo
        }
    }
}

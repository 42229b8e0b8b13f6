package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.19 SMB2 READ Request.
 *
 * <p>Unsigned 32-bit counts are widened to {@code long} so that a huge value cannot turn negative; {@code offset} is
 * the raw unsigned 64-bit value, negative when the top bit is set, which the handler must refuse.
 *
 * @param padding         requested offset of the data in the response, relative to the header
 * @param flags           READFLAG_* bits (SMB 3.0.2 and later)
 * @param length          bytes to read
 * @param offset          file offset
 * @param minimumCount    the read fails unless at least this many bytes are read
 * @param channel         a {@link Channel} value
 * @param remainingBytes  bytes the client will read next (a hint)
 * @param readChannelInfo RDMA descriptors; a borrowed slice of the message when decoded, empty for {@link Channel#NONE}
 */
public record ReadRequest(int padding, int flags, long length, long offset, FileId fileId, long minimumCount,
                          int channel, long remainingBytes, ByteBuf readChannelInfo) {
    public static final int STRUCTURE_SIZE = 49;
    public static final int READFLAG_READ_UNBUFFERED = 0x01;
    public static final int READFLAG_REQUEST_COMPRESSED = 0x02;

    private static final int FIXED = 48;

    public ReadRequest {
        if (padding < 0 || padding > 0xFF || flags < 0 || flags > 0xFF) {
            throw new IllegalArgumentException("Padding and Flags are one byte each");
        }
        MessageBounds.requireUint32(length, "length");
        MessageBounds.requireUint32(minimumCount, "minimumCount");
        MessageBounds.requireUint32(remainingBytes, "remainingBytes");
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(readChannelInfo, "readChannelInfo");
        if (readChannelInfo.readableBytes() > 0xFFFF) {
            throw new IllegalArgumentException("ReadChannelInfoLength is two bytes");
        }
    }

    public static ReadRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "READ Request");
        int b = msg.readerIndex() + BODY;
        int infoOffset = msg.getUnsignedShortLE(b + 44);      // ReadChannelInfoOffset (2 bytes)
        int infoLength = msg.getUnsignedShortLE(b + 46);      // ReadChannelInfoLength (2 bytes)
        return new ReadRequest(
                msg.getUnsignedByte(b + 2),                   // Padding (1 byte)
                msg.getUnsignedByte(b + 3),                   // Flags (1 byte)
                msg.getUnsignedIntLE(b + 4),                  // Length (4 bytes)
                msg.getLongLE(b + 8),                         // Offset (8 bytes)
                FileId.read(msg, b + 16),                     // FileId (16 bytes)
                msg.getUnsignedIntLE(b + 32),                 // MinimumCount (4 bytes)
                msg.getIntLE(b + 36),                         // Channel (4 bytes)
                msg.getUnsignedIntLE(b + 40),                 // RemainingBytes (4 bytes)
                MessageBounds.slice(msg, infoOffset, infoLength, BODY + FIXED, "ReadChannelInfo"));
    }

    /** Client-side encoding; channel info, if any, follows the fixed part at 0x70. */
    public void encode(ByteBuf out) {
        int infoLength = readChannelInfo.readableBytes();
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeByte(padding);                               // Padding (1 byte)
        out.writeByte(flags);                                 // Flags (1 byte)
        out.writeIntLE((int) length);                         // Length (4 bytes)
        out.writeLongLE(offset);                              // Offset (8 bytes)
        fileId.write(out);                                    // FileId (16 bytes)
        out.writeIntLE((int) minimumCount);                   // MinimumCount (4 bytes)
        out.writeIntLE(channel);                              // Channel (4 bytes)
        out.writeIntLE((int) remainingBytes);                 // RemainingBytes (4 bytes)
        out.writeShortLE(infoLength == 0 ? 0 : BODY + FIXED); // ReadChannelInfoOffset (2 bytes)
        out.writeShortLE(infoLength);                         // ReadChannelInfoLength (2 bytes)
        if (infoLength == 0) {
            out.writeByte(0);                                 // Buffer: the one byte StructureSize 49 counts
        } else {
            MessageBounds.writeAll(out, readChannelInfo);     // Buffer: ReadChannelInfo
        }
    }
}

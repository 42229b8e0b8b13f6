package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.20 SMB2 READ Response. The data always starts at {@link #DATA_OFFSET}, right after the fixed part.
 *
 * @param data          the bytes read; borrowed until {@link #encode} has run (or a slice of the message when decoded)
 * @param dataRemaining bytes left to read on an RDMA channel; zero otherwise
 * @param flags         {@link #RESPONSE_RDMA_TRANSFORM} (SMB 3.1.1) or zero
 */
public record ReadResponse(ByteBuf data, long dataRemaining, int flags) {
    public static final int STRUCTURE_SIZE = 17;
    /** 64-byte header plus the 16-byte fixed part. */
    public static final int DATA_OFFSET = 0x50;
    public static final int RESPONSE_RDMA_TRANSFORM = 0x00000001;

    /** The fixed part before the data: StructureSize through Flags. */
    public static final int FIXED_SIZE = 16;

    public ReadResponse {
        Objects.requireNonNull(data, "data");
        MessageBounds.requireUint32(dataRemaining, "dataRemaining");
    }

    public ReadResponse(ByteBuf data) {
        this(data, 0, 0);
    }

    public static ReadResponse decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "READ Response");
        int b = msg.readerIndex() + BODY;
        int dataOffset = msg.getUnsignedByte(b + 2);          // DataOffset (1 byte), Reserved (1 byte)
        long dataLength = msg.getUnsignedIntLE(b + 4);        // DataLength (4 bytes)
        return new ReadResponse(
                MessageBounds.slice(msg, dataOffset, dataLength, BODY + FIXED_SIZE, "READ data"),
                msg.getUnsignedIntLE(b + 8),                  // DataRemaining (4 bytes)
                msg.getIntLE(b + 12));                        // Flags / Reserved2 (4 bytes)
    }

    /**
     * DataLength of the READ response whose header starts at {@code start} of {@code msg}, read in place (the server
     * counts the bytes it sends without decoding its own response).
     */
    public static long dataLength(ByteBuf msg, int start) {
        return msg.getUnsignedIntLE(start + BODY + 4);        // DataLength (4 bytes)
    }

    public void encode(ByteBuf out) {
        encodeFixedPart(out, data.readableBytes(), dataRemaining, flags);
        MessageBounds.writeAll(out, data);                    // Buffer (variable)
    }

    /**
     * Writes only the fixed part, for a server that has already placed {@code dataLength} bytes of file data right
     * after it (reading from the file straight into the response saves a copy of every byte read).
     */
    public static void encodeFixedPart(ByteBuf out, int dataLength, long dataRemaining, int flags) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeByte(DATA_OFFSET);                           // DataOffset (1 byte)
        out.writeByte(0);                                     // Reserved (1 byte)
        out.writeIntLE(dataLength);                           // DataLength (4 bytes)
        out.writeIntLE((int) dataRemaining);                  // DataRemaining (4 bytes)
        out.writeIntLE(flags);                                // Flags / Reserved2 (4 bytes)
    }
}

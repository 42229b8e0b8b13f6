package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.32 SMB2 IOCTL Response.
 *
 * <p>Encoding follows [MS-SMB2] 3.3.5.15: InputOffset points at the Buffer (0x70) even when InputCount is zero, and
 * OutputOffset is InputOffset + InputCount rounded up to a multiple of 8.
 *
 * @param input  input-direction result; usually empty. Borrowed until {@link #encode} has run
 * @param output the control's output; borrowed until {@link #encode} has run
 * @param flags  reserved, zero
 */
public record IoctlResponse(int ctlCode, FileId fileId, ByteBuf input, ByteBuf output, int flags) {
    public static final int STRUCTURE_SIZE = 49;
    /** 64-byte header plus the 48-byte fixed part. */
    public static final int BUFFER_OFFSET = 0x70;

    private static final int FIXED = 48;

    public IoctlResponse {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
    }

    /** The common case: output only. */
    public IoctlResponse(int ctlCode, FileId fileId, ByteBuf output) {
        this(ctlCode, fileId, Unpooled.EMPTY_BUFFER, output, 0);
    }

    public static IoctlResponse decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "IOCTL Response");
        int b = msg.readerIndex() + BODY;
        long inputOffset = msg.getUnsignedIntLE(b + 24);      // InputOffset (4 bytes)
        long inputCount = msg.getUnsignedIntLE(b + 28);       // InputCount (4 bytes)
        long outputOffset = msg.getUnsignedIntLE(b + 32);     // OutputOffset (4 bytes)
        long outputCount = msg.getUnsignedIntLE(b + 36);      // OutputCount (4 bytes)
        return new IoctlResponse(
                msg.getIntLE(b + 4),                          // Reserved (2 bytes), CtlCode (4 bytes)
                FileId.read(msg, b + 8),                      // FileId (16 bytes)
                MessageBounds.slice(msg, inputOffset, inputCount, BODY + FIXED, "IOCTL input"),
                MessageBounds.slice(msg, outputOffset, outputCount, BODY + FIXED, "IOCTL output"),
                msg.getIntLE(b + 40));                        // Flags (4 bytes), Reserved2 (4 bytes)
    }

    public void encode(ByteBuf out) {
        int inputCount = input.readableBytes();
        int outputOffset = MessageBounds.align8(BUFFER_OFFSET + inputCount);
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
        out.writeIntLE(ctlCode);                              // CtlCode (4 bytes)
        fileId.write(out);                                    // FileId (16 bytes)
        out.writeIntLE(BUFFER_OFFSET);                        // InputOffset (4 bytes)
        out.writeIntLE(inputCount);                           // InputCount (4 bytes)
        out.writeIntLE(outputOffset);                         // OutputOffset (4 bytes)
        out.writeIntLE(output.readableBytes());               // OutputCount (4 bytes)
        out.writeIntLE(flags);                                // Flags (4 bytes)
        out.writeIntLE(0);                                    // Reserved2 (4 bytes)
        MessageBounds.writeAll(out, input);                   // Buffer: input
        if (output.isReadable()) {
            out.writeZero(outputOffset - BUFFER_OFFSET - inputCount);
            MessageBounds.writeAll(out, output);              // Buffer: output
        }
    }
}

package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.fsctl.CtlCode;
import java.util.Objects;

/**
 * [MS-SMB2] 2.2.31 SMB2 IOCTL Request.
 *
 * <p>OutputOffset/OutputCount describe an input buffer the client sends for the output direction, which only a few
 * FSCTLs use; both buffers are borrowed slices of the message when decoded, valid only while it is.
 *
 * @param ctlCode           a {@link CtlCode} value
 * @param fileId            the open, or {@link FileId#ANY} for controls that need none
 * @param input             InputOffset/InputCount
 * @param maxInputResponse  the most input-direction bytes the client accepts back
 * @param output            OutputOffset/OutputCount
 * @param maxOutputResponse the most output bytes the client accepts back
 * @param flags             {@link #IS_FSCTL}, or zero for a device IOCTL
 */
public record IoctlRequest(int ctlCode, FileId fileId, ByteBuf input, long maxInputResponse, ByteBuf output,
                           long maxOutputResponse, int flags) {
    public static final int STRUCTURE_SIZE = 57;
    public static final int IS_FSCTL = 0x00000001;

    private static final int FIXED = 56;

    public IoctlRequest {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        MessageBounds.requireUint32(maxInputResponse, "maxInputResponse");
        MessageBounds.requireUint32(maxOutputResponse, "maxOutputResponse");
    }

    public boolean isFsctl() {
        return (flags & IS_FSCTL) != 0;
    }

    public static IoctlRequest decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "IOCTL Request");
        int b = msg.readerIndex() + BODY;
        long inputOffset = msg.getUnsignedIntLE(b + 24);      // InputOffset (4 bytes)
        long inputCount = msg.getUnsignedIntLE(b + 28);       // InputCount (4 bytes)
        long outputOffset = msg.getUnsignedIntLE(b + 36);     // OutputOffset (4 bytes)
        long outputCount = msg.getUnsignedIntLE(b + 40);      // OutputCount (4 bytes)
        return new IoctlRequest(
                msg.getIntLE(b + 4),                          // Reserved (2 bytes), CtlCode (4 bytes)
                FileId.read(msg, b + 8),                      // FileId (16 bytes)
                MessageBounds.slice(msg, inputOffset, inputCount, BODY + FIXED, "IOCTL input"),
                msg.getUnsignedIntLE(b + 32),                 // MaxInputResponse (4 bytes)
                MessageBounds.slice(msg, outputOffset, outputCount, BODY + FIXED, "IOCTL output"),
                msg.getUnsignedIntLE(b + 44),                 // MaxOutputResponse (4 bytes)
                msg.getIntLE(b + 48));                        // Flags (4 bytes), Reserved2 (4 bytes)
    }

    /** Client-side encoding: input at 0x78, output at the next 8-byte boundary; an empty buffer has offset zero. */
    public void encode(ByteBuf out) {
        int inputCount = input.readableBytes();
        int outputCount = output.readableBytes();
        int inputOffset = BODY + FIXED;
        int outputOffset = MessageBounds.align8(inputOffset + inputCount);
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeShortLE(0);                                  // Reserved (2 bytes)
        out.writeIntLE(ctlCode);                              // CtlCode (4 bytes)
        fileId.write(out);                                    // FileId (16 bytes)
        out.writeIntLE(inputCount == 0 ? 0 : inputOffset);    // InputOffset (4 bytes)
        out.writeIntLE(inputCount);                           // InputCount (4 bytes)
        out.writeIntLE((int) maxInputResponse);               // MaxInputResponse (4 bytes)
        out.writeIntLE(outputCount == 0 ? 0 : outputOffset);  // OutputOffset (4 bytes)
        out.writeIntLE(outputCount);                          // OutputCount (4 bytes)
        out.writeIntLE((int) maxOutputResponse);              // MaxOutputResponse (4 bytes)
        out.writeIntLE(flags);                                // Flags (4 bytes)
        out.writeIntLE(0);                                    // Reserved2 (4 bytes)
        MessageBounds.writeAll(out, input);                   // Buffer: input
        if (outputCount != 0) {
            out.writeZero(outputOffset - inputOffset - inputCount);
            MessageBounds.writeAll(out, output);              // Buffer: output
        }
    }
}

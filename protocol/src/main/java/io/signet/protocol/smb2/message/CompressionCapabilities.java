package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * [MS-SMB2] 2.2.3.1.3 SMB2_COMPRESSION_CAPABILITIES: CompressionAlgorithmCount (2 bytes), Padding (2 bytes), Flags
 * (4 bytes), then the algorithm ids (2 bytes each). Signet does not compress, so the server never answers one
 * ([MS-SMB2] 3.3.5.4 ignores it when IsCompressionSupported is FALSE).
 */
public record CompressionCapabilities(int flags, List<Integer> compressionAlgorithms) implements NegotiateContextData {
    /** SMB2_COMPRESSION_CAPABILITIES_FLAG_CHAINED: chained compression is supported. */
    public static final int FLAG_CHAINED = 0x00000001;
    private static final int FIXED = 8;

    public CompressionCapabilities {
        compressionAlgorithms = AlgorithmIds.checked(compressionAlgorithms, "CompressionAlgorithms");
    }

    /** A zero or overrunning CompressionAlgorithmCount is STATUS_INVALID_PARAMETER. */
    public static CompressionCapabilities decode(ByteBuf data) {
        List<Integer> ids = AlgorithmIds.read(data, FIXED);
        return new CompressionCapabilities(data.getIntLE(data.readerIndex() + 4), ids);
    }

    @Override
    public ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(FIXED + 2 * compressionAlgorithms.size());
        out.writeShortLE(compressionAlgorithms.size());    // CompressionAlgorithmCount (2 bytes)
        out.writeShortLE(0);                               // Padding (2 bytes)
        out.writeIntLE(flags);                             // Flags (4 bytes)
        AlgorithmIds.writeIds(out, compressionAlgorithms); // CompressionAlgorithms (2 bytes each)
        return out;
    }

    @Override
    public int contextType() {
        return NegotiateContext.COMPRESSION_CAPABILITIES;
    }
}

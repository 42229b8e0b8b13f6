package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * [MS-SMB2] 2.2.3.1.6 SMB2_RDMA_TRANSFORM_CAPABILITIES: TransformCount (2 bytes), Reserved1 (2 bytes), Reserved2
 * (4 bytes), then the RDMA transform ids (2 bytes each). Signet has no RDMA transport and never answers one.
 */
public record RdmaTransformCapabilities(List<Integer> transformIds) implements NegotiateContextData {
    private static final int FIXED = 8;

    public RdmaTransformCapabilities {
        transformIds = AlgorithmIds.checked(transformIds, "RDMATransformIds");
    }

    /** A zero or overrunning TransformCount is STATUS_INVALID_PARAMETER. */
    public static RdmaTransformCapabilities decode(ByteBuf data) {
        return new RdmaTransformCapabilities(AlgorithmIds.read(data, FIXED));
    }

    @Override
    public ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(FIXED + 2 * transformIds.size());
        out.writeShortLE(transformIds.size());             // TransformCount (2 bytes)
        out.writeShortLE(0);                               // Reserved1 (2 bytes)
        out.writeIntLE(0);                                 // Reserved2 (4 bytes)
        AlgorithmIds.writeIds(out, transformIds);          // RDMATransformIds (2 bytes each)
        return out;
    }

    @Override
    public int contextType() {
        return NegotiateContext.RDMA_TRANSFORM_CAPABILITIES;
    }
}

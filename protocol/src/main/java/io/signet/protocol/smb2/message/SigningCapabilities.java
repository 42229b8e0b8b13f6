package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * [MS-SMB2] 2.2.3.1.7 SMB2_SIGNING_CAPABILITIES: SigningAlgorithmCount (2 bytes), then the signing algorithm ids
 * (2 bytes each) in the sender's order of preference; a response carries the one the server chose.
 */
public record SigningCapabilities(List<Integer> signingAlgorithms) implements NegotiateContextData {
    public SigningCapabilities {
        signingAlgorithms = AlgorithmIds.checked(signingAlgorithms, "SigningAlgorithms");
    }

    /** Decodes the context's data; a zero or overrunning SigningAlgorithmCount is STATUS_INVALID_PARAMETER. */
    public static SigningCapabilities decode(ByteBuf data) {
        return new SigningCapabilities(AlgorithmIds.read(data, 2));
    }

    @Override
    public ByteBuf encode() {
        return AlgorithmIds.encode(signingAlgorithms);
    }

    @Override
    public int contextType() {
        return NegotiateContext.SIGNING_CAPABILITIES;
    }
}

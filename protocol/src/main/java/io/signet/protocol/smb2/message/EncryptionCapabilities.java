package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * [MS-SMB2] 2.2.3.1.2 SMB2_ENCRYPTION_CAPABILITIES: CipherCount (2 bytes), then the cipher ids (2 bytes each) in the
 * sender's order of preference. A response carries one, 0 when the server shares no cipher with the client
 * ([MS-SMB2] 2.2.4.1.2).
 */
public record EncryptionCapabilities(List<Integer> ciphers) implements NegotiateContextData {
    /** The response's cipher id when there is none in common. */
    public static final int NO_COMMON_CIPHER = 0x0000;

    public EncryptionCapabilities {
        ciphers = AlgorithmIds.checked(ciphers, "Ciphers");
    }

    /** Decodes the context's data; a zero or overrunning CipherCount is STATUS_INVALID_PARAMETER. */
    public static EncryptionCapabilities decode(ByteBuf data) {
        return new EncryptionCapabilities(AlgorithmIds.read(data, 2));
    }

    @Override
    public ByteBuf encode() {
        return AlgorithmIds.encode(ciphers);
    }

    @Override
    public int contextType() {
        return NegotiateContext.ENCRYPTION_CAPABILITIES;
    }
}

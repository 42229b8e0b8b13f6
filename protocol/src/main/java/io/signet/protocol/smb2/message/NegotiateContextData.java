package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/**
 * The typed Data of one [MS-SMB2] 2.2.3.1 / 2.2.4.1 negotiate context: each implementation is one ContextType and
 * encodes to the bytes of the context's Data field.
 */
public interface NegotiateContextData {
    /** The ContextType, e.g. {@link NegotiateContext#SIGNING_CAPABILITIES}. */
    int contextType();

    /** The context's Data, in a buffer the caller owns. */
    ByteBuf encode();

    /** This value as a negotiate context ready for a NEGOTIATE request or response. */
    default NegotiateContext toContext() {
        return new NegotiateContext(contextType(), encode());
    }
}

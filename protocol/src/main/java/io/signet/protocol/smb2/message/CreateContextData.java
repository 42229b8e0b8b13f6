package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;

/**
 * The typed Data of one [MS-SMB2] 2.2.13.2 / 2.2.14.2 create context: each implementation is one context of one
 * direction, named by its tag, and encodes to the bytes of the context's Data field.
 */
public interface CreateContextData {
    /** The context's Name, e.g. "MxAc". */
    String contextName();

    /** The context's Data, in a buffer the caller owns. */
    ByteBuf encode();

    /** This value as a create context ready for a CREATE request or response chain. */
    default CreateContext toContext() {
        return new CreateContext(contextName(), encode());
    }
}

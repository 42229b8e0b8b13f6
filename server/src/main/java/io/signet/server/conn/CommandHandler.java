package io.signet.server.conn;

import io.netty.buffer.ByteBuf;

/**
 * Executes one SMB2 command. One implementation per command ([MS-SMB2] 3.3.5.x).
 *
 * <p>The request gate has already checked the header, credits, session, signature and tree, as the command needs.
 * A handler decodes its request from {@link RequestContext#message()}, does the work and writes the response body
 * into {@code out} (whose writer index is just past the 64-byte response header), or throws
 * {@link io.signet.protocol.status.SmbException} to answer with an error response instead.
 */
public interface CommandHandler {
    void handle(RequestContext ctx, ByteBuf out);
}

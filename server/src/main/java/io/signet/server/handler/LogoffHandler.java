package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.message.LogoffRequest;
import io.signet.protocol.smb2.message.LogoffResponse;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * [MS-SMB2] 3.3.5.6 Receiving an SMB2 LOGOFF Request: closes the session's opens and tree connects and forgets it.
 * The response is still signed with the session's key (the gate found the session before it went away).
 */
public final class LogoffHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LogoffHandler.class);

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        LogoffRequest.decode(ctx.message());
        ctx.connection().logoff(ctx.session());
        LOG.debug("{}: session {} logged off", ctx.connection().channel().remoteAddress(),
                Long.toHexString(ctx.session().id()));
        new LogoffResponse().encode(out);
    }
}

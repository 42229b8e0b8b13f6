package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.message.TreeDisconnectRequest;
import io.signet.protocol.smb2.message.TreeDisconnectResponse;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;

/** [MS-SMB2] 3.3.5.8 Receiving an SMB2 TREE_DISCONNECT Request: closes the tree's opens, then forgets it. */
public final class TreeDisconnectHandler implements CommandHandler {
    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        TreeDisconnectRequest.decode(ctx.message());
        ctx.session().removeTree(ctx.tree());
        new TreeDisconnectResponse().encode(out);
    }
}

package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.EchoResponse;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;

/** [MS-SMB2] 3.3.5.17 Receiving an SMB2 ECHO Request. */
public final class EchoHandler implements CommandHandler {
    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        EchoRequest.decode(ctx.message());
        new EchoResponse().encode(out);
    }
}

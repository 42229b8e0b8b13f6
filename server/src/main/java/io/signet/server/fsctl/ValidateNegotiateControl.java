package io.signet.server.fsctl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fsctl.ValidateNegotiateInfoRequest;
import io.signet.protocol.fsctl.ValidateNegotiateInfoResponse;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.server.context.ServerContext;
import io.signet.server.conn.DialectChoice;
import io.signet.server.conn.Negotiated;
import io.signet.server.conn.Disconnect;
import io.signet.server.conn.RequestContext;
import java.util.Arrays;

/**
 * [MS-SMB2] 3.3.5.15.12 FSCTL_VALIDATE_NEGOTIATE_INFO: the client proves its NEGOTIATE was not tampered with. Any
 * mismatch ends the connection; so does the request on a 3.1.1 connection, which preauth integrity protects instead.
 */
final class ValidateNegotiateControl implements FsctlHandler {
    private final ServerContext server;

    ValidateNegotiateControl(ServerContext server) {
        this.server = server;
    }

    @Override
    public ByteBuf handle(RequestContext ctx, IoctlRequest req) {
        Negotiated n = ctx.connection().negotiated();
        if (n.dialect() == Dialect.SMB3_1_1) {
            throw new Disconnect("FSCTL_VALIDATE_NEGOTIATE_INFO on a 3.1.1 connection");
        }
        if (req.maxOutputResponse() < ValidateNegotiateInfoResponse.SIZE) {
            throw new Disconnect("VALIDATE_NEGOTIATE_INFO MaxOutputResponse too small");
        }
        ValidateNegotiateInfoRequest v = ValidateNegotiateInfoRequest.decode(req.input());
        Dialect common = DialectChoice.highestCommon(v.dialects());
        if (common != n.dialect()
                || !Arrays.equals(v.guid(), n.clientGuid())
                || v.securityMode() != n.clientSecurityMode()
                || v.capabilities() != n.clientCapabilities()) {
            throw new Disconnect("VALIDATE_NEGOTIATE_INFO does not match the NEGOTIATE");
        }
        ByteBuf body = Unpooled.buffer(ValidateNegotiateInfoResponse.SIZE);
        new ValidateNegotiateInfoResponse(n.serverCapabilities(), server.serverGuid(), n.serverSecurityMode(),
                n.dialect().code()).encode(body);
        return body;
    }
}

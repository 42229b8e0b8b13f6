package io.signet.server.fsctl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fsctl.NetworkInterfaceInfo;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.Connection;
import io.signet.server.conn.Negotiated;
import io.signet.server.conn.RequestContext;
import io.signet.server.net.ServerInterfaces;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * [MS-SMB2] 3.3.5.15.11 FSCTL_QUERY_NETWORK_INTERFACE_INFO: the server's addresses a multichannel client may open
 * further channels to, as a chain of NETWORK_INTERFACE_INFO ([MS-SMB2] 2.2.32.5). The control names no open, so its
 * FileId (all ones from clients, 3.2.4.20.10) is not looked up. Without multichannel on this connection the request
 * is STATUS_NOT_SUPPORTED; a MaxOutputResponse that cannot hold the whole list is STATUS_BUFFER_TOO_SMALL.
 */
final class NetworkInterfacesControl implements FsctlHandler {
    private final ServerInterfaces interfaces;

    NetworkInterfacesControl(ServerInterfaces interfaces) {
        this.interfaces = interfaces;
    }

    @Override
    public ByteBuf handle(RequestContext ctx, IoctlRequest req) {
        Connection conn = ctx.connection();
        Negotiated n = conn.negotiated();
        if (!n.dialect().isSmb3() || (n.serverCapabilities() & NegotiateResponse.CAP_MULTI_CHANNEL) == 0) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "multichannel is not offered on this connection");
        }
        InetAddress local = conn.channel().localAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        List<NetworkInterfaceInfo> entries = interfaces.list(local);
        long size = (long) entries.size() * NetworkInterfaceInfo.SIZE;
        if (req.maxOutputResponse() < size) {
            throw new SmbException(NtStatus.STATUS_BUFFER_TOO_SMALL,
                    entries.size() + " interfaces need " + size + " bytes");
        }
        ByteBuf body = Unpooled.buffer((int) size);
        NetworkInterfaceInfo.encodeAll(entries, body);
        return body;
    }
}

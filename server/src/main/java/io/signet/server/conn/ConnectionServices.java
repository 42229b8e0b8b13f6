package io.signet.server.conn;

import io.signet.server.context.ServerContext;
import io.signet.server.metrics.ServerMetrics;

/**
 * What a connection is given at startup: the state all connections share, the dispatcher over the command handlers,
 * the answer to an SMB1 negotiate, the slot of the server's request interceptor, the metrics it records (null
 * when the server has no metrics endpoint) and the I/O threads of READ and WRITE (null: none, they run on the
 * connection's thread). Wired once per server above everything it holds.
 */
public record ConnectionServices(ServerContext server, Dispatcher dispatcher, MultiProtocolNegotiate smb1Negotiate,
                                 InterceptorSlot interceptors, ServerMetrics metrics, IoPool ioPool) {
    /** Services without I/O threads. */
    public ConnectionServices(ServerContext server, Dispatcher dispatcher, MultiProtocolNegotiate smb1Negotiate,
                              InterceptorSlot interceptors, ServerMetrics metrics) {
        this(server, dispatcher, smb1Negotiate, interceptors, metrics, null);
    }

    /** Services with an empty interceptor slot and no metrics. */
    public ConnectionServices(ServerContext server, Dispatcher dispatcher, MultiProtocolNegotiate smb1Negotiate) {
        this(server, dispatcher, smb1Negotiate, new InterceptorSlot(), null);
    }

    /** Services with an empty interceptor slot, recording into {@code metrics} (null for none). */
    public ConnectionServices(ServerContext server, Dispatcher dispatcher, MultiProtocolNegotiate smb1Negotiate,
                              ServerMetrics metrics) {
        this(server, dispatcher, smb1Negotiate, new InterceptorSlot(), metrics);
    }
}

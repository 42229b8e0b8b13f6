package io.signet.server.conn;

import io.signet.server.context.ServerContext;
import io.signet.server.metrics.ServerMetrics;

/**
 * What a connection is given at startup: the state all connections share, the dispatcher over the command handlers,
 * the answer to an SMB1 negotiate, the slot of the server's request interceptor and the metrics it records (null
 * when the server has no metrics endpoint). Wired once per server above everything it holds.
 */
public record ConnectionServices(ServerContext server, Dispatcher dispatcher, MultiProtocolNegotiate smb1Negotiate,
                                 InterceptorSlot interceptors, ServerMetrics metrics) {
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

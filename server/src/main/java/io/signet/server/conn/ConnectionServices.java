package io.signet.server.conn;

import io.signet.server.context.ServerContext;

/**
 * What a connection is given at startup: the state all connections share, the dispatcher over the command handlers,
 * the answer to an SMB1 negotiate and the slot of the server's request interceptor. Wired once per server above
 * everything it holds.
 */
public record ConnectionServices(ServerContext server, Dispatcher dispatcher, MultiProtocolNegotiate smb1Negotiate,
                                 InterceptorSlot interceptors) {
    /** Services with an empty interceptor slot. */
    public ConnectionServices(ServerContext server, Dispatcher dispatcher, MultiProtocolNegotiate smb1Negotiate) {
        this(server, dispatcher, smb1Negotiate, new InterceptorSlot());
    }
}

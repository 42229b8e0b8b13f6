package io.signet.server.conn;

import io.signet.server.context.ServerContext;

/**
 * What a connection is given at startup: the state all connections share, the dispatcher over the command handlers
 * and the answer to an SMB1 negotiate. Wired once per server above everything it holds.
 */
public record ConnectionServices(ServerContext server, Dispatcher dispatcher, MultiProtocolNegotiate smb1Negotiate) {
}

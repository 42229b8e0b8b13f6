package io.signet.server.conn;

import io.signet.protocol.smb2.message.NegotiateResponse;

/**
 * The SMB2 NEGOTIATE response to an SMB1 multi-protocol negotiate ([MS-SMB2] 3.3.5.3.1). The NEGOTIATE handler
 * implements it, so that both negotiates announce the same server settings; it is handed to connections at startup,
 * which keeps this package free of the handlers.
 */
public interface MultiProtocolNegotiate {
    /** @param dialectCode the wildcard revision 0x02FF or 2.0.2 */
    NegotiateResponse smb1Response(int dialectCode);
}

package io.signet.server.conn;

import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.smb2.Dialect;

/**
 * The outcome of NEGOTIATE ([MS-SMB2] 3.3.5.4, 3.3.1.7 Per Connection): what the client offered and what the server
 * settled on. A connection publishes it once, with a single write ({@link Connection#negotiated(Negotiated)}), and
 * never changes it; threads of other connections (a binding checks the dialect and cipher of the session's first
 * connection) read a consistent whole. The arrays are the connection's own and are never modified.
 *
 * @param dialect            Connection.Dialect
 * @param signingAlgorithm   Connection.SigningAlgorithmId for 3.x (AES-CMAC unless 3.1.1 chose another), HMAC-SHA256
 *                           for 2.x
 * @param clientCapabilities Connection.ClientCapabilities
 * @param clientSecurityMode Connection.ClientSecurityMode
 * @param clientGuid         Connection.ClientGuid
 * @param clientDialects     Connection.ClientDialects
 * @param serverSecurityMode the SecurityMode of the NEGOTIATE response
 * @param serverCapabilities the Capabilities of the NEGOTIATE response
 * @param cipher             Connection.CipherId, or null when the connection cannot encrypt
 */
public record Negotiated(Dialect dialect, SigningAlgorithm signingAlgorithm, int clientCapabilities,
                         int clientSecurityMode, byte[] clientGuid, int[] clientDialects, int serverSecurityMode,
                         int serverCapabilities, CipherId cipher) {

    /** Connection.ShouldSign: the client's NEGOTIATE SecurityMode had SIGNING_REQUIRED ([MS-SMB2] 3.3.5.4). */
    public boolean clientRequiresSigning() {
        return (clientSecurityMode & 0x02) != 0;
    }
}

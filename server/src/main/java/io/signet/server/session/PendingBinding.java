package io.signet.server.session;

import io.signet.auth.AuthExchange;

/**
 * A binding of an existing session to a new connection while its SESSION_SETUP legs are exchanged ([MS-SMB2]
 * 3.3.5.5): the authentication of this binding, and for 3.1.1 the preauth integrity hash of this binding alone
 * (PreauthSession, [MS-SMB2] 3.3.1.15), which starts from the new connection's hash and keys the channel's signing
 * key. Owned by the new connection's thread.
 */
public final class PendingBinding {
    private final Session session;
    private final AuthExchange exchange;
    private byte[] preauthHash;

    public PendingBinding(Session session, AuthExchange exchange, byte[] preauthHash) {
        this.session = session;
        this.exchange = exchange;
        this.preauthHash = preauthHash;
    }

    public Session session() {
        return session;
    }

    public AuthExchange exchange() {
        return exchange;
    }

    /** PreauthSession.PreauthIntegrityHashValue (3.1.1); null for 3.0 and 3.0.2. */
    public byte[] preauthHash() {
        return preauthHash;
    }

    public void preauthHash(byte[] h) {
        this.preauthHash = h;
    }
}

package io.signet.auth.kerberos;

import java.util.Objects;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;

/**
 * An established Kerberos GSS context on the acceptor's side.
 *
 * @param identity      who the client is
 * @param key           the context key ([RFC 4121] 2): the authenticator's subkey if it had one, else the ticket's
 *                      session key; the acceptor asserts no subkey of its own
 * @param responseToken the AP-REP context token when the client asked for mutual authentication, else {@code null}
 * @param acceptorSeq   the acceptor's initial sequence number, which the first acceptor MIC token carries
 */
public record KerberosContext(KerberosIdentity identity, EncryptionKey key, byte[] responseToken, long acceptorSeq) {

    public KerberosContext {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(key, "key");
    }

    /** The GSS session key, in full (32 bytes for AES-256): SMB takes what it needs ([MS-SMB2] 3.3.5.5.3). */
    public byte[] sessionKey() {
        return key.getKeyData().clone();
    }

    /** The acceptor's MIC token over {@code message} (the mechListMIC of [RFC 4178] 5). */
    public byte[] acceptorMic(byte[] message) throws KerberosException {
        return GssMic.acceptorMic(key, acceptorSeq, message);
    }

    /** Whether {@code token} is the initiator's valid MIC token over {@code message}. */
    public boolean isValidInitiatorMic(byte[] token, byte[] message) throws KerberosException {
        return GssMic.isValidInitiatorMic(key, token, message);
    }
}

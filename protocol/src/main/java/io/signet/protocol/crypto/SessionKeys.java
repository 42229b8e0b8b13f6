package io.signet.protocol.crypto;

/**
 * The keys of one authenticated session ([MS-SMB2] 3.3.1.8 Per Session), from the server's point of view.
 *
 * @param signingKey          Session.SigningKey (and the first channel's Channel.SigningKey); for 2.0.2/2.1 this is
 *                            Session.SessionKey itself
 * @param applicationKey      Session.ApplicationKey, for callers such as DCE/RPC over named pipes
 * @param serverEncryptionKey Session.EncryptionKey: encrypts server-to-client messages (the client's DecryptionKey);
 *                            {@code null} before SMB 3.0
 * @param serverDecryptionKey Session.DecryptionKey: decrypts client-to-server messages (the client's EncryptionKey);
 *                            {@code null} before SMB 3.0
 */
public record SessionKeys(byte[] signingKey, byte[] applicationKey, byte[] serverEncryptionKey,
                          byte[] serverDecryptionKey) {

    /** Keys never appear in logs. */
    @Override
    public String toString() {
        return "SessionKeys[signing, application" + (serverEncryptionKey == null ? "" : ", encryption, decryption")
                + " (redacted)]";
    }
}

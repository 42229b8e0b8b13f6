package io.signet.server.session;

import io.signet.auth.AuthenticatedUser;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.smb2.Dialect;

/**
 * What a completed authentication gave a session ([MS-SMB2] 3.3.1.8, 3.3.5.5.3): who it is, its keys, and whether its
 * requests must be signed or encrypted. A session publishes it whole with a single write when SESSION_SETUP
 * completes ({@link Session#security(SessionSecurity)}), so the threads of every channel see either none of it or all
 * of it. Re-authentication publishes a copy with the new identity and the same keys. The key arrays are never
 * modified.
 *
 * @param user             Session.UserCredentials; its kind tells guest and anonymous sessions apart
 * @param dialect          Session.Connection.Dialect, which a binding connection must match
 * @param signingAlgorithm the signing algorithm of Session.Connection; null for guest and anonymous sessions
 * @param signingKey       Session.SigningKey (3.x) or Session.SessionKey (2.x); null for guest and anonymous
 * @param cipher           Session.Connection.CipherId; null when no cipher was negotiated (or no key to use it)
 * @param encryptor        encrypts with Session.EncryptionKey, shared by every channel (hold its monitor while
 *                         encrypting); null without a cipher
 * @param decryptionKey    Session.DecryptionKey, from which each channel makes its own engine; null without a cipher
 * @param encryptData      Session.EncryptData: every request of the session must come encrypted
 * @param signingRequired  Session.SigningRequired ({@link SigningRequirement})
 */
public record SessionSecurity(AuthenticatedUser user, Dialect dialect, SigningAlgorithm signingAlgorithm,
                              byte[] signingKey, CipherId cipher, MessageEncryptor encryptor, byte[] decryptionKey,
                              boolean encryptData, boolean signingRequired) {

    /** A guest or anonymous session: an identity, no keys, neither signed nor encrypted. */
    public static SessionSecurity keyless(AuthenticatedUser user, Dialect dialect) {
        return new SessionSecurity(user, dialect, null, null, null, null, null, false, false);
    }

    /** Re-authentication ([MS-SMB2] 3.3.5.5.3): a new identity, the keys of the first logon. */
    public SessionSecurity withUser(AuthenticatedUser u) {
        return new SessionSecurity(u, dialect, signingAlgorithm, signingKey, cipher, encryptor, decryptionKey,
                encryptData, signingRequired);
    }

    /** A new signer keyed with Session.SigningKey; null without a key. Signers are not thread-safe: one per user. */
    public MessageSigner newSigner() {
        return signingKey == null ? null : signingAlgorithm.newSigner(signingKey);
    }

    /** A new engine decrypting with Session.DecryptionKey, for one channel; null without a cipher. */
    public MessageEncryptor newDecryptor() {
        return decryptionKey == null ? null : new MessageEncryptor(cipher, decryptionKey);
    }
}

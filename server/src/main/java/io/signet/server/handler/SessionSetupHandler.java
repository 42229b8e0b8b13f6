package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.auth.AuthExchange;
import io.signet.auth.AuthStep;
import io.signet.auth.UserKind;
import io.signet.config.EncryptionPolicy;
import io.signet.protocol.crypto.KeyDerivation;
import io.signet.protocol.crypto.SessionKeys;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import io.signet.protocol.smb2.message.SessionSetupResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.auth.SessionAuthentication;
import io.signet.server.auth.SessionBinding;
import io.signet.server.context.ServerContext;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.Connection;
import io.signet.server.conn.Negotiated;
import io.signet.server.conn.RequestContext;
import io.signet.server.session.Session;
import io.signet.server.session.SessionChannel;
import io.signet.server.session.SessionSecurity;
import io.signet.server.session.SessionState;
import io.signet.server.session.SigningRequirement;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * [MS-SMB2] 3.3.5.5 Receiving an SMB2 SESSION_SETUP Request: new sessions and re-authentication of existing ones.
 *
 * <p>Each leg hands the security buffer to the session's authentication exchange. When it completes, the session key
 * becomes Session.SessionKey, the signing key is derived ([MS-SMB2] 3.3.5.5.3), Session.SigningRequired is decided by
 * {@link SigningRequirement}, and the final response is signed.
 */
public final class SessionSetupHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SessionSetupHandler.class);

    private final ServerContext server;
    private final SessionBinding binding;

    public SessionSetupHandler(ServerContext server) {
        this.server = server;
        this.binding = new SessionBinding(server);
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        Connection conn = ctx.connection();
        SessionSetupRequest req = SessionSetupRequest.decode(ctx.message());
        long sessionId = ctx.header().sessionId();
        if ((req.flags() & SessionSetupRequest.FLAG_BINDING) != 0 && sessionId != 0) {
            binding.handle(ctx, req, out); // [MS-SMB2] 3.3.5.5: SessionId 0 is a new session, the flag ignored
            return;
        }
        Session session;
        boolean reauth;
        if (sessionId == 0) {
            if (conn.sessionCount() >= server.config().limits().maxSessionsPerConnection()) {
                throw new SmbException(NtStatus.STATUS_INSUFF_SERVER_RESOURCES, "max sessions per connection");
            }
            session = server.sessions().create(id -> new Session(id, conn));
            if (conn.negotiated().dialect() == Dialect.SMB3_1_1) {
                session.preauthHash(conn.preauthHash());
            }
            conn.addSession(session);
            reauth = false;
        } else {
            session = ctx.session();
            if (session == null || ctx.binding()) {
                // [MS-SMB2] 3.3.5.2.9: re-authentication happens only on a connection that has the session in its
                // own table (the gate admits no other); a session of another connection is reached only by binding.
                throw new SmbException(NtStatus.STATUS_USER_SESSION_DELETED);
            }
            reauth = session.state() != SessionState.IN_PROGRESS || session.user() != null;
        }
        ctx.bindSession(session);
        AuthExchange exchange = session.exchange();
        if (exchange == null) {
            exchange = server.authenticator().newExchange();
            session.exchange(exchange);
        }
        boolean hashLegs = conn.negotiated().dialect() == Dialect.SMB3_1_1 && !reauth;
        SessionAuthentication.PreauthChain preauth = hashLegs
                ? new SessionAuthentication.PreauthChain(session::preauthHash, session::preauthHash) : null;
        AuthStep step = SessionAuthentication.step(ctx, exchange, preauth, req, out);
        switch (step.outcome()) {
            case CONTINUE -> {
                // answered by SessionAuthentication: STATUS_MORE_PROCESSING_REQUIRED and the next token
            }
            case SUCCESS -> complete(ctx, req, session, step, reauth, out);
            default -> fail(conn, session, step.failure(), step.reason());
        }
    }

    private void complete(RequestContext ctx, SessionSetupRequest req, Session session, AuthStep step,
                          boolean reauth, ByteBuf out) {
        Connection conn = ctx.connection();
        session.exchange(null);
        UserKind kind = step.user().kind();
        if (reauth) {
            // [MS-SMB2] 3.3.5.5.3: re-authentication replaces the session's identity but keeps its keys, so the
            // session goes on signing with the key of its first logon, whoever re-authenticated.
            SessionSecurity current = session.security();
            session.security(current != null ? current.withUser(step.user())
                    : SessionSecurity.keyless(step.user(), conn.negotiated().dialect()));
            session.state(SessionState.VALID);
            ctx.signResponse();
            LOG.info("{}: session {} re-authenticated as {} ({})", conn.channel().remoteAddress(),
                    Long.toHexString(session.id()), qualified(step), kind);
            new SessionSetupResponse(0, SessionAuthentication.orEmpty(step.responseToken())).encode(out);
            return;
        }
        if (kind != UserKind.USER && server.signingMandatory()) {
            // Guest and anonymous sessions have no session key, so they could never sign; with signing mandatory
            // the server refuses them rather than run an unsigned session.
            fail(conn, session, NtStatus.STATUS_ACCESS_DENIED,
                    kind.toString().toLowerCase(Locale.ROOT) + " logon refused: signing is mandatory");
            return;
        }
        Negotiated negotiated = conn.negotiated();
        SessionSecurity security;
        int sessionFlags = 0;
        if (kind == UserKind.USER) {
            security = userSecurity(negotiated, session, step, req);
            if (security == null) {
                fail(conn, session, NtStatus.STATUS_ACCESS_DENIED,
                        "logon refused: the server requires encryption and the client cannot encrypt");
                return;
            }
            if (security.encryptData()) {
                sessionFlags |= SessionSetupResponse.ENCRYPT_DATA;
            }
            if (negotiated.dialect().isSmb3() || security.signingRequired()) {
                ctx.signResponse(); // [MS-SMB2] 3.3.5.5.3: the final response of a 3.x session is signed
            }
        } else {
            security = SessionSecurity.keyless(step.user(), negotiated.dialect());
            sessionFlags = kind == UserKind.GUEST ? SessionSetupResponse.IS_GUEST : SessionSetupResponse.IS_NULL;
        }
        session.security(security);
        if (kind == UserKind.USER && server.snapshot().users().find(step.user().name()).isEmpty()) {
            // A reload removed the user while this logon checked its password against the previous directory. The
            // user is published above before the directory is read here, and the reload reads sessions' users
            // after publishing the directory, so either its sweep ends this session or this check refuses it.
            fail(conn, session, NtStatus.STATUS_LOGON_FAILURE, "user " + step.user().name()
                    + " was removed by a configuration reload during the logon");
            return;
        }
        // [MS-SMB2] 3.3.5.5.3: the first channel signs with Session.SigningKey.
        session.addChannel(new SessionChannel(conn, security.newSigner(), security.newDecryptor(),
                security.signingKey() == null ? null : security::newSigner));
        session.state(SessionState.VALID);
        conn.sessionEstablished();
        conn.servesLeaseClient(session.user());
        // [MS-SMB2] 3.3.5.5.3: a reconnecting client names the session it lost; that one ends, its durable opens
        // kept for the reconnect that follows.
        if (kind == UserKind.USER && server.sessions().endPrevious(req.previousSessionId(), session)) {
            LOG.info("{}: previous session {} of {} ended", conn.channel().remoteAddress(),
                    Long.toHexString(req.previousSessionId()), qualified(step));
        }
        LOG.info("{}: session {} established for {} ({}, signing {}{})", conn.channel().remoteAddress(),
                Long.toHexString(session.id()), qualified(step), negotiated.dialect(),
                security.signingRequired() ? "required" : "optional",
                security.encryptData() ? ", encrypted with " + negotiated.cipher() : "");
        new SessionSetupResponse(sessionFlags, SessionAuthentication.orEmpty(step.responseToken())).encode(out);
    }

    /**
     * [MS-SMB2] 3.3.5.5.3: the keys of an account's session and its flags. Session.SigningKey (3.x) or
     * Session.SessionKey (2.x) with the signing algorithm of the connection; the cipher keys when a cipher was
     * negotiated, and Session.EncryptData when the server's `smb encrypt` is desired or required (AES-256 keys come
     * from the full session key); Session.SigningRequired by {@link SigningRequirement}.
     *
     * @return null when encryption is required and the client cannot encrypt (RejectUnencryptedAccess)
     */
    private SessionSecurity userSecurity(Negotiated negotiated, Session session, AuthStep step,
                                         SessionSetupRequest req) {
        Dialect dialect = negotiated.dialect();
        SessionKeys keys = SessionAuthentication.keys(dialect, step.sessionKey(), session.preauthHash());
        SigningAlgorithm algorithm = dialect.isSmb3() ? negotiated.signingAlgorithm() : SigningAlgorithm.HMAC_SHA256;
        CipherId cipher = negotiated.cipher();
        EncryptionPolicy policy = server.config().encryption();
        MessageEncryptor encryptor = null;
        byte[] decryptionKey = null;
        boolean encryptData = false;
        if (cipher == null) {
            if (policy == EncryptionPolicy.REQUIRED) {
                return null;
            }
        } else {
            byte[][] k = cipherKeys(cipher, keys, step.sessionKey(), session.preauthHash());
            encryptor = new MessageEncryptor(cipher, k[0]);
            decryptionKey = k[1].clone();
            encryptData = policy == EncryptionPolicy.DESIRED || policy == EncryptionPolicy.REQUIRED;
        }
        boolean clientRequires = (req.securityMode() & SessionSetupRequest.SIGNING_REQUIRED) != 0;
        boolean signingRequired = SigningRequirement.isRequired(server.signingMandatory(),
                negotiated.clientRequiresSigning(), clientRequires, step.user().kind());
        return new SessionSecurity(step.user(), dialect, algorithm, keys.signingKey().clone(), cipher, encryptor,
                decryptionKey, encryptData, signingRequired);
    }

    /**
     * The server's encryption and decryption keys ([MS-SMB2] 3.3.5.5.3): for AES-256 ciphers derived from the full
     * GSS session key (Session.FullSessionKey), otherwise those derived from the 16-byte Session.SessionKey.
     */
    static byte[][] cipherKeys(CipherId cipher, SessionKeys keys, byte[] fullSessionKey, byte[] preauthHash) {
        if (cipher.keyLength() == 32) {
            return KeyDerivation.aes256CipherKeys(fullSessionKey, preauthHash);
        }
        return new byte[][] {keys.serverEncryptionKey(), keys.serverDecryptionKey()};
    }

    private static String qualified(AuthStep step) {
        return step.user().domain() + "\\" + step.user().name();
    }

    /**
     * A failed logon removes the session ([MS-SMB2] 3.3.5.5.3); so does a failed re-authentication, closing its
     * opens, as Windows does. The error response of a re-authentication is still signed with the session's key.
     * Why is logged at INFO once per connection and reason ({@link io.signet.auth.LogonRefusals}), else at DEBUG.
     */
    private static void fail(Connection conn, Session session, NtStatus status, String reason) {
        session.exchange(null);
        if (conn.logonRefusals().report(reason)) {
            LOG.info("{}: session setup failed: {}: {}", conn.channel().remoteAddress(), status, reason);
        } else {
            LOG.debug("{}: session setup failed: {}: {}", conn.channel().remoteAddress(), status, reason);
        }
        conn.removeSession(session);
        throw new SmbException(status);
    }
}

package io.signet.server.auth;

import io.netty.buffer.ByteBuf;
import io.signet.auth.AuthStep;
import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import io.signet.protocol.smb2.message.SessionSetupResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.context.ServerContext;
import io.signet.server.conn.Connection;
import io.signet.server.conn.Negotiated;
import io.signet.server.conn.RequestContext;
import io.signet.server.session.PendingBinding;
import io.signet.server.session.Session;
import io.signet.server.session.SessionChannel;
import io.signet.server.session.SessionSecurity;
import io.signet.server.session.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * [MS-SMB2] 3.3.5.5 SESSION_SETUP with SMB2_SESSION_FLAG_BINDING: binds an existing session to this connection as a
 * new channel (multichannel). The client authenticates again, as the same user; the channel's signing key comes from
 * that authentication ([MS-SMB2] 3.3.5.5.3), while the session's cipher keys, tree connects and opens are shared.
 *
 * <p>The refusals come in the order Windows checks them (smbtorture's smb2.session.bind_negative_* tests, taken from
 * Microsoft's protocol test suite): no such session; a signing algorithm mismatch involving AES-GMAC; a connection
 * that cannot bind (2.x, or multichannel off); then [MS-SMB2] 3.3.5.5's own list. Windows does not require the new
 * connection to carry the session's ClientGuid (bind_negative_smb3signCtoHd binds with a different one), so neither
 * does Signet. A refusal leaves the session as it was.
 */
public final class SessionBinding {
    private static final Logger LOG = LoggerFactory.getLogger(SessionBinding.class);

    private final ServerContext server;

    public SessionBinding(ServerContext server) {
        this.server = server;
    }

    public void handle(RequestContext ctx, SessionSetupRequest req, ByteBuf out) {
        try {
            leg(ctx, req, out);
        } catch (SmbException e) {
            ctx.connection().bindingEnded(ctx.header().sessionId()); // a refused leg ends the binding
            throw e;
        }
    }

    /** One SESSION_SETUP leg of a binding: the refusals, then the authentication step. */
    private void leg(RequestContext ctx, SessionSetupRequest req, ByteBuf out) {
        Connection conn = ctx.connection();
        Session session = ctx.session();
        if (session == null) {
            throw refused(conn, ctx, NtStatus.STATUS_USER_SESSION_DELETED, "no such session");
        }
        if (!ctx.binding()) {
            // The session is in this connection's table already: established here or bound before.
            throw refused(conn, ctx, NtStatus.STATUS_REQUEST_NOT_ACCEPTED, "session is already bound here");
        }
        SessionSecurity security = session.security();
        SigningAlgorithm sessionSigning = security == null ? null : security.signingAlgorithm();
        if (session.connection() == null || sessionSigning == null || session.state() == SessionState.IN_PROGRESS) {
            // [MS-SMB2] 3.3.5.5: Session.State InProgress
            throw refused(conn, ctx, NtStatus.STATUS_REQUEST_NOT_ACCEPTED, "session setup still in progress");
        }
        Negotiated here = conn.negotiated();
        checkSigningAlgorithms(conn, ctx, sessionSigning);
        if (!here.dialect().isSmb3() || (here.serverCapabilities() & NegotiateResponse.CAP_MULTI_CHANNEL) == 0) {
            throw refused(conn, ctx, NtStatus.STATUS_REQUEST_NOT_ACCEPTED, "connection cannot bind sessions");
        }
        if (!ctx.bindingSigned()) {
            throw refused(conn, ctx, NtStatus.STATUS_INVALID_PARAMETER, "binding request is not signed");
        }
        // Session.Connection's dialect and cipher, as the session's keys were made for them
        if (security.dialect() != here.dialect()) {
            throw refused(conn, ctx, NtStatus.STATUS_INVALID_PARAMETER,
                    "session dialect " + security.dialect() + ", connection " + here.dialect());
        }
        if (security.cipher() != here.cipher()) {
            // [MS-SMB2] 3.3.5.5: Connection.CipherId must be Session.Connection.CipherId (3.1.1)
            throw refused(conn, ctx, NtStatus.STATUS_INVALID_PARAMETER,
                    "session cipher " + security.cipher() + ", connection " + here.cipher());
        }
        if (session.state() == SessionState.EXPIRED) {
            throw refused(conn, ctx, NtStatus.STATUS_NETWORK_SESSION_EXPIRED, "session expired");
        }
        if (session.user() == null || session.user().kind() != UserKind.USER) {
            throw refused(conn, ctx, NtStatus.STATUS_NOT_SUPPORTED, "guest and anonymous sessions cannot bind");
        }
        PendingBinding pending = conn.binding(session.id());
        if (pending == null) {
            if (session.channels().size() >= Session.MAX_CHANNELS) {
                throw refused(conn, ctx, NtStatus.STATUS_INSUFFICIENT_RESOURCES,
                        Session.MAX_CHANNELS + " channels already");
            }
            pending = new PendingBinding(session, server.authenticator().newExchange(),
                    here.dialect() == Dialect.SMB3_1_1 ? conn.preauthHash() : null);
            conn.bindingStarted(pending);
        }
        authenticate(ctx, conn, pending, req, out);
    }

    /**
     * Windows refuses to mix AES-GMAC signing with another algorithm across the channels of a session: a GMAC
     * session on a connection that signs otherwise is STATUS_REQUEST_OUT_OF_SEQUENCE, a GMAC connection for a session
     * that signs otherwise is STATUS_NOT_SUPPORTED (smb2.session.bind_negative_smb3signGtoC / CtoG and kin). Other
     * algorithms mix freely: each channel signs with its own connection's.
     */
    private static void checkSigningAlgorithms(Connection conn, RequestContext ctx, SigningAlgorithm sessionSigning) {
        Negotiated here = conn.negotiated();
        SigningAlgorithm connectionSigning = here.dialect().isSmb3() ? here.signingAlgorithm()
                : SigningAlgorithm.HMAC_SHA256;
        if (sessionSigning == connectionSigning) {
            return;
        }
        if (sessionSigning == SigningAlgorithm.AES_GMAC) {
            throw refused(conn, ctx, NtStatus.STATUS_REQUEST_OUT_OF_SEQUENCE, "session signs with AES-GMAC");
        }
        if (connectionSigning == SigningAlgorithm.AES_GMAC) {
            throw refused(conn, ctx, NtStatus.STATUS_NOT_SUPPORTED, "connection signs with AES-GMAC");
        }
    }

    private void authenticate(RequestContext ctx, Connection conn, PendingBinding pending, SessionSetupRequest req,
                              ByteBuf out) {
        Session session = pending.session();
        // [MS-SMB2] 3.3.5.5: the binding's own PreauthSession hash (3.1.1)
        SessionAuthentication.PreauthChain preauth = pending.preauthHash() == null ? null
                : new SessionAuthentication.PreauthChain(pending::preauthHash, pending::preauthHash);
        AuthStep step = SessionAuthentication.step(ctx, pending.exchange(), preauth, req, out);
        switch (step.outcome()) {
            case CONTINUE -> {
                // answered by SessionAuthentication: STATUS_MORE_PROCESSING_REQUIRED and the next token
            }
            case SUCCESS -> {
                conn.bindingEnded(session.id());
                bind(ctx, conn, pending, step, out);
            }
            default -> {
                conn.bindingEnded(session.id());
                // A failed binding authentication is a failed logon like any other: its answer waits the failed-logon
                // delay of the client's address (SessionAuthentication), so binding attempts do not guess passwords
                // faster.
                NtStatus status = step.failure() != null ? step.failure() : NtStatus.STATUS_LOGON_FAILURE;
                throw refused(conn, ctx, status, "authentication failed: " + step.reason());
            }
        }
    }

    /** [MS-SMB2] 3.3.5.5.3: the same user, a Channel.SigningKey of its own, and the channel joins the session. */
    private void bind(RequestContext ctx, Connection conn, PendingBinding pending, AuthStep step, ByteBuf out) {
        Session session = pending.session();
        if (!sameUser(session.user(), step.user())) {
            throw refused(conn, ctx, NtStatus.STATUS_ACCESS_DENIED, "binding as " + step.user().domain() + "\\"
                    + step.user().name() + ", session of " + session.user().domain() + "\\" + session.user().name());
        }
        if (step.sessionKey() == null || step.sessionKey().length == 0) {
            throw refused(conn, ctx, NtStatus.STATUS_NOT_SUPPORTED, "the binding authentication has no session key");
        }
        Negotiated here = conn.negotiated();
        byte[] key = channelSigningKey(here.dialect(), step.sessionKey(), pending.preauthHash());
        SessionChannel channel = new SessionChannel(conn, here.signingAlgorithm().newSigner(key),
                session.newDecryptor(), () -> here.signingAlgorithm().newSigner(key));
        if (!session.addChannel(channel)) {
            throw refused(conn, ctx, NtStatus.STATUS_INSUFFICIENT_RESOURCES, "no room for another channel");
        }
        conn.addSession(session);
        if (server.sessions().find(session.id()) != session) {
            // Logged off on another channel meanwhile: its end did not see this channel, so undo it here.
            session.removeChannel(conn);
            conn.forget(session);
            throw refused(conn, ctx, NtStatus.STATUS_USER_SESSION_DELETED, "session ended while binding");
        }
        conn.sessionEstablished();
        conn.servesLeaseClient(session.user());
        ctx.signResponse(); // [MS-SMB2] 3.3.5.5.3: signed with the new Channel.SigningKey
        LOG.info("{}: session {} bound as channel {} of {} ({}, signing {})", conn.channel().remoteAddress(),
                Long.toHexString(session.id()), session.channels().size(), Session.MAX_CHANNELS, here.dialect(),
                here.signingAlgorithm());
        int flags = session.encryptData() ? SessionSetupResponse.ENCRYPT_DATA : 0;
        new SessionSetupResponse(flags, SessionAuthentication.orEmpty(step.responseToken())).encode(out);
    }

    /**
     * [MS-SMB2] 3.3.5.5.3 Channel.SigningKey of a bound channel: derived from the session key of the binding's own
     * authentication; for 3.1.1 with the binding's PreauthSession hash as context (the vectors doc: S30_CH2,
     * S311_CH2). The session's cipher and application keys are not derived again.
     */
    static byte[] channelSigningKey(Dialect dialect, byte[] sessionKey, byte[] bindingPreauthHash) {
        return SessionAuthentication.keys(dialect, sessionKey, bindingPreauthHash).signingKey();
    }

    /** The same account: user kind, name and domain, the latter two ignoring case as Windows account names do. */
    static boolean sameUser(AuthenticatedUser a, AuthenticatedUser b) {
        return a != null && a.sameAccount(b);
    }

    /** Logged at INFO once per connection and reason, as refused logons are (LogonRefusals), else at DEBUG. */
    private static SmbException refused(Connection conn, RequestContext ctx, NtStatus status, String why) {
        if (conn.logonRefusals().report("binding: " + why)) {
            LOG.info("{}: binding to session {} refused: {} ({})", conn.channel().remoteAddress(),
                    Long.toHexString(ctx.header().sessionId()), status, why);
        } else {
            LOG.debug("{}: binding to session {} refused: {} ({})", conn.channel().remoteAddress(),
                    Long.toHexString(ctx.header().sessionId()), status, why);
        }
        return new SmbException(status, why);
    }
}

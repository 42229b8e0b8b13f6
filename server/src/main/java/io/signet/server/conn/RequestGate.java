package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.metrics.ServerMetrics;
import io.signet.server.session.Session;
import io.signet.server.session.SessionChannel;
import io.signet.server.session.SessionState;
import io.signet.server.tree.TreeConnect;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a request to its handler, in the order of [MS-SMB2] 3.3.5.2: negotiation state, message id and credits,
 * compound relations, session, signature (Session.SigningRequired), tree connect. Also decides the credits granted
 * and the signing key of the response.
 */
final class RequestGate {
    private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);

    /** Commands that run inside a tree connect ([MS-SMB2] 3.3.5.2.11). */
    private static final Set<Smb2Command> NEEDS_TREE = EnumSet.of(Smb2Command.TREE_DISCONNECT, Smb2Command.CREATE,
            Smb2Command.CLOSE, Smb2Command.FLUSH, Smb2Command.READ, Smb2Command.WRITE, Smb2Command.LOCK,
            Smb2Command.IOCTL, Smb2Command.QUERY_DIRECTORY, Smb2Command.CHANGE_NOTIFY, Smb2Command.QUERY_INFO,
            Smb2Command.SET_INFO, Smb2Command.OPLOCK_BREAK);

    /** Commands that carry no session ([MS-SMB2] 3.3.5.2.9 skips the lookup for them). */
    private static final Set<Smb2Command> SESSIONLESS = EnumSet.of(Smb2Command.NEGOTIATE, Smb2Command.SESSION_SETUP,
            Smb2Command.ECHO, Smb2Command.CANCEL);

    private final Connection connection;

    RequestGate(Connection connection) {
        this.connection = connection;
    }

    void admit(RequestContext ctx) {
        Smb2Header h = ctx.header();
        Smb2Command command = h.command();
        if (!connection.isNegotiated() && command != Smb2Command.NEGOTIATE) {
            throw new Disconnect("request " + h.commandCode() + " before NEGOTIATE");
        }
        if (command != Smb2Command.CANCEL && !connection.credits().consume(h.messageId(), chargeOf(h))) {
            // [MS-SMB2] 3.3.5.2.3: an id outside the window, or one used before, ends the connection.
            throw new Disconnect("message id " + h.messageId() + " (charge " + h.creditCharge()
                    + ") is outside the credit window or was already used");
        }
        if (command == Smb2Command.NEGOTIATE) {
            checkWellFormed(ctx);
            if (h.hasFlag(Smb2Header.FLAG_SIGNED)) {
                throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "signed NEGOTIATE"); // 3.3.5.2.4
            }
            return;
        }

        CompoundState compound = ctx.compound();
        boolean related = h.hasFlag(Smb2Header.FLAG_RELATED_OPERATIONS);
        if (related && compound.session == null) {
            // [MS-SMB2] 3.3.5.2.7.2: a related request takes the previous request's session; the first request of a
            // chain, or one after a request without a valid session, has none to take.
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "related request without a previous session");
        }

        Session session = related ? compound.session : connection.session(h.sessionId());
        if (session != null && connection.session(session.id()) != session) {
            session = null; // ended by an earlier request of this compound (LOGOFF) or on another channel
        }
        checkEncryptedFor(ctx, session, related);
        long sessionId = related && session != null ? session.id() : h.sessionId();
        ctx.responseSessionId(sessionId);
        boolean signed = h.hasFlag(Smb2Header.FLAG_SIGNED);

        if (session == null) {
            // Without a session there is no key to sign with: a malformed request is reported as such first.
            checkWellFormed(ctx);
            if (command == Smb2Command.SESSION_SETUP && !related && sessionId != 0 && isBinding(ctx)) {
                Session other = connection.server().sessions().find(sessionId);
                if (other != null) {
                    admitBinding(ctx, other, signed);
                    return;
                }
            }
            if (SESSIONLESS.contains(command) && (sessionId == 0 || command == Smb2Command.SESSION_SETUP)) {
                return; // SESSION_SETUP looks its session up itself and reports a missing one
            }
            throw new SmbException(NtStatus.STATUS_USER_SESSION_DELETED, "no session " + Long.toHexString(sessionId));
        }
        ctx.session = session;

        if (!ctx.encrypted()) {
            // [MS-SMB2] 3.3.5.2.4: a message that decrypted is authenticated already; its signature is not checked.
            verifySignature(ctx, session, command, signed);
        }

        // Checked only now, so that the error response is signed with the session's key like any other.
        checkWellFormed(ctx);
        if (session.encryptData() && !ctx.encrypted() && command != Smb2Command.SESSION_SETUP) {
            // [MS-SMB2] 3.3.5.2.9: RejectUnencryptedAccess on a session that encrypts.
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "unencrypted request on an encrypted session");
        }

        if (command != Smb2Command.SESSION_SETUP) {
            if (session.state() == SessionState.IN_PROGRESS) {
                throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "session setup still in progress");
            }
            if (session.state() == SessionState.EXPIRED && command != Smb2Command.LOGOFF) {
                throw new SmbException(NtStatus.STATUS_NETWORK_SESSION_EXPIRED);
            }
        }
        ctx.sessionAdmitted = true;

        if (NEEDS_TREE.contains(command)) {
            TreeConnect tree = related ? compound.tree : session.tree(h.treeId());
            if (tree != null && session.tree(tree.id()) != tree) {
                // [MS-SMB2] 3.3.5.2.7.2, 3.3.5.8: a TREE_DISCONNECT earlier in the chain ended the tree a related
                // request would inherit; running in it would leave an open no TREE_DISCONNECT ever closes.
                tree = null;
            }
            if (tree == null) {
                throw new SmbException(NtStatus.STATUS_NETWORK_NAME_DELETED, "no tree connect " + h.treeId());
            }
            if (!tree.isIpc() && !connection.server().serves(tree.shareName(), tree.fileSystem())) {
                // A reload removed or replaced the share after this tree was made (a TREE_CONNECT that ran while
                // the reload swept the trees): it ends now, with its opens, as the sweep would have ended it.
                session.removeTree(tree);
                throw new SmbException(NtStatus.STATUS_NETWORK_NAME_DELETED, "share " + tree.shareName()
                        + " was removed by a reload");
            }
            if (tree.encryptData() && !ctx.encrypted()) {
                // [MS-SMB2] 3.3.5.2.11: RejectUnencryptedAccess on a share that encrypts.
                throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "unencrypted request on an encrypted share");
            }
            ctx.tree = tree;
            ctx.responseTreeId(tree.id());
        }
    }

    /**
     * [MS-SMB2] 3.3.5.2.1.1: a decrypted message belongs to the session that encrypted it. Every request inside it,
     * related or not, must run as that session; one naming another session (the victim's, sent by someone holding
     * keys of their own) ends the connection, as a TRANSFORM naming an unknown session does. A session that
     * decrypted but is not in this connection's table (see TransformReceive) passes this check and is then refused
     * as unknown here, STATUS_USER_SESSION_DELETED.
     */
    private static void checkEncryptedFor(RequestContext ctx, Session session, boolean related) {
        Session encryptedBy = ctx.encryptedBy();
        if (encryptedBy == null) {
            return;
        }
        boolean namesOther = related ? session != null && session != encryptedBy
                : ctx.header().sessionId() != encryptedBy.id() || (session != null && session != encryptedBy);
        if (namesOther) {
            throw new Disconnect("encrypted " + ctx.header().command() + " names session "
                    + Long.toHexString(ctx.header().sessionId()) + ", its TRANSFORM_HEADER session "
                    + Long.toHexString(encryptedBy.id()));
        }
    }

    /** SMB2_SESSION_FLAG_BINDING in the SESSION_SETUP request's Flags ([MS-SMB2] 2.2.5), read before decoding. */
    private static boolean isBinding(RequestContext ctx) {
        return SessionSetupRequest.isBinding(ctx.message());
    }

    /**
     * [MS-SMB2] 3.3.5.2.4: a binding request is looked up in the GlobalSessionTable and verified with
     * Session.SigningKey, the only key its client has for this connection yet; a bad signature is
     * STATUS_ACCESS_DENIED. An unsigned one goes on to the handler, which refuses it in the order of [MS-SMB2]
     * 3.3.5.5. None of the session's other checks apply: the session is not bound to this connection.
     */
    private void admitBinding(RequestContext ctx, Session session, boolean signed) {
        ctx.session = session;
        ctx.binding = true;
        if (!signed) {
            return;
        }
        MessageSigner signer = session.newSessionSigner();
        if (signer == null) {
            return; // a session without a key (in progress, guest): the handler refuses to bind it
        }
        ByteBuf m = ctx.message();
        if (!signer.isValid(m, m.readerIndex(), m.readableBytes())) {
            LOG.warn("{}: bad signature on a binding SESSION_SETUP for session {}", connection.channel().remoteAddress(),
                    Long.toHexString(session.id()));
            countSignatureFailure(session, false);
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "binding signature does not verify");
        }
        ctx.bindingSigner = signer;
    }

    /**
     * A header StructureSize other than 64, a command code outside [MS-SMB2] 2.2.1.2, or the async flag on anything
     * but CANCEL, is invalid.
     */
    private static void checkWellFormed(RequestContext ctx) {
        if (Smb2Header.readStructureSize(ctx.message(), ctx.message().readerIndex()) != Smb2Header.SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "header StructureSize is not 64");
        }
        Smb2Command command = ctx.header().command();
        if (command == null) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "unknown command " + ctx.header().commandCode());
        }
        if (ctx.header().hasFlag(Smb2Header.FLAG_ASYNC_COMMAND) && command != Smb2Command.CANCEL) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "async flag on a request");
        }
    }

    /**
     * [MS-SMB2] 3.3.5.2.4: a signed request is verified with Channel.SigningKey of this connection (3.x; the
     * session key for 2.x, whose only channel is its connection); on a session that requires signing, an unsigned
     * request is refused, SESSION_SETUP included (a re-authentication, or a request naming a session this connection
     * is bound to). Either failure answers STATUS_ACCESS_DENIED and the handler never runs.
     */
    private void verifySignature(RequestContext ctx, Session session, Smb2Command command, boolean signed) {
        SessionChannel channel = session.channel(connection);
        MessageSigner signer = channel == null ? null : channel.signer();
        if (signed) {
            if (signer == null) {
                if (command == Smb2Command.SESSION_SETUP) {
                    return; // no key exists yet: nothing this request's signature could be checked against
                }
                countSignatureFailure(session, false);
                throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "signed request on a session without a key");
            }
            ByteBuf m = ctx.message();
            if (!signer.isValid(m, m.readerIndex(), m.readableBytes())) {
                LOG.warn("{}: bad signature on {} mid={} session={}", connection.channel().remoteAddress(), command,
                        ctx.header().messageId(), Long.toHexString(session.id()));
                countSignatureFailure(session, false);
                throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "signature does not verify");
            }
        } else if (session.signingRequired()) {
            // CANCEL included ([MS-SMB2] 3.2.4.24: it is signed like the request it cancels)
            LOG.warn("{}: unsigned {} mid={} on session {} that requires signing", connection.channel().remoteAddress(),
                    command, ctx.header().messageId(), Long.toHexString(session.id()));
            countSignatureFailure(session, true);
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "unsigned request on a signing-required session");
        }
    }

    /** For the metrics endpoint, when there is one: labelled with the session's signing algorithm. */
    private void countSignatureFailure(Session session, boolean missing) {
        ServerMetrics metrics = connection.services().metrics();
        if (metrics != null) {
            metrics.signatureFailure(RequestMetrics.signingOf(session), missing);
        }
    }

    /** [MS-SMB2] 3.3.5.2.5: CreditCharge 0 counts as 1 (and is all SMB 2.0.2 ever sends). */
    static int chargeOf(Smb2Header h) {
        return Math.max(1, h.creditCharge());
    }

    /**
     * Credits granted in a response ({@link CreditWindow#grantFor}); none for a CANCEL, which has no response. While
     * the client holds back a low message id the window cannot grow and grants may be zero; the held-back id is
     * still the client's to use, so it cannot get stuck.
     */
    int creditsToGrant(RequestContext ctx) {
        Smb2Header h = ctx.header();
        if (h.command() == Smb2Command.CANCEL) {
            return 0;
        }
        return connection.credits().grantFor(chargeOf(h), h.credits());
    }

    /**
     * The signer for the response, or null to leave it unsigned ([MS-SMB2] 3.3.4.1.1): Channel.SigningKey of this
     * connection; for a binding that has no channel here yet (an interim or failed binding SESSION_SETUP),
     * Session.SigningKey, with which its request was verified.
     */
    MessageSigner responseSigner(RequestContext ctx) {
        Session s = ctx.session();
        if (s == null) {
            return null;
        }
        SessionChannel channel = s.channel(connection);
        MessageSigner signer = channel != null ? channel.signer() : ctx.bindingSigner;
        if (signer == null) {
            return null;
        }
        boolean requestSigned = ctx.header().hasFlag(Smb2Header.FLAG_SIGNED);
        if (requestSigned || s.signingRequired() || ctx.signResponseRequested()) {
            return signer;
        }
        return null;
    }
}

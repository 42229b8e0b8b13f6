package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.crypto.transform.CipherId;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.crypto.transform.TransformHeader;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.OplockBreak;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.ServerContext;
import io.signet.server.session.PendingBinding;
import io.signet.server.session.Session;
import io.signet.server.session.SessionChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * [MS-SMB2] 3.3.1.7 Per Connection state, and the loop that turns one inbound frame into one outbound frame.
 *
 * <p>All of a connection's frames are processed one after another on the connection's executor thread, so this
 * object's own state (credits, pending requests, bindings in progress) is confined to that thread. Its sessions are
 * not: with multichannel a session is bound to several connections ({@link Session}), and other threads may remove
 * one from this connection's table when it ends ({@link #forget}).
 */
public final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /** 0xFF 'S' 'M' 'B' read little-endian: an SMB1 header. */
    static final int SMB1_PROTOCOL_ID = 0x424D53FF;
    /** 0xFD 'S' 'M' 'B' read little-endian: [MS-SMB2] 2.2.41 TRANSFORM_HEADER. */
    static final int TRANSFORM_PROTOCOL_ID = 0x424D53FD;

    private final Channel channel;
    private final ServerContext server;
    private final RequestGate gate;
    private final Dispatcher dispatcher;
    private final CreditWindow credits;
    /** Connection.SessionTable: sessions with a channel here, or authenticating here. */
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    /** Bindings of other connections' sessions to this one, in progress ([MS-SMB2] 3.3.5.5). */
    private final Map<Long, PendingBinding> bindings = new HashMap<>();
    private final AsyncRequests asyncRequests;
    private final EventExecutor executor;

    private Dialect dialect;
    private SigningAlgorithm signingAlgorithm;
    private int clientCapabilities;
    private int clientSecurityMode;
    private byte[] clientGuid;
    private int[] clientDialects;
    private int serverSecurityMode;
    private int serverCapabilities;
    private byte[] preauthHash;
    private CipherId cipher;

    /** @param executor the thread this connection's frames are processed on; async completions hop back to it */
    public Connection(Channel channel, ServerContext server, EventExecutor executor) {
        this.channel = channel;
        this.executor = executor;
        this.server = server;
        this.credits = new CreditWindow(ServerContext.MAX_CREDITS);
        this.gate = new RequestGate(this);
        this.asyncRequests = new AsyncRequests(this, executor);
        this.dispatcher = server.dispatcher();
    }

    /**
     * Processes one Direct TCP frame. Borrows {@code frame}; the caller releases it.
     */
    public void process(ByteBuf frame) {
        try {
            if (frame.readableBytes() < 4) {
                throw new Disconnect("frame of " + frame.readableBytes() + " bytes");
            }
            int protocolId = frame.getIntLE(frame.readerIndex());
            if (protocolId == Smb2Header.PROTOCOL_ID) {
                processSmb2(frame);
            } else if (protocolId == SMB1_PROTOCOL_ID && dialect == null) {
                ByteBuf response = Smb1Negotiate.respond(this, frame);
                channel.writeAndFlush(response);
            } else if (protocolId == TRANSFORM_PROTOCOL_ID) {
                processTransform(frame);
            } else {
                throw new Disconnect("unknown protocol id 0x" + Integer.toHexString(protocolId));
            }
        } catch (Disconnect d) {
            LOG.warn("{}: closing connection: {}", channel.remoteAddress(), d.getMessage());
            channel.close();
        }
    }

    /**
     * [MS-SMB2] 3.3.5.2.1.1 Decrypting the Message: the session named in the TRANSFORM_HEADER decrypts it in place,
     * with this channel's decryptor; anything that does not decrypt ends the connection. Its responses go back
     * encrypted for the same session.
     */
    private void processTransform(ByteBuf frame) {
        if (cipher == null) {
            throw new Disconnect("encrypted message, but no cipher was negotiated");
        }
        int r = frame.readerIndex();
        if (frame.readableBytes() < TransformHeader.SIZE + Smb2Header.SIZE) {
            throw new Disconnect("TRANSFORM message of " + frame.readableBytes() + " bytes");
        }
        long sessionId = frame.getLongLE(r + TransformHeader.OFFSET_SESSION_ID);
        Session session = sessions.get(sessionId);
        SessionChannel channel = session == null ? null : session.channel(this);
        MessageEncryptor decryptor = channel == null ? null : channel.decryptor();
        if (decryptor == null && session == null) {
            // The keys are the session's, not a channel's: a session of another connection decrypts too, and its
            // requests are then refused as any request naming a session not bound here (STATUS_USER_SESSION_DELETED).
            session = server.sessions().find(sessionId);
            decryptor = session == null ? null : session.newDecryptor();
        }
        if (decryptor == null) {
            throw new Disconnect("TRANSFORM message for an unknown session");
        }
        int length;
        try {
            length = decryptor.decrypt(frame, r, frame.readableBytes());
        } catch (SmbException e) {
            throw new Disconnect("TRANSFORM message does not decrypt: " + e.getMessage());
        }
        processSmb2(frame.slice(r + TransformHeader.SIZE, length), session);
    }

    private void processSmb2(ByteBuf frame) {
        processSmb2(frame, null);
    }

    /** @param encryptedFor the session whose key decrypted the frame, or null for a plain frame */
    private void processSmb2(ByteBuf frame, Session encryptedFor) {
        CompoundState compound = new CompoundState();
        MessageEncryptor encryptor = encryptedFor == null ? null : encryptedFor.encryptor();
        long encryptSession = encryptedFor == null ? 0 : encryptedFor.id();
        try (ResponseBuilder out = new ResponseBuilder(channel.alloc(), encryptor, encryptSession)) {
            int index = frame.readerIndex();
            int end = frame.writerIndex();
            while (true) {
                int remaining = end - index;
                if (remaining < Smb2Header.SIZE || frame.getIntLE(index) != Smb2Header.PROTOCOL_ID) {
                    throw new Disconnect("truncated or foreign message in a compound");
                }
                Smb2Header header = Smb2Header.read(frame, index);
                int next = header.nextCommand();
                boolean chainBroken = next != 0 && (next < Smb2Header.SIZE || next > remaining || (next & 7) != 0);
                int length = next == 0 || chainBroken ? remaining : next;
                ByteBuf message = frame.slice(index, length);
                RequestContext ctx = new RequestContext(this, header, message, compound);
                ctx.encrypted(encryptedFor != null);
                if (chainBroken) {
                    // [MS-SMB2] 3.3.5.2.7: a NextCommand that does not point at a following 8-byte aligned message
                    // makes the rest of the chain unreadable; answer this one and stop.
                    respond(ctx, out, NtStatus.STATUS_INVALID_PARAMETER);
                    break;
                }
                handle(ctx, out);
                if (next == 0) {
                    break;
                }
                index += next;
            }
            if (!out.isEmpty()) {
                // [MS-SMB2] 3.3.4.1.3: in a compounded response every element, the last included, is 8-byte aligned.
                channel.writeAndFlush(out.finish(index != frame.readerIndex()));
            }
        }
    }

    private void handle(RequestContext ctx, ResponseBuilder out) {
        Smb2Header request = ctx.header();
        if (request.command() == Smb2Command.CANCEL) {
            // [MS-SMB2] 3.3.5.16: CANCEL is never answered. Once the gate has checked it (signature included), it
            // cancels the pending request it names, if there is one; the cancelled request answers for itself.
            try {
                gate.admit(ctx);
                AsyncRequest target = asyncRequests.cancelTarget(request);
                if (target != null) {
                    target.cancel();
                }
            } catch (SmbException e) {
                LOG.debug("{}: CANCEL mid={} ignored: {}", channel.remoteAddress(), request.messageId(), e.status());
            }
            return;
        }
        ByteBuf body = out.begin(responseHeader(request, 0), ctx.message());
        try {
            gate.admit(ctx);
            CommandHandler handler = dispatcher.handler(request.command());
            handler.handle(ctx, body);
            if (ctx.async() != null) {
                interim(ctx, out);
                return;
            }
            out.status(ctx.responseStatus());
        } catch (SmbException e) {
            ctx.responseStatusCode(e.status().code());
            out.errorBody(e.status(), e.errorData());
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} mid={} -> {} ({})", channel.remoteAddress(), request.command(), request.messageId(),
                        e.status(), e.getMessage());
            }
        }
        finishHeader(ctx, out);
    }

    /**
     * [MS-SMB2] 3.3.4.2: the interim response of a request going asynchronous: STATUS_PENDING, ASYNC flag and the
     * AsyncId the final response and a CANCEL will carry. Like Windows, it is not signed.
     */
    private void interim(RequestContext ctx, ResponseBuilder out) {
        ByteBuf frame = out.buffer();
        int start = out.currentStart();
        out.errorBody(NtStatus.STATUS_PENDING);
        int flags = frame.getIntLE(start + Smb2Header.OFFSET_FLAGS);
        frame.setIntLE(start + Smb2Header.OFFSET_FLAGS,
                (flags | Smb2Header.FLAG_ASYNC_COMMAND) & ~Smb2Header.FLAG_SIGNED);
        frame.setLongLE(start + 32, ctx.async().asyncId());
        frame.setShortLE(start + Smb2Header.OFFSET_CREDITS, gate.creditsToGrant(ctx));
        frame.setLongLE(start + Smb2Header.OFFSET_SESSION_ID, ctx.responseSessionId());
        out.signWith(null, null);
        ctx.compound().completed(ctx);
    }

    /**
     * [MS-SMB2] 3.3.4.6: sends an Oplock Break Notification for an open of one of this connection's sessions. It is
     * not a response: MessageId 0xFFFFFFFFFFFFFFFF, no session, never signed.
     */
    public void sendOplockBreak(FileId fileId, int level) {
        if (!executor.inEventLoop()) {
            executor.execute(() -> sendOplockBreak(fileId, level));
            return;
        }
        if (!channel.isActive()) {
            return;
        }
        ByteBuf out = channel.alloc().ioBuffer(4 + Smb2Header.SIZE + OplockBreak.STRUCTURE_SIZE);
        out.writeInt(Smb2Header.SIZE + OplockBreak.STRUCTURE_SIZE);
        new Smb2Header().command(Smb2Command.OPLOCK_BREAK).flags(Smb2Header.FLAG_SERVER_TO_REDIR).messageId(-1L)
                .write(out);
        new OplockBreak(level, fileId).encode(out);
        channel.writeAndFlush(out);
    }

    /** Answers {@code ctx} with an error, without running any handler (the request could not be admitted). */
    private void respond(RequestContext ctx, ResponseBuilder out, NtStatus status) {
        out.begin(responseHeader(ctx.header(), status.code()), ctx.message());
        out.errorBody(status);
        ctx.responseStatusCode(status.code());
        finishHeader(ctx, out);
    }

    /**
     * The response header starts as the request's: Flags (SIGNED and RELATED included) are echoed, as Windows and
     * Samba do, so that a response the server cannot sign (the session is unknown) still tells the client which
     * request it answers; signing later overwrites the echoed signature.
     */
    private Smb2Header responseHeader(Smb2Header request, int status) {
        int flags = (request.flags() & ~Smb2Header.FLAG_ASYNC_COMMAND) | Smb2Header.FLAG_SERVER_TO_REDIR;
        return new Smb2Header()
                .creditCharge(request.creditCharge())
                .status(status)
                .commandCode(request.commandCode())
                .flags(flags)
                .messageId(request.messageId())
                .treeId(request.treeId())
                .sessionId(request.sessionId());
    }

    /** Fills the response header fields known only after the handler ran, and arranges signing. */
    private void finishHeader(RequestContext ctx, ResponseBuilder out) {
        int start = out.currentStart();
        ByteBuf frame = out.buffer();
        frame.setShortLE(start + Smb2Header.OFFSET_CREDITS, gate.creditsToGrant(ctx));
        frame.setIntLE(start + 36, ctx.responseTreeId());
        frame.setLongLE(start + Smb2Header.OFFSET_SESSION_ID, ctx.responseSessionId());
        out.signWith(gate.responseSigner(ctx), ctx.responseHook());
        ctx.compound().completed(ctx);
    }

    // --- state accessors for the gate and handlers ---

    public Channel channel() {
        return channel;
    }

    public ServerContext server() {
        return server;
    }

    public CreditWindow credits() {
        return credits;
    }

    AsyncRequests asyncRequests() {
        return asyncRequests;
    }

    public Dialect dialect() {
        return dialect;
    }

    public SigningAlgorithm signingAlgorithm() {
        return signingAlgorithm;
    }

    public int clientCapabilities() {
        return clientCapabilities;
    }

    public int clientSecurityMode() {
        return clientSecurityMode;
    }

    public byte[] clientGuid() {
        return clientGuid;
    }

    public int[] clientDialects() {
        return clientDialects;
    }

    public int serverSecurityMode() {
        return serverSecurityMode;
    }

    public int serverCapabilities() {
        return serverCapabilities;
    }

    /** Connection.CipherId: the negotiated cipher, or null when the connection cannot encrypt. */
    public CipherId cipher() {
        return cipher;
    }

    public void cipher(CipherId c) {
        this.cipher = c;
    }

    /** Connection.PreauthIntegrityHashValue (3.1.1 only; null otherwise). */
    public byte[] preauthHash() {
        return preauthHash;
    }

    public void preauthHash(byte[] h) {
        this.preauthHash = h;
    }

    /** Records the outcome of NEGOTIATE ([MS-SMB2] 3.3.5.4). */
    public void negotiated(Dialect d, SigningAlgorithm algorithm, int clientCaps, int clientSecMode, byte[] guid,
                           int[] dialects, int serverSecMode, int serverCaps) {
        this.dialect = d;
        this.signingAlgorithm = algorithm;
        this.clientCapabilities = clientCaps;
        this.clientSecurityMode = clientSecMode;
        this.clientGuid = guid;
        this.clientDialects = dialects;
        this.serverSecurityMode = serverSecMode;
        this.serverCapabilities = serverCaps;
    }

    /** [MS-SMB2] 3.3.5.3.1: an SMB1 negotiate offering only "SMB 2.002" settles on 2.0.2 without an SMB2 NEGOTIATE. */
    void negotiatedBySmb1() {
        int securityMode = 0x01 | (server.signingMandatory() ? 0x02 : 0);
        negotiated(Dialect.SMB2_0_2, SigningAlgorithm.HMAC_SHA256, 0, 0, new byte[16],
                new int[] {Dialect.SMB2_0_2.code()}, securityMode, 0);
    }

    /** True once NEGOTIATE succeeded; the SMB1 multi-protocol negotiate with "SMB 2.???" does not count. */
    public boolean isNegotiated() {
        return dialect != null;
    }

    /** The session of Connection.SessionTable with that id, or null. */
    public Session session(long id) {
        return sessions.get(id);
    }

    /** Adds a session to Connection.SessionTable: a new one, or one just bound to this connection. */
    public void addSession(Session s) {
        sessions.put(s.id(), s);
    }

    /** Ends the session on every channel ([MS-SMB2] 3.3.5.6 LOGOFF, a failed logon). */
    public void removeSession(Session s) {
        server.sessions().end(s, this);
    }

    /**
     * The session ended (on this or another channel): it leaves this connection's table, with its binding in
     * progress and its pending requests. Any thread.
     */
    public void forget(Session s) {
        sessions.remove(s.id(), s);
        if (!executor.inEventLoop()) {
            executor.execute(() -> forget(s));
            return;
        }
        PendingBinding b = bindings.get(s.id());
        if (b != null && b.session() == s) {
            bindings.remove(s.id());
        }
        asyncRequests.drop(s);
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** The binding of session {@code id} to this connection in progress, or null ([MS-SMB2] 3.3.5.5). */
    public PendingBinding binding(long id) {
        return bindings.get(id);
    }

    public void bindingStarted(PendingBinding b) {
        bindings.put(b.session().id(), b);
    }

    public void bindingEnded(long id) {
        bindings.remove(id);
    }

    /**
     * Connection lost ([MS-SMB2] 3.3.7.1): this channel leaves each of its sessions; a session left without
     * channels ends and its opens close, one still bound elsewhere goes on there.
     */
    public void closed() {
        for (Session s : sessions.values()) {
            server.sessions().connectionLost(s, this);
        }
        sessions.clear();
        bindings.clear();
        asyncRequests.closed();
    }
}

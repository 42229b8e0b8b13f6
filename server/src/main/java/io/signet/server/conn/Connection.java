package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.signet.auth.AuthenticatedUser;
import io.signet.auth.LogonRefusals;
import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.crypto.transform.TransformHeader;
import io.signet.protocol.smb1.Smb1NegotiateRequest;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseBreakNotification;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.smb2.message.OplockBreak;
import io.signet.server.context.ServerContext;
import io.signet.server.oplock.ClientConnections;
import io.signet.server.session.ChannelLink;
import io.signet.server.session.PendingBinding;
import io.signet.server.session.Session;
import io.signet.server.session.SessionState;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * [MS-SMB2] 3.3.1.7 Per Connection state, and where each inbound frame starts: the SMB1 multi-protocol negotiate
 * ({@link Smb1Negotiate}), a plain SMB2 message, or a TRANSFORM message ({@link TransformReceive}) whose plaintext then
 * goes the same way. {@link CompoundLoop} turns an SMB2 message into its response frame; {@link AsyncRequests} keeps
 * the requests that went asynchronous.
 *
 * <p>All of a connection's frames are processed one after another on the connection's executor thread, so this
 * object's own state (credits, pending requests, bindings in progress) is confined to that thread. Its sessions are
 * not: with multichannel a session is bound to several connections ({@link Session}), and other threads may remove
 * one from this connection's table when it ends ({@link #forget}).
 */
public final class Connection implements ChannelLink {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final Channel channel;
    private final ServerContext server;
    private final ConnectionServices services;
    private final CreditWindow credits;
    /** Connection.SessionTable: sessions with a channel here, or authenticating here. */
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    /** Bindings of other connections' sessions to this one, in progress ([MS-SMB2] 3.3.5.5). */
    private final Map<Long, PendingBinding> bindings = new HashMap<>();
    private final AsyncRequests asyncRequests;
    private final IoPipeline io;
    private final CompoundLoop compounds;
    private final HeldResponses heldResponses;
    /** Timers of {@link #schedule} not yet run; cancelled when the connection closes, so they keep nothing alive. */
    private final Set<Future<?>> timers = new HashSet<>();
    private final EventExecutor executor;
    /** Which logon refusals of this connection have been reported at INFO. */
    private final LogonRefusals logonRefusals = new LogonRefusals();

    /** The outcome of NEGOTIATE, written once; null before. Volatile, so a reader on any thread sees it whole. */
    private volatile Negotiated negotiated;
    /**
     * Connection.PreauthIntegrityHashValue after the NEGOTIATE request and response (3.1.1 only, else null). Kept
     * apart from {@link Negotiated}: it is complete only once the response is written, after requests that follow
     * NEGOTIATE in its compound already saw the connection negotiated; set once, read only on this connection's
     * thread (SESSION_SETUP and binding seed their own hashes from it).
     */
    private byte[] preauthHash;
    private Runnable onSessionEstablished = () -> { };
    /** The transport's: a frame {@link #process} left waiting has been processed (its size). */
    private IntConsumer onWaitingFrameDone = size -> { };

    /** @param executor the thread this connection's frames are processed on; async completions hop back to it */
    public Connection(Channel channel, ConnectionServices services, EventExecutor executor) {
        this.channel = channel;
        this.executor = executor;
        this.server = services.server();
        this.services = services;
        this.credits = new CreditWindow(server.config().io().maxCredits());
        this.asyncRequests = new AsyncRequests(this, executor);
        this.heldResponses = new HeldResponses(this);
        this.io = new IoPipeline(services.ioPool(), executor, server.config().io().maxBytesInFlight());
        this.compounds = new CompoundLoop(this, asyncRequests, io);
    }

    /**
     * Starts the handshake timer: a connection that has no established session {@code handshake timeout} after it
     * was accepted is closed, so a client that connects and then stalls (or keeps failing to log on) does not hold a
     * connection, its in-progress sessions and their authentication state for ever. Once a session is established
     * the connection may stay idle as long as the client likes.
     */
    public void startHandshakeTimer() {
        schedule(() -> {
            if (channel.isActive() && !hasEstablishedSession()) {
                LOG.info("{}: closing connection: no session established within the handshake timeout ({} s)",
                        channel.remoteAddress(), server.config().limits().handshakeTimeout().toSeconds());
                channel.close();
            }
        }, server.config().limits().handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * A session was established on, or bound to, this connection: the transport may now read frames of the
     * configured maximum size instead of the small pre-authentication one.
     */
    public void sessionEstablished() {
        onSessionEstablished.run();
    }

    /**
     * A session of {@code user} was established or bound here: the connection is one of that client's, where its
     * lease breaks may go ({@link ClientConnections}). Leases exist from SMB 2.1 on.
     */
    public void servesLeaseClient(AuthenticatedUser user) {
        if (negotiated != null && negotiated.dialect() != Dialect.SMB2_0_2) {
            server.caching().clients().add(ClientConnections.clientKey(negotiated.clientGuid(), user), this);
        }
    }

    /** What the transport does once a session is established here (lift its pre-authentication frame limit). */
    public void onSessionEstablished(Runnable action) {
        this.onSessionEstablished = action;
    }

    /** True when a session is established on this connection (its own, or one bound to it). */
    private boolean hasEstablishedSession() {
        for (Session s : sessions.values()) {
            if (s.state() == SessionState.VALID && s.channel(this) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code task} on this connection's thread after {@code delay}, unless the connection closes first. The
     * timer runs on the channel's event loop, so no thread waits for it. Call on the connection's thread.
     */
    Future<?> schedule(Runnable task, long delay, TimeUnit unit) {
        Future<?>[] timer = new Future<?>[1];
        timer[0] = channel.eventLoop().schedule(() -> executor.execute(() -> {
            if (timers.remove(timer[0])) {
                task.run();
            }
        }), delay, unit);
        timers.add(timer[0]);
        return timer[0];
    }

    /** Sends the response frame of a failed logon after the client address's delay. Takes {@code frame}. */
    void sendFailedLogon(ByteBuf frame) {
        heldResponses.sendFailedLogon(frame);
    }

    /**
     * What the transport is told as frames it handed over get done: {@code frameDone} when a frame {@link #process}
     * left waiting has been processed (with its size), {@code resume} when the connection may take frames again
     * after {@link #holdsFrames} said no.
     */
    public void onFramesDone(IntConsumer frameDone, Runnable resume) {
        this.onWaitingFrameDone = frameDone;
        io.onResume(resume);
    }

    /**
     * Whether the transport should hold this connection's next frames for now: a message waits for the READs and
     * WRITEs in flight, or they hold as many bytes as one connection may ({@link IoPipeline}).
     */
    public boolean holdsFrames() {
        return io.holdsFrames();
    }

    /**
     * Processes one Direct TCP frame. Borrows {@code frame}; the caller releases it.
     *
     * @return false when the frame waits for this connection's READs and WRITEs in flight: it is retained, and
     *         processed (and the transport told, {@link #onFramesDone}) once they have ended
     */
    public boolean process(ByteBuf frame) {
        int size = frame.readableBytes();
        try {
            if (frame.readableBytes() < 4) {
                throw new Disconnect("frame of " + frame.readableBytes() + " bytes");
            }
            int protocolId = Smb2Header.readProtocolId(frame, frame.readerIndex());
            if (protocolId == Smb2Header.PROTOCOL_ID) {
                if (io.mustWait(frame)) {
                    return waitForIo(frame, frame, null, size);
                }
                compounds.process(frame, null);
            } else if (protocolId == Smb1NegotiateRequest.PROTOCOL_ID && negotiated == null) {
                ByteBuf response = Smb1Negotiate.respond(this, frame);
                channel.writeAndFlush(response);
            } else if (protocolId == TransformHeader.PROTOCOL_ID) {
                TransformReceive.Decrypted plain = TransformReceive.decrypt(this, frame);
                if (io.mustWait(plain.message())) {
                    return waitForIo(frame, plain.message(), plain.session(), size);
                }
                compounds.process(plain.message(), plain.session());
            } else {
                throw new Disconnect("unknown protocol id 0x" + Integer.toHexString(protocolId));
            }
        } catch (Disconnect d) {
            LOG.warn("{}: closing connection: {}", channel.remoteAddress(), d.getMessage());
            channel.close();
        }
        return true;
    }

    /** Keeps {@code frame} (retained) until no READ or WRITE is in flight, then processes its {@code message}. */
    private boolean waitForIo(ByteBuf frame, ByteBuf message, Session encryptedFor, int size) {
        frame.retain();
        io.whenIdle(new IoPipeline.Waiting() {
            @Override
            public void run() {
                try {
                    compounds.process(message, encryptedFor);
                } catch (Disconnect d) {
                    LOG.warn("{}: closing connection: {}", channel.remoteAddress(), d.getMessage());
                    channel.close();
                } catch (RuntimeException e) {
                    LOG.error("{}: internal error, closing connection", channel.remoteAddress(), e);
                    channel.close();
                } finally {
                    frame.release();
                    onWaitingFrameDone.accept(size);
                }
            }

            @Override
            public void drop() {
                frame.release();
            }
        });
        return false;
    }

    /**
     * [MS-SMB2] 3.3.4.6: sends an Oplock Break Notification for an open of one of this connection's sessions. It is
     * not a response: MessageId 0xFFFFFFFFFFFFFFFF, no session, never signed.
     */
    @Override
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

    /**
     * [MS-SMB2] 3.3.4.7: sends a Lease Break Notification to this connection's client. Like an oplock break it is
     * not a response: MessageId 0xFFFFFFFFFFFFFFFF, no session, never signed.
     */
    @Override
    public void sendLeaseBreak(LeaseKey key, int epoch, boolean ackRequired, int from, int to) {
        if (!executor.inEventLoop()) {
            executor.execute(() -> sendLeaseBreak(key, epoch, ackRequired, from, to));
            return;
        }
        if (!channel.isActive()) {
            return;
        }
        int size = Smb2Header.SIZE + LeaseBreakNotification.STRUCTURE_SIZE;
        ByteBuf out = channel.alloc().ioBuffer(4 + size);
        out.writeInt(size);
        new Smb2Header().command(Smb2Command.OPLOCK_BREAK).flags(Smb2Header.FLAG_SERVER_TO_REDIR).messageId(-1L)
                .write(out);
        new LeaseBreakNotification(epoch, ackRequired ? LeaseBreakNotification.ACK_REQUIRED : 0, key, from, to)
                .encode(out);
        channel.writeAndFlush(out);
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    /** On the channel's event loop, not {@link #schedule}: the timer must run even after this connection closed. */
    @Override
    public void scheduleBreakTimeout(Runnable task, long delay, TimeUnit unit) {
        channel.eventLoop().schedule(task, delay, unit);
    }

    // --- state accessors for the gate and handlers ---

    /**
     * The thread this connection's requests run on, which it shares with other connections: work too long for one
     * turn is queued back here in steps, so that theirs runs in between.
     */
    public EventExecutor executor() {
        return executor;
    }

    public Channel channel() {
        return channel;
    }

    /** Netty keeps the channel's remote address once read, so this is safe from any thread. */
    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    public LogonRefusals logonRefusals() {
        return logonRefusals;
    }

    public ServerContext server() {
        return server;
    }

    /** The dispatcher and the SMB1 negotiate answer, wired at startup. */
    ConnectionServices services() {
        return services;
    }

    public CreditWindow credits() {
        return credits;
    }

    AsyncRequests asyncRequests() {
        return asyncRequests;
    }

    /** What NEGOTIATE settled ([MS-SMB2] 3.3.5.4), or null while the connection is not negotiated. */
    public Negotiated negotiated() {
        return negotiated;
    }

    /** Publishes the outcome of NEGOTIATE; once per connection. */
    public void negotiated(Negotiated n) {
        if (negotiated != null) {
            throw new IllegalStateException("connection already negotiated");
        }
        this.negotiated = n;
    }

    /** Connection.PreauthIntegrityHashValue after NEGOTIATE (3.1.1), or null. */
    public byte[] preauthHash() {
        return preauthHash;
    }

    /** Completes Connection.PreauthIntegrityHashValue with the NEGOTIATE response ([MS-SMB2] 3.3.5.4); once. */
    public void preauthHash(byte[] hash) {
        if (preauthHash != null) {
            throw new IllegalStateException("preauth hash already set");
        }
        this.preauthHash = hash;
    }

    /** [MS-SMB2] 3.3.5.3.1: an SMB1 negotiate offering only "SMB 2.002" settles on 2.0.2 without an SMB2 NEGOTIATE. */
    void negotiatedBySmb1() {
        int securityMode = 0x01 | (server.signingMandatory() ? 0x02 : 0);
        negotiated(new Negotiated(Dialect.SMB2_0_2, SigningAlgorithm.HMAC_SHA256, 0, 0, new byte[16],
                new int[] {Dialect.SMB2_0_2.code()}, securityMode, 0, null));
    }

    /** True once NEGOTIATE succeeded; the SMB1 multi-protocol negotiate with "SMB 2.???" does not count. */
    public boolean isNegotiated() {
        return negotiated != null;
    }

    /** The session of Connection.SessionTable with that id, or null. */
    public Session session(long id) {
        return sessions.get(id);
    }

    /**
     * Adds a session to Connection.SessionTable: a new one, or one just bound to this connection. A new session that
     * is still authenticating {@code handshake timeout} later is removed with its authentication state.
     */
    public void addSession(Session s) {
        sessions.put(s.id(), s);
        if (s.state() == SessionState.IN_PROGRESS) {
            schedule(() -> expireIfInProgress(s), server.config().limits().handshakeTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    private void expireIfInProgress(Session s) {
        if (sessions.get(s.id()) == s && s.state() == SessionState.IN_PROGRESS) {
            LOG.info("{}: session {} removed: not authenticated within the handshake timeout",
                    channel.remoteAddress(), Long.toHexString(s.id()));
            removeSession(s);
        }
    }

    /** Ends the session on every channel (a failed logon, an expired handshake): all its opens close. */
    public void removeSession(Session s) {
        server.sessions().end(s, this);
    }

    /** [MS-SMB2] 3.3.5.6 LOGOFF: the session ends on every channel; its durable opens are kept for a reconnect. */
    public void logoff(Session s) {
        server.sessions().end(s, this, true);
    }

    /**
     * The session ended (on this or another channel): it leaves this connection's table, with its binding in
     * progress and its pending requests. Any thread.
     */
    @Override
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
     * channels ends and its opens close, one still bound elsewhere goes on there. Messages waiting for the READs
     * and WRITEs in flight are dropped; the rest happens once those have ended, so no open closes under them.
     */
    public void closed() {
        io.closed(this::release);
    }

    private void release() {
        server.caching().clients().remove(this);
        for (Session s : sessions.values()) {
            server.sessions().connectionLost(s, this);
        }
        sessions.clear();
        bindings.clear();
        asyncRequests.closed();
        heldResponses.closed();
        timers.forEach(t -> t.cancel(false));
        timers.clear();
    }
}

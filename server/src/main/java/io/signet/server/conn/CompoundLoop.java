package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.session.Session;
import io.signet.server.session.SessionChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one SMB2 message, a single request or a compound chain ([MS-SMB2] 3.3.5.2.7), into one response frame: each
 * request passes the {@link RequestGate}, runs its handler and gets its response header finished, or an interim
 * response when it goes asynchronous. Runs on the connection's thread.
 */
final class CompoundLoop {
    private static final Logger LOG = LoggerFactory.getLogger(CompoundLoop.class);

    private final Connection connection;
    private final Channel channel;
    private final RequestGate gate;
    private final Dispatcher dispatcher;
    private final AsyncRequests asyncRequests;
    private final IoPipeline io;
    private final InterceptorSlot interceptors;
    /** Null when the server has no metrics endpoint. */
    private final RequestMetrics metrics;
    /**
     * Bytes of the chain rests parked behind requests waiting on a break ({@link #deferRest}). A parked rest keeps its
     * frame, and nothing else bounds it: max async requests per connection times max frame size would be gigabytes
     * held by one client that makes its CREATEs wait on a break of its own lease. The rests of one connection hold
     * at most one max frame size together; a chain that would pass it closes the connection.
     */
    private long parkedBytes;

    CompoundLoop(Connection connection, AsyncRequests asyncRequests, IoPipeline io) {
        this.connection = connection;
        this.io = io;
        this.channel = connection.channel();
        this.gate = new RequestGate(connection);
        this.dispatcher = connection.services().dispatcher();
        this.asyncRequests = asyncRequests;
        this.interceptors = connection.services().interceptors();
        this.metrics = RequestMetrics.of(connection.services());
    }

    /**
     * Processes the message and sends its responses. Borrows {@code frame}; the caller releases it.
     *
     * @param encryptedFor the session whose key decrypted the frame, or null for a plain frame
     */
    void process(ByteBuf frame, Session encryptedFor) {
        process(frame, encryptedFor, new CompoundState(), false);
    }

    /**
     * Processes the requests of {@code frame} as one chain whose earlier requests left {@code compound}: the whole
     * message, or the rest of one after a CREATE that went asynchronous ({@code rest}).
     */
    private void process(ByteBuf frame, Session encryptedFor, CompoundState compound, boolean rest) {
        MessageEncryptor encryptor = encryptedFor == null ? null : encryptedFor.encryptor();
        long encryptSession = encryptedFor == null ? 0 : encryptedFor.id();
        try (ResponseBuilder out = new ResponseBuilder(channel.alloc(), encryptor, encryptSession)) {
            // The chain's responses share this frame: a request whose response would overflow it fails with
            // STATUS_INVALID_PARAMETER and the chain goes on (ResponseBudget); the connection is not closed for it.
            ResponseBudget budget = new ResponseBudget(out);
            int index = frame.readerIndex();
            int end = frame.writerIndex();
            boolean failedLogon = false;
            while (true) {
                int remaining = end - index;
                if (remaining < Smb2Header.SIZE || Smb2Header.readProtocolId(frame, index) != Smb2Header.PROTOCOL_ID) {
                    throw new Disconnect("truncated or foreign message in a compound");
                }
                Smb2Header header = Smb2Header.read(frame, index);
                int next = header.nextCommand();
                boolean chainBroken = next != 0 && (next < Smb2Header.SIZE || next > remaining || (next & 7) != 0);
                int length = next == 0 || chainBroken ? remaining : next;
                ByteBuf message = frame.slice(index, length);
                RequestContext ctx = new RequestContext(connection, header, message, compound);
                ctx.encryptedBy(encryptedFor);
                budget.restOfChain(remaining - length);
                ctx.responseBudget(budget);
                ctx.respondsInto(out);
                if (chainBroken) {
                    // [MS-SMB2] 3.3.5.2.7: a NextCommand that does not point at a following 8-byte aligned message
                    // makes the rest of the chain unreadable; answer this one and stop.
                    long started = metrics == null ? 0 : System.nanoTime();
                    respond(ctx, out, NtStatus.STATUS_INVALID_PARAMETER);
                    if (metrics != null) {
                        metrics.handled(ctx, out, started);
                    }
                    break;
                }
                long started = metrics == null ? 0 : System.nanoTime();
                // A READ or WRITE alone in its message may run its I/O on the I/O pool; a chain stays in order here.
                boolean alone = !rest && next == 0 && index == frame.readerIndex();
                handle(ctx, out, next == 0, alone);
                PipelinedRequest pipelined = ctx.pipelined();
                if (pipelined != null) {
                    pipelined.handOver(io, out.handOver(), signingChannel(ctx), metrics, started);
                    io.start(pipelined);
                    break;
                }
                if (metrics != null) {
                    metrics.handled(ctx, out, started);
                }
                failedLogon |= ctx.isFailedLogon();
                if (next == 0) {
                    break;
                }
                if (ctx.async() != null && waitsOnBreak(header.command())) {
                    // [MS-SMB2] 3.3.5.2.7 (product behaviour note): a CREATE waiting on an oplock or lease break may
                    // go asynchronous inside a chain, as on Windows and Samba; the requests after it wait for its
                    // final response, since a related one acts on the FileId that response carries (or, after a
                    // rename, on the renamed file). What is built so far (its interim response included) goes out
                    // now.
                    int frameBytes = end - frame.readerIndex(); // the rest's slice keeps the whole frame alive
                    park(frameBytes);
                    deferRest(ctx.async(), header.command(), frame.retainedSlice(index + next, end - index - next),
                            encryptedFor, compound, frameBytes);
                    break;
                }
                index += next;
            }
            if (!out.isEmpty()) {
                budget.requireSendable();
                // [MS-SMB2] 3.3.4.1.3: in a compounded response every element, the last included, is 8-byte aligned.
                ByteBuf response = out.finish(index != frame.readerIndex());
                if (failedLogon) {
                    connection.sendFailedLogon(response);
                } else {
                    channel.writeAndFlush(response);
                }
            }
        }
    }

    /** @throws Disconnect when the parked rests would hold more than max frame size bytes */
    private void park(long frameBytes) {
        long max = connection.server().config().maxFrameSize();
        if (parkedBytes + frameBytes > max) {
            throw new Disconnect("compound chains parked behind requests waiting on a break would hold " + (parkedBytes
                    + frameBytes) + " bytes (more than max frame size, " + max + ")");
        }
        parkedBytes += frameBytes;
    }

    /**
     * The requests that may go asynchronous in the middle of a chain, holding the rest of it: those that wait on an
     * oplock or lease break. A CREATE ([MS-SMB2] 3.3.4.6, 3.3.4.7), and a SET_INFO renaming or deleting a file whose
     * handle caching other opens must give up first ([MS-FSA] 2.1.5.14.11, 2.1.4.12), as the CREATE + SET_INFO +
     * CLOSE chains of clients renaming or deleting a file send it: failing it would fail the rename, while Windows
     * has it wait for the break (smbtorture smb2.compound_async.rename_middle); and a CLOSE that sets the delete
     * pending of a DELETE_ON_CLOSE open, which waits for the same breaks as a disposition set to delete.
     */
    private static boolean waitsOnBreak(Smb2Command command) {
        return command == Smb2Command.CREATE || command == Smb2Command.SET_INFO || command == Smb2Command.CLOSE;
    }

    /**
     * Runs {@code rest} (retained, released here) once {@code waiting} is answered, or drops it with that request;
     * either way its {@code frameBytes} leave {@link #parkedBytes}. Both run on the connection's thread.
     */
    private void deferRest(AsyncRequest waiting, Smb2Command command, ByteBuf rest, Session encryptedFor,
                           CompoundState compound, long frameBytes) {
        waiting.restOfChain(new AsyncRequest.ChainRest() {
            @Override
            public void answered(NtStatus status, FileId created) {
                parkedBytes -= frameBytes;
                // Like any message but a lone READ or WRITE, the rest waits for the connection's I/O in flight.
                io.whenIdle(new IoPipeline.Waiting() {
                    @Override
                    public void run() {
                        try {
                            if (command == Smb2Command.CREATE) {
                                compound.createAnswered(status, created);
                            }
                            process(rest, encryptedFor, compound, true);
                        } catch (Disconnect e) {
                            LOG.warn("{}: closing connection: {}", channel.remoteAddress(), e.getMessage());
                            channel.close();
                        } finally {
                            rest.release();
                        }
                    }

                    @Override
                    public void drop() {
                        rest.release();
                    }
                });
            }

            @Override
            public void abandoned() {
                parkedBytes -= frameBytes;
                rest.release();
            }
        });
    }

    /**
     * @param lastInChain the request is the last of its message (or alone in it)
     * @param alone       the request is alone in its message
     */
    private void handle(RequestContext ctx, ResponseBuilder out, boolean lastInChain, boolean alone) {
        Smb2Header request = ctx.header();
        if (request.command() == Smb2Command.CANCEL) {
            // [MS-SMB2] 3.3.5.16: CANCEL is never answered. Once the gate has checked it (signature included, as
            // for any request of a session that requires signing), it cancels the pending request it names if that
            // request belongs to the same session; the cancelled request answers for itself. A CANCEL that fails the
            // gate cancels nothing (Samba answers it STATUS_ACCESS_DENIED; the spec sends no response to a CANCEL).
            try {
                gate.admit(ctx);
                AsyncRequest target = asyncRequests.cancelTarget(request, ctx.session());
                if (target != null) {
                    target.cancel();
                }
            } catch (SmbException e) {
                LOG.info("{}: CANCEL mid={} session {} refused: {} ({})", channel.remoteAddress(),
                        request.messageId(), Long.toHexString(request.sessionId()), e.status(), e.getMessage());
            }
            return;
        }
        ByteBuf body = out.begin(responseHeader(request, 0), ctx.message());
        RequestInterceptor interceptor = null;
        InterceptedRequest seen = null;
        try {
            gate.admit(ctx);
            CommandHandler handler = dispatcher.handler(request.command());
            // The one cost of the interceptor hook on a server without one: this volatile read.
            interceptor = interceptors.current();
            if (interceptor != null) {
                seen = new InterceptedRequest(ctx);
                NtStatus injected = interceptor.before(seen);
                if (injected != null) {
                    throw new SmbException(injected, "answered by the request interceptor");
                }
            } else if (alone && IoPipeline.pipelines(request.command()) && io.enabled() && signableOnPool(ctx)) {
                // An interceptor sees each request and its response on this thread, so with one nothing leaves it.
                ctx.mayPipeline();
            }
            ctx.mayGoAsync(lastInChain || waitsOnBreak(request.command()));
            handler.handle(ctx, body);
            if (tookBackMidChain(ctx, lastInChain)) {
                throw new SmbException(NtStatus.STATUS_INTERNAL_ERROR,
                        "would go asynchronous in the middle of a compound chain");
            }
            if (ctx.async() != null) {
                ctx.async().onFinish(ctx::answered);
                interim(ctx, out);
                intercepted(interceptor, seen, NtStatus.STATUS_PENDING.code(), out);
                return;
            }
            if (ctx.pipelined() != null) {
                // The body, the status and the signature come from the I/O thread (PipelinedRequest).
                finishHeaderFields(ctx, out);
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
        ctx.answered();
        finishHeader(ctx, out);
        intercepted(interceptor, seen, ctx.responseStatus(), out);
    }

    /**
     * [MS-SMB2] 3.3.5.2.7: the server MAY fail a request of a compound chain that would need asynchronous processing
     * (interim responses: 3.3.4.2). Windows lets a request waiting on a break ({@link #waitsOnBreak}), or the last
     * request of the chain, wait; any other request (a CHANGE_NOTIFY or a blocking LOCK in the middle) it answers
     * STATUS_INTERNAL_ERROR and goes on with the chain, as smbtorture's smb2.compound.interim2 records of it. Such a
     * request is taken back here, without a trace, for the caller to fail.
     *
     * @return true if {@code ctx} went asynchronous where it may not and was taken back
     */
    private boolean tookBackMidChain(RequestContext ctx, boolean lastInChain) {
        AsyncRequest async = ctx.async();
        if (async == null || lastInChain || waitsOnBreak(ctx.header().command())
                || !asyncRequests.withdraw(async)) {
            return false;
        }
        ctx.takeBackAsync();
        return true;
    }

    /** Shows the interceptor, if one saw the request, the response just built; it may drop the connection instead. */
    private static void intercepted(RequestInterceptor interceptor, InterceptedRequest seen, int status,
                                    ResponseBuilder out) {
        if (seen == null) {
            return;
        }
        int start = out.currentStart();
        ByteBuf frame = out.buffer();
        seen.answered(status, frame.slice(start, frame.writerIndex() - start));
        if (interceptor.after(seen) == RequestInterceptor.AfterAction.DROP_CONNECTION) {
            throw new Disconnect("the request interceptor drops the connection after " + seen);
        }
    }

    /**
     * [MS-SMB2] 3.3.4.2: the interim response of a request going asynchronous: STATUS_PENDING, ASYNC flag and the
     * AsyncId the final response and a CANCEL will carry. Like Windows, it is not signed.
     */
    private void interim(RequestContext ctx, ResponseBuilder out) {
        ByteBuf frame = out.buffer();
        int start = out.currentStart();
        out.errorBody(NtStatus.STATUS_PENDING);
        int flags = Smb2Header.readFlags(frame, start);
        Smb2Header.setFlags(frame, start, (flags | Smb2Header.FLAG_ASYNC_COMMAND) & ~Smb2Header.FLAG_SIGNED);
        Smb2Header.setAsyncId(frame, start, ctx.async().asyncId());
        Smb2Header.setCredits(frame, start, gate.creditsToGrant(ctx));
        Smb2Header.setSessionId(frame, start, ctx.responseSessionId());
        out.signWith(null, null);
        ctx.compound().completed(ctx);
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
        finishHeaderFields(ctx, out);
        out.signWith(gate.responseSigner(ctx), ctx.responseHook());
    }

    /** Credits granted, TreeId and SessionId of the response; its place in the chain is settled. */
    private void finishHeaderFields(RequestContext ctx, ResponseBuilder out) {
        int start = out.currentStart();
        ByteBuf frame = out.buffer();
        Smb2Header.setCredits(frame, start, gate.creditsToGrant(ctx));
        Smb2Header.setTreeId(frame, start, ctx.responseTreeId());
        Smb2Header.setSessionId(frame, start, ctx.responseSessionId());
        ctx.compound().completed(ctx);
    }

    /**
     * Whether an I/O thread can sign the response as this thread would: unsigned, or signed with the key of this
     * connection's channel, of which the I/O thread makes a signer of its own ({@link IoPool#signerFor}).
     */
    private boolean signableOnPool(RequestContext ctx) {
        MessageSigner signer = gate.responseSigner(ctx);
        if (signer == null) {
            return true;
        }
        SessionChannel channel = ctx.session().channel(connection);
        return channel != null && channel.signer() == signer && channel.signers() != null;
    }

    /** The channel whose key signs the response of a pipelined request, or null when it goes unsigned. */
    private SessionChannel signingChannel(RequestContext ctx) {
        return gate.responseSigner(ctx) == null ? null : ctx.session().channel(connection);
    }
}

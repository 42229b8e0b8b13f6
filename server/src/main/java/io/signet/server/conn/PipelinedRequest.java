package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.context.ServerContext;
import io.signet.server.oplock.CachingTable;
import io.signet.server.session.Session;
import io.signet.server.session.SessionChannel;
import io.signet.server.tree.Open;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A READ or WRITE whose file I/O runs on the {@link IoPool}: its checks are done and its response header is
 * finished (credits, tree and session ids) on the connection's thread; the I/O thread runs its {@link IoWork},
 * writes the body or an error, signs or encrypts the response and sends it. It holds the request message (retained:
 * a WRITE's data is a slice of it) and the response frame until it is done, and releases both exactly once.
 */
final class PipelinedRequest implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelinedRequest.class);

    final RequestContext ctx;
    final Open open;
    final boolean write;
    /** The byte range it reads or writes, {@code [start, end)}; a WRITE at the end of file covers everything. */
    final long start;
    final long end;
    /** What it counts against the connection's in-flight bound. */
    final long bytes;
    /** The range as the request names it (offset negative: at the end of file), for the byte-range lock check. */
    private final long offset;
    private final long length;
    private final IoWork work;

    /** Set when the connection hands it over ({@link IoPipeline#start}). */
    private IoPipeline pipeline;
    private ResponseBuilder out;
    private ByteBuf request;
    private SessionChannel signingChannel;
    private RequestMetrics metrics;
    private long started;

    /** Requests of the same open in flight that must end before this one starts; those waiting for this one. */
    int waitingOn;
    final List<PipelinedRequest> dependents = new ArrayList<>(0);

    PipelinedRequest(RequestContext ctx, Open open, long offset, long length, boolean write, IoWork work) {
        this.ctx = ctx;
        this.open = open;
        this.write = write;
        this.work = work;
        this.offset = offset;
        this.length = length;
        if (offset < 0) { // WRITE_TO_END_OF_FILE: where it lands is known only when it runs
            this.start = 0;
            this.end = Long.MAX_VALUE;
        } else {
            this.start = offset;
            this.end = length > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + length;
        }
        this.bytes = Math.max(length, IoPipeline.MIN_BYTES);
    }

    /** Whether this request and {@code other} touch a common byte (neither of them empty). */
    boolean overlaps(PipelinedRequest other) {
        return start < other.end && other.start < end && start < end && other.start < other.end;
    }

    /**
     * Takes over the response builder (header finished, body not written) and retains the request message.
     *
     * @param signingChannel the channel whose key signs the response, or null to leave it unsigned
     */
    void handOver(IoPipeline pipeline, ResponseBuilder out, SessionChannel signingChannel, RequestMetrics metrics,
                  long started) {
        this.pipeline = pipeline;
        this.out = out;
        this.request = ctx.message().retain();
        this.signingChannel = signingChannel;
        this.metrics = metrics;
        this.started = started;
    }

    /** On an I/O thread. */
    @Override
    public void run() {
        Channel channel = ctx.connection().channel();
        try {
            // A connection already gone gets no answer: its I/O not yet started is skipped, as a disconnect cancels.
            if (channel.isActive()) {
                respond(channel);
            }
        } catch (RuntimeException e) {
            // A bug, not a client error: as on the connection's thread, drop this connection and serve the others.
            LOG.error("{}: internal error in {}, closing connection", channel.remoteAddress(),
                    ctx.header().command(), e);
            channel.close();
        } finally {
            out.close();
            request.release();
            pipeline.ended(this);
        }
    }

    /**
     * Checks again, just before the file is touched, what the gate checked on the connection's thread and another
     * connection may have changed while this request waited here: the open is still its session's (a CLOSE, LOGOFF or
     * TREE_DISCONNECT on another channel, or a reconnect on another connection that took the session's durable open
     * over, [MS-SMB2] 3.3.5.12 / 3.3.5.13: STATUS_FILE_CLOSED), and no byte-range lock granted to another open
     * meanwhile covers the range ([MS-FSA] 2.1.5.2 / 2.1.5.3: the lock is checked when the I/O is done, so a lock once
     * granted is never overrun by I/O that was merely sent before it); a WRITE breaks read caching granted meanwhile.
     */
    private void recheck(Session session) {
        if (session != null && session.open(open.fileId()) != open) {
            throw new SmbException(NtStatus.STATUS_FILE_CLOSED, "the open was closed while the I/O waited");
        }
        ServerContext server = ctx.connection().server();
        Open.RangeAccess access = write ? Open.RangeAccess.WRITE : Open.RangeAccess.READ;
        if (!open.byteRangeLocksAllow(server.byteRangeLocks(), access, offset, length)) {
            throw new SmbException(NtStatus.STATUS_FILE_LOCK_CONFLICT, "a byte-range lock was granted meanwhile");
        }
        CachingTable.Key key = open.oplockKey();
        if (write && key != null) {
            // [MS-FSA] 2.1.4.12: the WRITE breaks the read caching of the file's other opens as it changes the data;
            // the gate broke what was cached then, this breaks a level II oplock or read lease granted since (a
            // holder already breaking is not told twice).
            server.caching().breakReadCaching(key, open);
        }
    }

    private void respond(Channel channel) {
        Session session = ctx.session();
        if (session != null && ctx.connection().session(session.id()) != session) {
            return; // its session ended (or left this connection) while it waited: no I/O, no answer
        }
        try {
            recheck(session);
            work.run(out);
            out.status(ctx.responseStatus());
        } catch (SmbException e) {
            ctx.responseStatusCode(e.status().code());
            out.errorBody(e.status(), e.errorData());
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} mid={} -> {} ({})", channel.remoteAddress(), ctx.header().command(),
                        ctx.header().messageId(), e.status(), e.getMessage());
            }
        }
        if (metrics != null) {
            metrics.handled(ctx, out, started);
        }
        out.signWith(signingChannel == null ? null : IoPool.signerFor(signingChannel), null);
        ByteBuf response = out.finish(false);
        // The response never goes out after its session left this connection (LOGOFF waits for the I/O in flight;
        // a session ended from another connection leaves the table first).
        if (session != null && ctx.connection().session(session.id()) != session) {
            response.release();
            return;
        }
        channel.writeAndFlush(response);
    }
}

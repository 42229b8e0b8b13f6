package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.metrics.ServerMetrics;
import io.signet.server.session.Session;
import io.signet.server.session.SessionChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The requests of one connection that answered STATUS_PENDING and are not yet complete ([MS-SMB2] 3.3.1.7
 * Connection.AsyncCommandList): their AsyncIds, the lookup a CANCEL does, and the final responses.
 *
 * <p>Confined to the connection's executor thread like the rest of its state: the entry points that other threads
 * reach (a completion, a session ending elsewhere) hop to that thread first.
 */
final class AsyncRequests {

    private final Connection connection;
    private final EventExecutor executor;
    private final Map<Long, AsyncRequest> pending = new HashMap<>();
    private long nextAsyncId = 1;

    AsyncRequests(Connection connection, EventExecutor executor) {
        this.connection = connection;
        this.executor = executor;
    }

    /**
     * Called by a handler (on the connection's thread) to answer STATUS_PENDING now and complete later.
     *
     * @throws SmbException STATUS_INSUFFICIENT_RESOURCES when the connection has {@code max async requests per
     *                      connection} pending already ([MS-SMB2] 3.3.4.2: resources are constrained)
     */
    AsyncRequest start(RequestContext ctx) {
        int max = connection.server().config().limits().maxAsyncRequestsPerConnection();
        if (pending.size() >= max) {
            throw new SmbException(NtStatus.STATUS_INSUFFICIENT_RESOURCES,
                    "the connection has " + max + " asynchronous requests pending (max async requests per connection)");
        }
        long id = nextAsyncId++;
        AsyncRequest a = new AsyncRequest(this, id, ctx.header(), ctx.session(), ctx.encrypted());
        pending.put(id, a);
        return a;
    }

    /**
     * [MS-SMB2] 3.3.5.16: a CANCEL names its target by AsyncId (async flag) or by MessageId, and cancels it only if
     * it comes from the target's own session ([MS-SMB2] 3.2.4.24: the client sends it with the SessionId of the
     * request it cancels): another user's CANCEL, or one without a session, finds nothing.
     *
     * @param session the session the gate admitted the CANCEL with, or null
     */
    AsyncRequest cancelTarget(Smb2Header cancel, Session session) {
        if (session == null) {
            return null;
        }
        AsyncRequest target = null;
        if (cancel.hasFlag(Smb2Header.FLAG_ASYNC_COMMAND)) {
            target = pending.get(cancel.asyncId());
        } else {
            for (AsyncRequest a : pending.values()) {
                if (a.request().messageId() == cancel.messageId()) {
                    target = a;
                    break;
                }
            }
        }
        return target != null && target.session() == session ? target : null;
    }

    /**
     * Takes back a request that went asynchronous where it may not, before its interim response went out: it leaves
     * the list, stops waiting and is never answered from here; the caller answers it at once instead ([MS-SMB2]
     * 3.3.5.2.7). The one way to do so: a notify watch or a blocking lock withdrawn this way stays neither parked nor
     * granted later. Called on the connection's thread.
     *
     * @return false if there was nothing to take back: the request already got its final response (a handler that
     *         went asynchronous and was completed before it returned)
     */
    boolean withdraw(AsyncRequest a) {
        if (pending.remove(a.asyncId()) == null) {
            return false;
        }
        a.withdraw();
        return true;
    }

    /** Builds and sends the final response of an async request, on the connection's thread. */
    void complete(AsyncRequest a, NtStatus status, Consumer<ByteBuf> body) {
        if (!executor.inEventLoop()) {
            executor.execute(() -> complete(a, status, body));
            return;
        }
        Channel channel = connection.channel();
        if (pending.remove(a.asyncId()) == null) {
            return;
        }
        if (!channel.isActive()) {
            a.drop();
            return;
        }
        a.finish();
        Smb2Header req = a.request();
        Smb2Header header = new Smb2Header()
                .creditCharge(req.creditCharge())
                .status(status.code())
                .commandCode(req.commandCode())
                .flags(Smb2Header.FLAG_SERVER_TO_REDIR | Smb2Header.FLAG_ASYNC_COMMAND
                        | (req.flags() & Smb2Header.FLAG_SIGNED))
                .messageId(req.messageId())
                .asyncId(a.asyncId())
                .sessionId(req.sessionId());
        Session owner = a.session();
        NtStatus finalStatus = status;
        FileId created = null;
        MessageEncryptor encryptor = a.encrypted() && owner != null ? owner.encryptor() : null;
        boolean sent = false;
        try (ResponseBuilder out = new ResponseBuilder(channel.alloc(), encryptor,
                owner == null ? 0 : owner.id())) {
            ByteBuf b = out.begin(header, null);
            try {
                if (status.isError() || body == null) {
                    out.errorBody(status);
                } else {
                    body.accept(b);
                    if (a.hasRestOfChain() && req.command() == Smb2Command.CREATE) {
                        int start = out.currentStart();
                        created = CreateResponse.decode(b.slice(start, b.writerIndex() - start)).fileId();
                    }
                }
            } catch (SmbException e) {
                finalStatus = e.status();
                out.errorBody(finalStatus);
            }
            out.status(finalStatus.code());
            ServerMetrics metrics = connection.services().metrics();
            if (metrics != null) {
                metrics.asyncResponse(req.command(), finalStatus.code());
            }
            // [MS-SMB2] 3.3.4.1.1: signed with Channel.SigningKey of this connection.
            SessionChannel bound = owner == null ? null : owner.channel(connection);
            boolean sign = bound != null && bound.signer() != null && (req.hasFlag(Smb2Header.FLAG_SIGNED)
                    || owner.signingRequired());
            out.signWith(sign ? bound.signer() : null, null);
            channel.writeAndFlush(out.finish(false));
            sent = true;
        } finally {
            if (!sent) {
                a.abandoned(); // the response failed to build: nothing after it in its chain may run
            }
        }
        a.answered(finalStatus, created);
    }

    /** Drops the pending requests of a session that ended; their clients will not read the answers. */
    void drop(Session s) {
        if (!executor.inEventLoop()) {
            executor.execute(() -> drop(s));
            return;
        }
        pending.values().removeIf(a -> {
            if (a.session() == s) {
                a.drop();
                return true;
            }
            return false;
        });
    }

    /** The connection is gone: nobody waits for any of its requests any more. */
    void closed() {
        pending.values().forEach(AsyncRequest::drop);
        pending.clear();
    }
}

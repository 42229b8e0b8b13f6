package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.status.NtStatus;
import io.signet.server.notify.NotifyWaiter;
import io.signet.server.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A request that answered STATUS_PENDING and completes later ([MS-SMB2] 3.3.4.2 Sending an Interim Response for an
 * Asynchronous Operation). Completion may be triggered from any thread; the final response is always built on the
 * owning connection's thread.
 */
public final class AsyncRequest implements NotifyWaiter {
    private final AsyncRequests owner;
    private final long asyncId;
    private final Smb2Header request;
    private final Session session;
    private final boolean encrypted;
    private volatile Runnable onCancel;
    private volatile boolean finished;
    /** Run once when the request is answered or dropped; touched on the connection's thread only. */
    private final List<Runnable> onFinish = new ArrayList<>(2);

    AsyncRequest(AsyncRequests owner, long asyncId, Smb2Header request, Session session, boolean encrypted) {
        this.owner = owner;
        this.encrypted = encrypted;
        this.asyncId = asyncId;
        this.request = request;
        this.session = session;
    }

    public long asyncId() {
        return asyncId;
    }

    Smb2Header request() {
        return request;
    }

    Session session() {
        return session;
    }

    /** The request came encrypted, so its final response goes encrypted too. */
    boolean encrypted() {
        return encrypted;
    }

    /** True once answered, or once its session or connection went away: nobody waits for it any more. */
    @Override
    public boolean finished() {
        return finished;
    }

    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        List<Runnable> actions = List.copyOf(onFinish);
        onFinish.clear();
        actions.forEach(Runnable::run);
    }

    /**
     * Runs {@code action} once the request is answered or dropped (at once if it already is). Called, like
     * {@link #finish}, on the connection's thread: a handler's, when it goes asynchronous.
     */
    public void onFinish(Runnable action) {
        if (finished) {
            action.run();
        } else {
            onFinish.add(action);
        }
    }

    /** What CANCEL does to this request; typically completes it with STATUS_CANCELLED. */
    public void onCancel(Runnable action) {
        this.onCancel = action;
    }

    void cancel() {
        Runnable r = onCancel;
        if (r != null) {
            r.run();
        } else {
            complete(NtStatus.STATUS_CANCELLED, null);
        }
    }

    /**
     * Sends the final response. An error status sends an ERROR response body; otherwise {@code body} writes the
     * command's response body. A second completion is ignored.
     */
    @Override
    public void complete(NtStatus status, Consumer<ByteBuf> body) {
        owner.complete(this, status, body);
    }
}

package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.FileId;
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
    /** What {@link #withdraw} runs instead of {@link #onCancel}, or null; connection's thread only. */
    private Runnable onWithdraw;
    private volatile boolean finished;
    /** Run once when the request is answered or dropped; touched on the connection's thread only. */
    private final List<Runnable> onFinish = new ArrayList<>(2);
    /** The rest of the compound chain this request was part of, or null; connection's thread only. */
    private ChainRest rest;

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

    /**
     * What follows this request in its compound chain and waits for its final response ([MS-SMB2] 3.3.5.2.7: a CREATE
     * that breaks an oplock or a lease may go asynchronous inside a chain, and the related requests after it then
     * use the FileId of its final response; a SET_INFO waiting on a break holds them likewise).
     */
    interface ChainRest {
        /**
         * The final response went out with {@code status}; {@code created} is the FileId a successful CREATE's
         * response carries, else null.
         */
        void answered(NtStatus status, FileId created);

        /** The request will never be answered (its session or connection ended): the rest is dropped. */
        void abandoned();
    }

    /** Called on the connection's thread when the request goes asynchronous with requests after it in its chain. */
    void restOfChain(ChainRest rest) {
        this.rest = rest;
    }

    boolean hasRestOfChain() {
        return rest != null;
    }

    /** The final response was sent: the rest of the chain runs now, on the connection's thread. */
    void answered(NtStatus status, FileId created) {
        ChainRest r = rest;
        rest = null;
        if (r != null) {
            r.answered(status, created);
        }
    }

    /** The request will never be answered (its session or connection ended): finished, the rest of its chain dropped. */
    void drop() {
        finish();
        abandoned();
    }

    /** The request was dropped unanswered: the rest of its chain is dropped too. */
    void abandoned() {
        ChainRest r = rest;
        rest = null;
        if (r != null) {
            r.abandoned();
        }
    }

    /** What CANCEL does to this request; typically completes it with STATUS_CANCELLED. */
    public void onCancel(Runnable action) {
        this.onCancel = action;
    }

    /**
     * What taking the request back ({@link AsyncRequests#withdraw}) must undo when its CANCEL action alone would
     * leave something behind: a blocking lock granted just before, whose success nobody will hear of; the watch a
     * CHANGE_NOTIFY started. Runs instead of the CANCEL action, on the connection's thread; whatever answer it gives
     * goes nowhere.
     */
    public void onWithdraw(Runnable action) {
        this.onWithdraw = action;
    }

    /**
     * Takes the request back before its interim response went out ({@link AsyncRequests#withdraw} has removed it
     * from the connection's list): what it waits for stops waiting and leaves nothing behind, by its withdraw action
     * or else its CANCEL action, whose answer finds the request gone and is not sent. Then it is finished.
     */
    void withdraw() {
        Runnable undo = onWithdraw;
        if (undo != null) {
            undo.run();
        } else {
            cancel();
        }
        drop();
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

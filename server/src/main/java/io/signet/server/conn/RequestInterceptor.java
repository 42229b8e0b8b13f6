package io.signet.server.conn;

import io.signet.protocol.status.NtStatus;

/**
 * Watches, and may alter, each SMB2 request a connection admits: called on the connection's thread after
 * {@link RequestGate} admitted the request and before its {@link CommandHandler} runs, then once its response is
 * built. Meant for test doubles (fault injection, recording what clients did); a server without one pays one volatile
 * read per request ({@link InterceptorSlot}).
 *
 * <p>Both calls run on the connection's storage thread: a call that blocks (to delay a request) holds up that
 * connection, and every other connection served by the same thread, for as long.
 */
public interface RequestInterceptor {
    /**
     * Called before the handler. Returning a status answers the request with an SMB2 ERROR response of that status
     * ([MS-SMB2] 2.2.2) without running the handler; returning null lets it run.
     */
    NtStatus before(InterceptedRequest request);

    /**
     * Called once the response is built and before it is sent; {@link InterceptedRequest#status()} holds its status
     * (STATUS_PENDING for a request that went asynchronous: its final answer is not seen here).
     */
    AfterAction after(InterceptedRequest request);

    /** What happens to a response once {@link #after} saw it. */
    enum AfterAction {
        /** Send it as usual. */
        SEND,
        /**
         * Close the connection instead of sending it (with the rest of its compound chain): the request took effect,
         * the client never hears so.
         */
        DROP_CONNECTION
    }
}

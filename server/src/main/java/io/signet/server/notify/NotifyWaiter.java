package io.signet.server.notify;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import java.util.function.Consumer;

/**
 * A pending CHANGE_NOTIFY request as the table of watches sees it ([MS-SMB2] 3.3.5.19): the connection's asynchronous
 * request implements it; the table, shared by every connection, knows none of them. Called from any thread.
 */
public interface NotifyWaiter {
    /** True once answered, or once its session or connection went away: nobody waits for it any more. */
    boolean finished();

    /** Sends the final response: an error body for an error status, else what {@code body} writes. Once only. */
    void complete(NtStatus status, Consumer<ByteBuf> body);
}

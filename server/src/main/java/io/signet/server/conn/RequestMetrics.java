package io.signet.server.conn;

import io.signet.protocol.crypto.SigningAlgorithm;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.ReadResponse;
import io.signet.protocol.smb2.message.WriteResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.server.metrics.ServerMetrics;
import io.signet.server.session.Session;
import io.signet.server.session.SessionSecurity;

/**
 * What the request path tells the metrics endpoint, read off a finished request: its command, status, time and
 * session's signing algorithm, the data of a READ or WRITE, a failed logon. Exists only on a server with an
 * endpoint ({@link #of}); the request path holds null otherwise.
 */
final class RequestMetrics {
    private final ServerMetrics metrics;

    private RequestMetrics(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /** Null when the server has no metrics endpoint. */
    static RequestMetrics of(ConnectionServices services) {
        return services.metrics() == null ? null : new RequestMetrics(services.metrics());
    }

    /**
     * Counts a request whose response {@link ResponseBuilder#currentStart() starts} in {@code out} (CANCEL, which
     * has none, is counted too).
     *
     * @param started {@link System#nanoTime()} before the request's checks
     */
    void handled(RequestContext ctx, ResponseBuilder out, long started) {
        Smb2Command command = ctx.header().command();
        boolean answered = command != Smb2Command.CANCEL;
        int status = answered ? ctx.responseStatus() : NtStatus.STATUS_SUCCESS.code();
        if (ctx.async() != null) {
            status = NtStatus.STATUS_PENDING.code(); // the final status is counted when it is sent (AsyncRequests)
        }
        metrics.request(command, signingOf(ctx.session()), status, System.nanoTime() - started);
        if (answered && ctx.async() == null && (status >>> 30) != 3) {
            // Not of error severity ([MS-ERREF] 2.3.1), so the body is the command's own (STATUS_BUFFER_OVERFLOW
            // of a pipe READ included), not an ERROR body: count the data it moved.
            if (command == Smb2Command.READ) {
                metrics.bytesRead(ReadResponse.dataLength(out.buffer(), out.currentStart()));
            } else if (command == Smb2Command.WRITE) {
                metrics.bytesWritten(WriteResponse.count(out.buffer(), out.currentStart()));
            }
        }
        if (ctx.isFailedLogon()) {
            metrics.logonFailure(status);
        }
    }

    /** Null without a session or without a key (guest, anonymous, still authenticating). */
    static SigningAlgorithm signingOf(Session session) {
        SessionSecurity security = session == null ? null : session.security();
        return security == null ? null : security.signingAlgorithm();
    }
}

package io.signet.server.session;

import io.signet.server.oplock.BreakSink;
import java.net.SocketAddress;

/**
 * A connection as the sessions bound to it see it (Channel.Connection, [MS-SMB2] 3.3.1.14): something to tell that
 * a session ended and to carry the oplock breaks of the session's opens. The session tables are shared by every
 * connection and know none of them; the connection implements this. Called from any thread.
 */
public interface ChannelLink extends BreakSink {
    /**
     * The session ended (on this or another channel): the connection forgets it, with its binding in progress and
     * the requests it had pending for it.
     */
    void forget(Session s);

    /** The client's address and port (Channel.Connection's transport), for {@code signet status}; null once gone. */
    SocketAddress remoteAddress();
}

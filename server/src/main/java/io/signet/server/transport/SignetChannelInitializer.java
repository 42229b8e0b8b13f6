package io.signet.server.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutorGroup;
import io.signet.server.conn.ConnectionServices;
import io.signet.server.context.ServerContext;

/**
 * Builds each connection's pipeline, in the order of the request flow: admission (a connection over a limit is closed
 * before anything is read), Direct TCP framing, in-flight limit, then the SMB2 connection on the storage executor.
 */
public final class SignetChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Frames queued for the storage executor beyond this many bytes pause reading from the socket. */
    private static final long IN_FLIGHT_HIGH_WATER = 64L * 1024 * 1024;

    private final ConnectionServices services;
    private final ServerContext server;
    private final EventExecutorGroup storageExecutor;
    private final InFlightLimiter limiter = new InFlightLimiter(IN_FLIGHT_HIGH_WATER);
    private final ChannelGroup connections;

    /** @param connections every accepted connection joins it, so that the server can close them all on shutdown */
    public SignetChannelInitializer(ConnectionServices services, EventExecutorGroup storageExecutor,
                                    ChannelGroup connections) {
        this.services = services;
        this.server = services.server();
        this.storageExecutor = storageExecutor;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (!server.admission().admit(ch)) {
            ch.close();
            return;
        }
        connections.add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast("frame", new FrameDecoder(server.config().maxFrameSize(), server.dataPieces()));
        p.addLast("inflight", limiter);
        p.addLast(storageExecutor, "smb2", new Smb2ChannelHandler(services, limiter));
    }
}

package io.signet.server;

import io.netty.channel.group.ChannelGroup;
import io.signet.server.context.ServerContext;
import io.signet.server.metrics.TableCounts;
import io.signet.server.session.Session;

/**
 * The table sizes the metrics endpoint reports, read on its thread at each scrape: the connection group and the
 * session table are concurrent, and a session's trees and opens are read through weakly consistent copies
 * (docs/ARCHITECTURE.md, Threads), as {@code signet status} reads them.
 */
final class ServerTableCounts implements TableCounts {
    private final ServerContext context;
    private final ChannelGroup connections;

    ServerTableCounts(ServerContext context, ChannelGroup connections) {
        this.context = context;
        this.connections = connections;
    }

    @Override
    public long connections() {
        return connections.size();
    }

    @Override
    public long sessions() {
        return context.sessions().size();
    }

    @Override
    public long treeConnects() {
        long n = 0;
        for (Session s : context.sessions().all()) {
            n += s.trees().size();
        }
        return n;
    }

    @Override
    public long opens() {
        long n = 0;
        for (Session s : context.sessions().all()) {
            n += s.openCount();
        }
        return n;
    }
}

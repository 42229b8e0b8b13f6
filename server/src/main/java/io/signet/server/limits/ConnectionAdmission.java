package io.signet.server.limits;

import io.netty.channel.Channel;
import io.signet.config.Limits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides at accept whether a connection may stay: at most {@code max connections per address} from one client IP
 * address, {@code max connections} in all, and a descriptor left in the {@link DescriptorBudget}. A connection over a
 * limit is closed before it is read from; the others are untouched. Refusals are logged at WARN, rate-limited, so a
 * flood does not flood the log. Thread-safe.
 */
public final class ConnectionAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionAdmission.class);

    private final int maxTotal;
    private final DescriptorBudget descriptors;
    private final BoundedCounts<InetAddress> perAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final RateLimitedWarning refusals = new RateLimitedWarning(LOG);

    public ConnectionAdmission(Limits limits, DescriptorBudget descriptors) {
        this.perAddress = new BoundedCounts<>(limits.maxConnectionsPerAddress());
        this.maxTotal = limits.maxConnections();
        this.descriptors = descriptors;
    }

    /**
     * Admits {@code channel}, counting it until it closes, or refuses it.
     *
     * @return false when the channel is over a limit; the caller closes it
     */
    public boolean admit(Channel channel) {
        InetAddress address = addressOf(channel.remoteAddress());
        String refusal = take(address);
        if (refusal != null) {
            refusals.warn("refused connection from " + channel.remoteAddress() + ": " + refusal);
            return false;
        }
        channel.closeFuture().addListener(f -> release(address));
        return true;
    }

    /** Counts one more connection from {@code address}; the reason it may not, or null. */
    String take(InetAddress address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return "the server holds " + maxTotal + " connections (max connections)";
        }
        if (!perAddress.tryIncrement(address)) {
            total.decrementAndGet();
            return "that address holds " + perAddress.max() + " connections (max connections per address)";
        }
        if (!descriptors.acquireConnection()) {
            release(address, false);
            return "the process is out of file descriptors (limit " + descriptors.limit() + ")";
        }
        return null;
    }

    void release(InetAddress address) {
        release(address, true);
    }

    private void release(InetAddress address, boolean descriptor) {
        perAddress.decrement(address);
        total.decrementAndGet();
        if (descriptor) {
            descriptors.release();
        }
    }

    /** Connections held now from {@code address}. */
    public int connections(InetAddress address) {
        return perAddress.count(address);
    }

    /** The client's IP address; anything else (an embedded or local channel) is counted under one key. */
    public static InetAddress addressOf(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress();
        }
        return InetAddress.getLoopbackAddress();
    }
}

package io.signet.server.net;

import io.signet.protocol.fsctl.NetworkInterfaceInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses the server reports in FSCTL_QUERY_NETWORK_INTERFACE_INFO ([MS-SMB2] 3.3.5.15.11): one entry per IP
 * address of each interface that is up and has an index, with the interface's index and link speed.
 *
 * <p>What is left out, and why:
 * <ul>
 *   <li>interfaces with IfIndex 0 or unknown (the specification forbids 0);</li>
 *   <li>with a bind address, every address but that one: the server listens nowhere else;</li>
 *   <li>loopback addresses, except the one the asking connection arrived on: a remote client would open its extra
 *       channels to its own loopback, while a client connected over loopback must find the address it uses;</li>
 *   <li>IPv6 link-local addresses: SOCKADDR_IN6 carries no usable scope ([MS-SMB2] 2.2.32.5.1.2 ScopeId is 0), so a
 *       client could not reach them.</li>
 * </ul>
 * Capability is 0: whether an interface does RSS or RDMA is not known from Java, and a bit must be set only if true.
 */
public final class ServerInterfaces {
    private static final Logger LOG = LoggerFactory.getLogger(ServerInterfaces.class);
    /** LinkSpeed when Linux does not report one (loopback, virtual interfaces, other systems): 1 Gb/s. */
    public static final long DEFAULT_LINK_SPEED = 1_000_000_000L;
    private static final Path SYS_CLASS_NET = Path.of("/sys/class/net");

    /** One address of one interface, as enumerated. */
    record Candidate(String interfaceName, int index, boolean up, InetAddress address) {
    }

    private final InetAddress bindAddress;

    /** @param bindAddress the address the server listens on; null or a wildcard address for all of them */
    public ServerInterfaces(InetAddress bindAddress) {
        this.bindAddress = bindAddress == null || bindAddress.isAnyLocalAddress() ? null : bindAddress;
    }

    /** The entries to report to a client whose connection arrived on {@code connectedTo}. */
    public List<NetworkInterfaceInfo> list(InetAddress connectedTo) {
        return select(enumerate(), bindAddress, connectedTo, ServerInterfaces::linkSpeed);
    }

    static List<NetworkInterfaceInfo> select(List<Candidate> candidates, InetAddress bind, InetAddress connectedTo,
                                             ToLongFunction<String> linkSpeed) {
        Set<InetAddress> seen = new LinkedHashSet<>();
        List<NetworkInterfaceInfo> out = new ArrayList<>();
        for (Candidate c : candidates) {
            InetAddress a = c.address();
            if (!c.up() || c.index() <= 0 || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                    || a.isMulticastAddress()) {
                continue;
            }
            if (bind != null ? !a.equals(bind) : a.isLoopbackAddress() && !a.equals(connectedTo)) {
                continue;
            }
            if (seen.add(a)) {
                out.add(new NetworkInterfaceInfo(c.index(), 0, linkSpeed.applyAsLong(c.interfaceName()), a));
            }
        }
        return out;
    }

    private static List<Candidate> enumerate() {
        List<Candidate> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                boolean up = ni.isUp();
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    out.add(new Candidate(ni.getName(), ni.getIndex(), up, a));
                }
            }
        } catch (SocketException e) {
            LOG.warn("cannot enumerate the network interfaces: {}", e.toString());
        }
        return out;
    }

    /** Linux reports the speed in Mb/s in /sys/class/net/IF/speed; LinkSpeed is in bits per second. */
    static long linkSpeed(String interfaceName) {
        return linkSpeed(SYS_CLASS_NET.resolve(interfaceName).resolve("speed"));
    }

    static long linkSpeed(Path speedFile) {
        try {
            long mbps = Long.parseLong(Files.readString(speedFile, StandardCharsets.US_ASCII).strip());
            return mbps > 0 ? mbps * 1_000_000L : DEFAULT_LINK_SPEED;
        } catch (IOException | NumberFormatException | SecurityException e) {
            // Not readable (loopback and many virtual interfaces refuse it with EINVAL), or "-1" when unknown.
            return DEFAULT_LINK_SPEED;
        }
    }
}

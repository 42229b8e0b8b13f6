package io.signet.server.probe;

import io.signet.config.ServerConfig;
import java.time.Duration;

/**
 * The server to audit and how long to wait for it.
 *
 * @param timeout the connect timeout and the read timeout of every connection
 */
public record ProbeTarget(String host, int port, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** Parses {@code HOST}, {@code HOST:PORT} or {@code [IPv6]:PORT}. */
    public static ProbeTarget parse(String spec) {
        String host = spec;
        int port = ServerConfig.DEFAULT_PORT;     // [MS-SMB2] 2.1 Direct TCP
        if (spec.startsWith("[")) {
            int close = spec.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in " + spec);
            }
            host = spec.substring(1, close);
            if (close + 1 < spec.length()) {
                port = port(spec.substring(close + 1), spec);
            }
        } else if (spec.indexOf(':') >= 0 && spec.indexOf(':') == spec.lastIndexOf(':')) {
            host = spec.substring(0, spec.indexOf(':'));
            port = port(spec.substring(spec.indexOf(':')), spec);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in " + spec);
        }
        return new ProbeTarget(host, port, DEFAULT_TIMEOUT);
    }

    private static int port(String colonPort, String spec) {
        if (!colonPort.startsWith(":")) {
            throw new IllegalArgumentException("expected ':PORT' after the host in " + spec);
        }
        try {
            int port = Integer.parseInt(colonPort.substring(1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range in " + spec);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + spec);
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}

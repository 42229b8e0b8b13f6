package io.signet.server.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.signet.config.MetricsEndpoint;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint Prometheus scrapes ({@code GET /metrics}, text exposition format), on the JDK's own HTTP server
 * through the Prometheus client's exporter: no other web stack in the server. It has no authentication; bound to
 * anything but a loopback address it says so once, as a WARN. Closed with the server.
 */
public final class PrometheusEndpoint implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusEndpoint.class);

    private final HTTPServer http;
    private final InetSocketAddress address;

    private PrometheusEndpoint(HTTPServer http, InetSocketAddress address) {
        this.http = http;
        this.address = address;
    }

    /**
     * Starts listening.
     *
     * @throws IOException when the address cannot be resolved or bound
     */
    public static PrometheusEndpoint start(MetricsEndpoint config, ServerMetrics metrics) throws IOException {
        InetAddress bind = InetAddress.getByName(config.bindAddress());
        HTTPServer http = HTTPServer.builder().inetAddress(bind).port(config.port()).registry(metrics.registry())
                .buildAndStart();
        InetSocketAddress address = new InetSocketAddress(bind, http.getPort());
        if (!bind.isLoopbackAddress()) {
            LOG.warn("metrics endpoint on {} port {} has no authentication: anyone who reaches it reads the server's"
                    + " request, logon and signature counts", bind.getHostAddress(), address.getPort());
        }
        LOG.info("metrics endpoint http://{}:{}/metrics", hostForUrl(bind), address.getPort());
        return new PrometheusEndpoint(http, address);
    }

    /** The address and port actually bound (useful with port 0). */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        http.close();
    }

    private static String hostForUrl(InetAddress a) {
        String host = a.getHostAddress();
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}

package io.signet.config;

/**
 * Where the Prometheus metrics endpoint listens ({@code metrics port}, {@code metrics bind}). It has no
 * authentication, so it listens on the loopback address unless told otherwise. A configuration without one
 * ({@link ServerConfig#metrics()} null) starts no endpoint at all.
 *
 * @param bindAddress the IP address or host name to listen on; {@value #DEFAULT_BIND} by default
 * @param port        TCP port, 0 to 65535; 0 takes any free port (embedding and tests: in {@code smb.conf},
 *                    {@code metrics port = 0} means no endpoint)
 */
public record MetricsEndpoint(String bindAddress, int port) {
    /** Loopback: what the endpoint tells is for the host's own scraper unless the administrator says otherwise. */
    public static final String DEFAULT_BIND = "127.0.0.1";

    public MetricsEndpoint {
        if (bindAddress == null) {
            throw new ConfigException("metrics bind must be set");
        }
        ConfigRules.checkBindAddress(bindAddress);
        if (port < 0 || port > 65535) {
            throw new ConfigException("metrics port must be between 0 and 65535, got " + port);
        }
    }

    /** On the loopback address, at {@code port} (0: any free port). */
    public static MetricsEndpoint loopback(int port) {
        return new MetricsEndpoint(DEFAULT_BIND, port);
    }
}

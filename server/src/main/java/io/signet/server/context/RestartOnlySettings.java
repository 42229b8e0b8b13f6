package io.signet.server.context;

import io.signet.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings a reload cannot apply: the listening socket, what NEGOTIATE and SESSION_SETUP have promised clients
 * (signing, dialect features, ciphers, Kerberos keys), the limits sized at startup and where state lives. A reload
 * keeps the running value of each and names every one that the new file changes, so the administrator knows a
 * restart is needed. What a reload does apply: the shares, the users ({@code users file} and inline users) and
 * {@code access based share enum}.
 */
public final class RestartOnlySettings {
    private record Setting(String key, Function<ServerConfig, Object> value) {
    }

    /** In smb.conf spelling, the names an administrator looks for in the file. */
    private static final List<Setting> SETTINGS = List.of(
            new Setting("bind address", ServerConfig::bindAddress),
            new Setting("port", ServerConfig::port),
            new Setting("server signing", ServerConfig::signing),
            new Setting("state dir", ServerConfig::stateDir),
            new Setting("netbios name", ServerConfig::serverName),
            new Setting("workgroup", ServerConfig::domain),
            new Setting("max frame size", ServerConfig::maxFrameSize),
            new Setting("smb encrypt", ServerConfig::encryption),
            new Setting("server smb encrypt algorithms", ServerConfig::encryptionCiphers),
            new Setting("realm", ServerConfig::realm),
            new Setting("kerberos keytab", ServerConfig::kerberosKeytab),
            new Setting("kerberos clock skew", ServerConfig::kerberosClockSkew),
            new Setting("kerberos rc4", ServerConfig::kerberosAllowRc4),
            new Setting("server multi channel support", ServerConfig::multiChannel),
            new Setting("max connections per address", c -> c.limits().maxConnectionsPerAddress()),
            new Setting("max connections", c -> c.limits().maxConnections()),
            new Setting("max sessions per connection", c -> c.limits().maxSessionsPerConnection()),
            new Setting("max opens per session", c -> c.limits().maxOpensPerSession()),
            new Setting("max opens per user", c -> c.limits().maxOpensPerUser()),
            new Setting("max async requests per connection", c -> c.limits().maxAsyncRequestsPerConnection()),
            new Setting("handshake timeout", c -> c.limits().handshakeTimeout()),
            new Setting("auth failure delay", c -> c.limits().authFailureDelay()),
            new Setting("oplock break timeout", c -> c.limits().breakTimeout()),
            new Setting("max leases per client", c -> c.limits().maxLeasesPerClient()),
            new Setting("max pending breaks", c -> c.limits().maxPendingBreaks()),
            new Setting("max pending breaks per user", c -> c.limits().maxPendingBreaksPerUser()),
            new Setting("notify max queued changes", c -> c.changeNotify().maxQueuedChanges()),
            new Setting("notify max buffer size", c -> c.changeNotify().maxBufferBytes()),
            new Setting("notify max watches", c -> c.changeNotify().maxWatches()),
            new Setting("notify local changes", c -> c.changeNotify().localChanges()),
            new Setting("smb2 max credits", c -> c.io().maxCredits()),
            new Setting("io threads", c -> c.io().ioThreads()),
            new Setting("io max bytes in flight", c -> c.io().maxBytesInFlight()),
            new Setting("map to guest", ServerConfig::mapToGuest),
            new Setting("admin socket", ServerConfig::adminSocket),
            new Setting("metrics port", c -> c.metrics() == null ? null : c.metrics().port()),
            new Setting("metrics bind", c -> c.metrics() == null ? null : c.metrics().bindAddress()));

    private RestartOnlySettings() {
    }

    /** The names of the restart-only settings whose value differs between the two, in a fixed order. */
    public static List<String> changed(ServerConfig running, ServerConfig next) {
        List<String> names = new ArrayList<>();
        for (Setting s : SETTINGS) {
            if (!Objects.equals(s.value().apply(running), s.value().apply(next))) {
                names.add(s.key());
            }
        }
        return names;
    }

    /**
     * The configuration a reload puts in force: the shares, users and share enumeration of {@code next}, every other
     * setting of {@code running}.
     *
     * @throws IllegalArgumentException if the mix breaks a rule that spans settings (e.g. a share's encryption
     *                                  against the running global policy)
     */
    public static ServerConfig apply(ServerConfig running, ServerConfig next) {
        return new ServerConfig(running.bindAddress(), running.port(), running.signing(), next.shares(), next.users(),
                next.usersFile(), running.stateDir(), running.serverName(), running.domain(), running.maxFrameSize(),
                running.encryption(), running.encryptionCiphers(), next.accessBasedShareEnum(), running.realm(),
                running.kerberosKeytab(), running.kerberosClockSkew(), running.kerberosAllowRc4(),
                running.multiChannel(), running.limits(), running.mapToGuest(), running.adminSocket(),
                running.metrics(), running.changeNotify(), running.io());
    }
}

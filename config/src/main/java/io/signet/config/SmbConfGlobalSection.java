package io.signet.config;

import static io.signet.config.SmbConfValues.abbreviate;

import io.signet.config.SmbConfLineReader.Line;

import java.nio.file.Path;
import java.time.Duration;

/** Applies the keys of an {@code smb.conf} {@code [global]} section to the builder, each checked where it is read. */
final class SmbConfGlobalSection {

    private final ServerConfigBuilder builder;
    private final SmbConfValues values;

    SmbConfGlobalSection(ServerConfigBuilder builder, SmbConfValues values) {
        this.builder = builder;
        this.values = values;
    }

    /** Sets what {@code key}, spelled {@code keyText} on {@code line}, says; the caller checked it is a global key. */
    void apply(Line line, SmbConfKey key, String keyText, String value) {
        switch (key) {
            case PORT -> {
                String first = SmbConfKey.normalise(keyText).equals("smbports") ? value.split("[\\s,]+")[0] : value;
                int port = values.integer(line, keyText, first);
                values.check(line, () -> ConfigRules.checkPort(port));
                builder.port(port);
            }
            case BIND_ADDRESS -> {
                if (SmbConfKey.normalise(keyText).equals("interfaces")) {
                    if (!ConfigRules.isIpLiteral(value)) {
                        throw values.error(line, "Signet listens on one address, so '" + keyText
                                + "' must be a single IP address, got '" + abbreviate(value) + "'");
                    }
                } else {
                    values.check(line, () -> ConfigRules.checkBindAddress(value));
                }
                builder.bindAddress(value);
            }
            case SIGNING -> {
                if (SmbConfKey.normalise(keyText).equals("requiresecuritysignature")) {
                    builder.signing(values.bool(line, keyText, value) ? SigningPolicy.MANDATORY : SigningPolicy.AUTO);
                } else {
                    builder.signing(values.at(line, () -> SigningPolicy.fromName(value)));
                }
            }
            case MAP_TO_GUEST -> builder.mapToGuest(values.at(line, () -> MapToGuest.fromName(value)));
            case USERS_FILE -> builder.usersFile(values.path(line, value));
            case STATE_DIR -> builder.stateDir(values.path(line, value));
            case ADMIN_SOCKET -> builder.adminSocket(values.path(line, value));
            case METRICS_PORT -> {
                int port = values.integer(line, keyText, value);
                values.check(line, () -> ConfigRules.checkPort(port));
                builder.metricsPort(port);
            }
            case METRICS_BIND -> {
                values.check(line, () -> ConfigRules.checkBindAddress(value));
                builder.metricsBind(value);
            }
            case NETBIOS_NAME ->
                    builder.serverName(values.at(line, () -> NetbiosNames.checkNetbiosName(keyText, value)));
            case WORKGROUP -> builder.domain(values.at(line, () -> NetbiosNames.checkNetbiosName(keyText, value)));
            case MAX_FRAME_SIZE -> {
                int size = values.integer(line, keyText, value);
                values.check(line, () -> ConfigRules.checkMaxFrameSize(size));
                builder.maxFrameSize(size);
            }
            case ENCRYPTION -> builder.encryption(values.at(line, () -> EncryptionPolicy.fromName(value)));
            case ENCRYPTION_CIPHERS -> builder.encryptionCiphers(values.ciphers(line, value));
            case ACCESS_BASED_SHARE_ENUM -> builder.accessBasedShareEnum(values.bool(line, keyText, value));
            case REALM -> builder.realm(values.at(line, () -> {
                ConfigRules.checkRealm(value);
                return value;
            }));
            case KERBEROS_KEYTAB -> {
                Path keytab = values.path(line, value);
                values.check(line, () -> ConfigRules.checkKeytabFile(keytab));
                builder.kerberosKeytab(keytab);
            }
            case KERBEROS_CLOCK_SKEW -> {
                Duration skew = Duration.ofSeconds(values.integer(line, keyText, value));
                values.check(line, () -> ConfigRules.checkClockSkew(skew));
                builder.kerberosClockSkew(skew);
            }
            case KERBEROS_RC4 -> builder.kerberosAllowRc4(values.bool(line, keyText, value));
            case MULTI_CHANNEL -> builder.multiChannel(values.bool(line, keyText, value));
            case NOTIFY_MAX_QUEUED_CHANGES -> {
                int n = values.integer(line, keyText, value);
                builder.notify(values.at(line, () -> builder.notifySettings().withMaxQueuedChanges(n)));
            }
            case NOTIFY_MAX_BUFFER_SIZE -> {
                int n = values.integer(line, keyText, value);
                builder.notify(values.at(line, () -> builder.notifySettings().withMaxBufferBytes(n)));
            }
            case NOTIFY_MAX_WATCHES -> {
                int n = values.integer(line, keyText, value);
                builder.notify(values.at(line, () -> builder.notifySettings().withMaxWatches(n)));
            }
            case NOTIFY_LOCAL_CHANGES -> builder.notify(builder.notifySettings()
                    .withLocalChanges(values.bool(line, keyText, value)));
            case SMB2_MAX_CREDITS -> {
                int n = values.integer(line, keyText, value);
                builder.io(values.at(line, () -> builder.ioSettings().withMaxCredits(n)));
            }
            case IO_THREADS -> {
                int n = values.integer(line, keyText, value);
                builder.io(values.at(line, () -> builder.ioSettings().withIoThreads(n)));
            }
            case IO_MAX_BYTES_IN_FLIGHT -> {
                int n = values.integer(line, keyText, value);
                builder.io(values.at(line, () -> builder.ioSettings().withMaxBytesInFlight(n)));
            }
            case MAX_CONNECTIONS_PER_ADDRESS, MAX_CONNECTIONS, MAX_SESSIONS_PER_CONNECTION,
                 MAX_OPENS_PER_SESSION, MAX_OPENS_PER_USER, MAX_ASYNC_REQUESTS, HANDSHAKE_TIMEOUT,
                 AUTH_FAILURE_DELAY, BREAK_TIMEOUT, MAX_LEASES_PER_CLIENT, MAX_PENDING_BREAKS, MAX_DURABLE_OPENS,
                 MAX_DURABLE_TIMEOUT, MAX_DURABLE_OPENS_PER_USER, MAX_PENDING_BREAKS_PER_USER ->
                    builder.limits(values.at(line, () -> limit(key, values.integer(line, keyText, value))));
            default -> throw new IllegalStateException("share key in [global]: " + key);
        }
    }

    /** The builder's limits with the one {@code key} names set to {@code n}. */
    private Limits limit(SmbConfKey key, int n) {
        Limits l = builder.limits();
        return switch (key) {
            case MAX_CONNECTIONS_PER_ADDRESS -> l.withMaxConnectionsPerAddress(n);
            case MAX_CONNECTIONS -> l.withMaxConnections(n);
            case MAX_SESSIONS_PER_CONNECTION -> l.withMaxSessionsPerConnection(n);
            case MAX_OPENS_PER_SESSION -> l.withMaxOpensPerSession(n);
            case MAX_OPENS_PER_USER -> l.withMaxOpensPerUser(n);
            case MAX_ASYNC_REQUESTS -> l.withMaxAsyncRequestsPerConnection(n);
            case HANDSHAKE_TIMEOUT -> l.withHandshakeTimeout(Duration.ofSeconds(n));
            case AUTH_FAILURE_DELAY -> l.withAuthFailureDelay(Duration.ofMillis(n));
            case BREAK_TIMEOUT -> l.withBreakTimeout(Duration.ofMillis(n));
            case MAX_LEASES_PER_CLIENT -> l.withMaxLeasesPerClient(n);
            case MAX_PENDING_BREAKS -> l.withMaxPendingBreaks(n);
            case MAX_PENDING_BREAKS_PER_USER -> l.withMaxPendingBreaksPerUser(n);
            case MAX_DURABLE_OPENS -> l.withMaxDurableOpens(n);
            case MAX_DURABLE_TIMEOUT -> l.withMaxDurableTimeout(Duration.ofSeconds(n));
            case MAX_DURABLE_OPENS_PER_USER -> l.withMaxDurableOpensPerUser(n);
            default -> throw new IllegalStateException("not a limit: " + key);
        };
    }
}

package io.signet.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Collects settings and checks them all in {@link #build()}. Setters return this builder. Shares and users added
 * by {@link SmbConfParser} remember their file and line, so problems found at build time still point at them.
 */
public final class ServerConfigBuilder {

    private String bindAddress;
    private int port = ServerConfig.DEFAULT_PORT;
    private SigningPolicy signing = SigningPolicy.MANDATORY;
    private final List<ShareEntry> shares = new ArrayList<>();
    private final List<Map.Entry<String, String>> users = new ArrayList<>();
    private Path usersFile;
    private Path stateDir;
    private String serverName;
    private String domain = ServerConfig.DEFAULT_DOMAIN;
    private int maxFrameSize = ServerConfig.DEFAULT_MAX_FRAME_SIZE;
    private EncryptionPolicy encryption = ServerConfig.DEFAULT_ENCRYPTION;
    private List<EncryptionCipher> encryptionCiphers = ServerConfig.DEFAULT_ENCRYPTION_CIPHERS;
    private boolean accessBasedShareEnum = ServerConfig.DEFAULT_ACCESS_BASED_SHARE_ENUM;
    private String realm;
    private Path kerberosKeytab;
    private Duration kerberosClockSkew = ServerConfig.DEFAULT_KERBEROS_CLOCK_SKEW;
    private boolean kerberosAllowRc4;
    private boolean multiChannel = ServerConfig.DEFAULT_MULTI_CHANNEL;
    private Limits limits = Limits.DEFAULT;
    private NotifySettings notify = NotifySettings.DEFAULT;
    private IoSettings io = IoSettings.DEFAULT;
    private MapToGuest mapToGuest = MapToGuest.NEVER;
    private Path adminSocket;
    private int metricsPort;
    private String metricsBind = MetricsEndpoint.DEFAULT_BIND;
    private MetricsEndpoint metrics;

    /** Use {@link ServerConfig#builder()}. */
    ServerConfigBuilder() {
    }

    /** The address to listen on; {@code null} (the default) listens on all interfaces. */
    public ServerConfigBuilder bindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
        return this;
    }

    /** Default {@value ServerConfig#DEFAULT_PORT}; 0 picks a free port. */
    public ServerConfigBuilder port(int port) {
        this.port = port;
        return this;
    }

    /** Default {@link SigningPolicy#MANDATORY}. */
    public ServerConfigBuilder signing(SigningPolicy signing) {
        this.signing = Objects.requireNonNull(signing, "signing");
        return this;
    }

    /** Adds a read-write, browseable share that does not admit guests. */
    public ServerConfigBuilder share(String name, Path path) {
        return share(ShareConfig.of(name, path));
    }

    public ServerConfigBuilder share(ShareConfig share) {
        shares.add(new ShareEntry(Objects.requireNonNull(share, "share"), null));
        return this;
    }

    ServerConfigBuilder share(ShareConfig share, ShareSource source) {
        shares.add(new ShareEntry(share, source));
        return this;
    }

    /** Adds an inline user; for tests and demos, since the password is held in clear. */
    public ServerConfigBuilder user(String name, String password) {
        users.add(new AbstractMap.SimpleImmutableEntry<>(
                Objects.requireNonNull(name, "user name"), Objects.requireNonNull(password, "password")));
        return this;
    }

    public ServerConfigBuilder usersFile(Path usersFile) {
        this.usersFile = usersFile;
        return this;
    }

    public ServerConfigBuilder stateDir(Path stateDir) {
        this.stateDir = stateDir;
        return this;
    }

    /**
     * Where the admin socket of {@code signet status} listens; {@code null} (the default) puts {@code admin.sock} in
     * the state directory, else in the user's runtime directory. Several servers sharing a state directory (or none)
     * need one each.
     */
    public ServerConfigBuilder adminSocket(Path adminSocket) {
        this.adminSocket = adminSocket;
        return this;
    }

    /**
     * The port of the Prometheus metrics endpoint, as {@code metrics port} gives it: 0 (the default) starts no
     * endpoint.
     */
    public ServerConfigBuilder metricsPort(int metricsPort) {
        this.metricsPort = metricsPort;
        return this;
    }

    /** The address of the metrics endpoint; default {@value MetricsEndpoint#DEFAULT_BIND}. */
    public ServerConfigBuilder metricsBind(String metricsBind) {
        this.metricsBind = Objects.requireNonNull(metricsBind, "metricsBind");
        return this;
    }

    /**
     * The metrics endpoint itself, in place of {@link #metricsPort} and {@link #metricsBind}; its port may be 0 for
     * any free port (tests). Null turns it off.
     */
    public ServerConfigBuilder metrics(MetricsEndpoint metrics) {
        this.metrics = metrics;
        this.metricsPort = 0;
        return this;
    }

    /** Default: the local host name's first label, upper-cased and cut to 15 characters. */
    public ServerConfigBuilder serverName(String serverName) {
        this.serverName = serverName;
        return this;
    }

    /** Default {@value ServerConfig#DEFAULT_DOMAIN}. */
    public ServerConfigBuilder domain(String domain) {
        this.domain = domain;
        return this;
    }

    /** Default {@value ServerConfig#DEFAULT_MAX_FRAME_SIZE} bytes. */
    public ServerConfigBuilder maxFrameSize(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
        return this;
    }

    /**
     * The server's encryption policy, which shares without their own {@code smb encrypt} follow. Default
     * {@link EncryptionPolicy#IF_REQUIRED}.
     */
    public ServerConfigBuilder encryption(EncryptionPolicy encryption) {
        this.encryption = Objects.requireNonNull(encryption, "encryption");
        return this;
    }

    /**
     * The ciphers offered, most preferred first; checked (not empty, no duplicates) by {@link #build()}. Default
     * {@link ServerConfig#DEFAULT_ENCRYPTION_CIPHERS}.
     */
    public ServerConfigBuilder encryptionCiphers(List<EncryptionCipher> encryptionCiphers) {
        this.encryptionCiphers = new ArrayList<>(Objects.requireNonNull(encryptionCiphers, "encryptionCiphers"));
        return this;
    }

    /**
     * Whether share enumeration leaves out the shares the asking user may not connect to. Default
     * {@value ServerConfig#DEFAULT_ACCESS_BASED_SHARE_ENUM}.
     */
    public ServerConfigBuilder accessBasedShareEnum(boolean accessBasedShareEnum) {
        this.accessBasedShareEnum = accessBasedShareEnum;
        return this;
    }

    /**
     * The Kerberos realm whose users may log on (principal {@code user@REALM} is the local user {@code user});
     * needs {@link #kerberosKeytab(Path)}. Default {@code null}: no Kerberos.
     */
    public ServerConfigBuilder realm(String realm) {
        this.realm = realm;
        return this;
    }

    /** The keytab with the server's service keys; needs {@link #realm(String)}. Default {@code null}. */
    public ServerConfigBuilder kerberosKeytab(Path kerberosKeytab) {
        this.kerberosKeytab = kerberosKeytab;
        return this;
    }

    /** Default {@link ServerConfig#DEFAULT_KERBEROS_CLOCK_SKEW}. */
    public ServerConfigBuilder kerberosClockSkew(Duration kerberosClockSkew) {
        this.kerberosClockSkew = Objects.requireNonNull(kerberosClockSkew, "kerberosClockSkew");
        return this;
    }

    /** Whether RC4-HMAC tickets are accepted; default false, since RC4 is weak ([RFC 8429]). */
    public ServerConfigBuilder kerberosAllowRc4(boolean kerberosAllowRc4) {
        this.kerberosAllowRc4 = kerberosAllowRc4;
        return this;
    }

    /** Whether SMB 3.x clients are offered multichannel; default {@value ServerConfig#DEFAULT_MULTI_CHANNEL}. */
    public ServerConfigBuilder multiChannel(boolean multiChannel) {
        this.multiChannel = multiChannel;
        return this;
    }

    /** How much one client may hold and how long a logon may take; default {@link Limits#DEFAULT}. */
    public ServerConfigBuilder limits(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** Which failed logons become guest sessions; default {@link MapToGuest#NEVER}. */
    public ServerConfigBuilder mapToGuest(MapToGuest mapToGuest) {
        this.mapToGuest = Objects.requireNonNull(mapToGuest, "mapToGuest");
        return this;
    }

    /** Change notification settings; default {@link NotifySettings#DEFAULT}. */
    public ServerConfigBuilder notify(NotifySettings notify) {
        this.notify = Objects.requireNonNull(notify, "notify");
        return this;
    }

    /** Bulk I/O settings; default {@link IoSettings#DEFAULT}. */
    public ServerConfigBuilder io(IoSettings io) {
        this.io = Objects.requireNonNull(io, "io");
        return this;
    }

    /** The I/O settings so far, for changing one of them. */
    public IoSettings ioSettings() {
        return io;
    }

    /** The notify settings so far, for changing one of them. */
    public NotifySettings notifySettings() {
        return notify;
    }

    /** The limits set so far, for changing one of them ({@code limits(limits().withMaxConnections(10))}). */
    public Limits limits() {
        return limits;
    }

    /**
     * Checks every setting, including that each share's path is an existing directory, and returns the
     * configuration.
     *
     * @throws ConfigException naming the file and line when the offending share came from a file
     */
    public ServerConfig build() {
        Map<String, ShareEntry> byName = new HashMap<>();
        for (ShareEntry entry : shares) {
            ShareConfig share = entry.share();
            ShareEntry earlier = byName.putIfAbsent(ShareConfig.foldCase(share.name()), entry);
            if (earlier != null) {
                String reason = ConfigRules.duplicateShare(share.name(), earlier.share().name()).reason();
                if (earlier.source() != null && entry.source() != null
                        && earlier.source().file().equals(entry.source().file())) {
                    reason += " (first on line " + earlier.source().sectionLine() + ")";
                }
                throw located(entry, ShareSource::sectionLine, reason);
            }
            checkSharePath(entry);
            if (share.guestOk() && signing == SigningPolicy.MANDATORY) {
                throw located(entry, ShareSource::guestOkLine, ConfigRules.guestNeedsAutoSigningReason(share.name()));
            }
            String guestReason = ConfigRules.guestCannotEncryptReason(share, encryption);
            if (guestReason != null) {
                throw located(entry, ShareSource::guestOkLine, guestReason);
            }
            if (share.continuousAvailability() && stateDir == null) {
                // Persistent handles are kept in the state directory: without one a restart would lose them.
                throw located(entry, ShareSource::sectionLine, "share '" + share.name() + "': continuous"
                        + " availability needs a state directory ('state dir' or --state-dir), where persistent"
                        + " handles are kept across restarts");
            }
            String offReason = ConfigRules.encryptionTurnedOffReason(share, encryption);
            if (offReason != null) {
                throw located(entry, ShareSource::encryptionLine, offReason);
            }
        }
        List<String> userNames = new ArrayList<>();
        for (Map.Entry<String, String> user : users) {
            userNames.add(user.getKey());
        }
        ConfigRules.checkUserNames(userNames);
        Map<String, String> userMap = new LinkedHashMap<>();
        for (Map.Entry<String, String> user : users) {
            userMap.put(user.getKey(), user.getValue());
        }
        for (ShareEntry entry : shares) {
            String reason = ConfigRules.unknownValidUserReason(entry.share(), userMap, usersFile);
            if (reason != null) {
                throw located(entry, ShareSource::validUsersLine, reason);
            }
        }
        List<ShareConfig> shareList = new ArrayList<>();
        for (ShareEntry entry : shares) {
            shareList.add(entry.share());
        }
        ConfigRules.checkKerberos(realm, kerberosKeytab, kerberosClockSkew);
        if (kerberosKeytab != null) {
            ConfigRules.checkKeytabFile(kerberosKeytab);
        }
        MetricsEndpoint endpoint = metricsPort != 0 ? new MetricsEndpoint(metricsBind, metricsPort) : metrics;
        return new ServerConfig(bindAddress, port, signing, shareList, userMap, usersFile, stateDir,
                serverName != null ? serverName : NetbiosNames.defaultServerName(), domain, maxFrameSize, encryption,
                encryptionCiphers, accessBasedShareEnum, realm, kerberosKeytab, kerberosClockSkew,
                kerberosAllowRc4, multiChannel, limits, mapToGuest, adminSocket, endpoint,
                notify, io);
    }

    private static void checkSharePath(ShareEntry entry) {
        ShareConfig share = entry.share();
        if (!Files.exists(share.path())) {
            throw located(entry, ShareSource::pathLine,
                    "share '" + share.name() + "': path " + share.path() + " does not exist");
        }
        if (!Files.isDirectory(share.path())) {
            throw located(entry, ShareSource::pathLine,
                    "share '" + share.name() + "': path " + share.path() + " is not a directory");
        }
    }

    private static ConfigException located(ShareEntry entry, ToIntFunction<ShareSource> line,
                                           String reason) {
        ShareSource source = entry.source();
        return source == null
                ? new ConfigException(reason)
                : new ConfigException(source.file(), line.applyAsInt(source), reason);
    }

    private record ShareEntry(ShareConfig share, ShareSource source) {
    }

    /**
     * Where a share was defined in a config file: the lines of its section header, its {@code path}, its
     * {@code guest ok}, its {@code smb encrypt} and its {@code valid users} settings (the section line when a key was
     * absent).
     */
    record ShareSource(Path file, int sectionLine, int pathLine, int guestOkLine, int encryptionLine,
                       int validUsersLine) {
    }
}

package io.signet.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the server needs to start, immutable. The config-file parser, the command line and the embedding API
 * all produce one of these through {@link #builder()}, so the three cannot drift apart.
 *
 * <p>The canonical constructor enforces every rule that does not touch the file system, so no instance can hold an
 * impossible combination (the rules are in {@link ConfigRules}); {@link ServerConfigBuilder#build()} also checks that
 * share directories exist. Collections are copied and unmodifiable. {@link #toString()} lists user names but never
 * passwords.
 *
 * @param bindAddress  the IP address or host name to listen on, or {@code null} for all interfaces
 * @param port         TCP port, 0 to 65535; 0 asks for an ephemeral port (tests)
 * @param signing      whether the server requires signing
 * @param shares       disk shares, names unique ignoring case; IPC$ is always provided and is not listed here
 * @param users        inline users, name to password, for tests and demos; names unique ignoring case
 * @param usersFile    the user directory file, or {@code null}
 * @param stateDir     where durable server state lives, or {@code null}
 * @param serverName   NetBIOS computer name: 1 to 15 of A-Z, 0-9, '-' and '_'; stored upper-case
 * @param domain       NetBIOS workgroup, same rules as the server name; stored upper-case
 * @param maxFrameSize largest Direct TCP frame accepted, {@value #MIN_FRAME_SIZE} to {@value #MAX_FRAME_SIZE} bytes
 * @param encryption   the server's SMB3 encryption policy; a share without its own setting follows it
 * @param encryptionCiphers the ciphers the server offers, most preferred first; not empty, no duplicates
 * @param accessBasedShareEnum whether share enumeration leaves out the shares the asking user may not connect to
 *                     (a share's {@link ShareConfig#validUsers()})
 * @param realm        the Kerberos realm whose principals may log on, or {@code null} for no Kerberos; set exactly
 *                     when {@code kerberosKeytab} is
 * @param kerberosKeytab the keytab holding the service keys (the accepted service principals are those in it), or
 *                     {@code null}
 * @param kerberosClockSkew the tolerated difference between the clocks of client and server ([RFC 4120] 1.6),
 *                     positive and at most {@value #MAX_KERBEROS_CLOCK_SKEW_SECONDS} seconds
 * @param kerberosAllowRc4 whether tickets and authenticators in RC4-HMAC ([RFC 4757]) are accepted
 * @param multiChannel whether SMB 3.x clients are offered multichannel ([MS-SMB2] 3.3.1.5 IsMultiChannelCapable):
 *                     SMB2_GLOBAL_CAP_MULTI_CHANNEL, session binding and FSCTL_QUERY_NETWORK_INTERFACE_INFO
 * @param limits       how much one client may hold and how long a logon may take
 * @param mapToGuest   which failed logons become guest sessions ({@code map to guest}); anything but
 *                     {@link MapToGuest#NEVER} needs {@link SigningPolicy#AUTO}
 * @param adminSocket  where the local admin socket of {@code signet status} listens, or {@code null} for the
 *                     default: {@code admin.sock} in the state directory, else in the user's runtime directory
 * @param metrics      where the Prometheus metrics endpoint listens, or {@code null} (the default) for none
 * @param changeNotify change notification: the queue of each watching open and the disk watcher
 * @param io           bulk READ and WRITE: the credits one connection may hold
 */
public record ServerConfig(String bindAddress, int port, SigningPolicy signing, List<ShareConfig> shares,
                           Map<String, String> users, Path usersFile, Path stateDir, String serverName, String domain,
                           int maxFrameSize, EncryptionPolicy encryption, List<EncryptionCipher> encryptionCiphers,
                           boolean accessBasedShareEnum, String realm, Path kerberosKeytab,
                           Duration kerberosClockSkew, boolean kerberosAllowRc4, boolean multiChannel,
                           Limits limits, MapToGuest mapToGuest, Path adminSocket, MetricsEndpoint metrics,
                           NotifySettings changeNotify, IoSettings io) {

    /** Direct TCP transport port ([MS-SMB2] 2.1). */
    public static final int DEFAULT_PORT = 445;

    public static final String DEFAULT_DOMAIN = "WORKGROUP";

    /** An 8 MiB read or write payload plus 64 KiB for the SMB2 header, the command and any compound around it. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 8 * 1024 * 1024 + 64 * 1024;

    /** Smallest accepted {@link #maxFrameSize}. */
    public static final int MIN_FRAME_SIZE = 64 * 1024;

    /** Largest accepted {@link #maxFrameSize}; the Direct TCP length field is 24 bits ([MS-SMB2] 2.1). */
    public static final int MAX_FRAME_SIZE = 16 * 1024 * 1024;

    /** Samba's default: encrypt when the client asks. */
    public static final EncryptionPolicy DEFAULT_ENCRYPTION = EncryptionPolicy.IF_REQUIRED;

    /** Samba's default {@code server smb encrypt algorithms}, in its order of preference. */
    public static final List<EncryptionCipher> DEFAULT_ENCRYPTION_CIPHERS = List.of(EncryptionCipher.AES_128_GCM,
            EncryptionCipher.AES_128_CCM, EncryptionCipher.AES_256_GCM, EncryptionCipher.AES_256_CCM);

    /** Share enumeration lists only the shares the asking user may connect to unless told otherwise. */
    public static final boolean DEFAULT_ACCESS_BASED_SHARE_ENUM = true;

    /** MIT's and Windows' default maximum clock skew ([RFC 4120] 1.6 leaves it to the implementation). */
    public static final Duration DEFAULT_KERBEROS_CLOCK_SKEW = Duration.ofMinutes(5);

    /** A day: a larger skew would keep replay-cache entries, and stolen authenticators, valid for too long. */
    public static final long MAX_KERBEROS_CLOCK_SKEW_SECONDS = 86_400;

    /** Windows Server offers multichannel by default, and so does Samba since 4.15. */
    public static final boolean DEFAULT_MULTI_CHANNEL = true;

    /** The server name used when the host name cannot be turned into a NetBIOS name. */
    public static final String FALLBACK_SERVER_NAME = "SIGNET";

    public ServerConfig {
        if (bindAddress != null) {
            ConfigRules.checkBindAddress(bindAddress);
        }
        ConfigRules.checkPort(port);
        if (signing == null) {
            throw new ConfigException("signing policy must be set");
        }
        if (encryption == null) {
            throw new ConfigException("encryption policy must be set");
        }
        shares = List.copyOf(Objects.requireNonNull(shares, "shares"));
        Map<String, ShareConfig> byName = new HashMap<>();
        for (ShareConfig share : shares) {
            ShareConfig earlier = byName.putIfAbsent(ShareConfig.foldCase(share.name()), share);
            if (earlier != null) {
                throw ConfigRules.duplicateShare(share.name(), earlier.name());
            }
            if (share.guestOk() && signing == SigningPolicy.MANDATORY) {
                throw ConfigRules.guestNeedsAutoSigning(share.name());
            }
            ConfigRules.checkShareEncryption(share, encryption);
        }
        Objects.requireNonNull(users, "users");
        ConfigRules.checkUserNames(new ArrayList<>(users.keySet()));
        for (Map.Entry<String, String> user : users.entrySet()) {
            ConfigRules.checkPassword(user.getKey(), user.getValue());
        }
        users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        for (ShareConfig share : shares) {
            String reason = ConfigRules.unknownValidUserReason(share, users, usersFile);
            if (reason != null) {
                throw new ConfigException(reason);
            }
        }
        serverName = NetbiosNames.checkNetbiosName("server name", serverName);
        domain = NetbiosNames.checkNetbiosName("workgroup", domain);
        ConfigRules.checkMaxFrameSize(maxFrameSize);
        encryptionCiphers = ConfigRules.checkEncryptionCiphers(encryptionCiphers);
        ConfigRules.checkKerberos(realm, kerberosKeytab, kerberosClockSkew);
        if (limits == null) {
            throw new ConfigException("limits must be set");
        }
        if (mapToGuest == null) {
            throw new ConfigException("map to guest must be set");
        }
        if (changeNotify == null) {
            throw new ConfigException("notify settings must be set");
        }
        if (io == null) {
            throw new ConfigException("I/O settings must be set");
        }
        if (mapToGuest != MapToGuest.NEVER && signing == SigningPolicy.MANDATORY) {
            throw new ConfigException("map to guest = bad user needs server signing = auto: guest sessions have no"
                    + " session key and cannot sign, so with signing mandatory every such logon would be refused");
        }
    }

    /** A configuration with the default {@link IoSettings}. */
    public ServerConfig(String bindAddress, int port, SigningPolicy signing, List<ShareConfig> shares,
                        Map<String, String> users, Path usersFile, Path stateDir, String serverName, String domain,
                        int maxFrameSize, EncryptionPolicy encryption, List<EncryptionCipher> encryptionCiphers,
                        boolean accessBasedShareEnum, String realm, Path kerberosKeytab,
                        Duration kerberosClockSkew, boolean kerberosAllowRc4, boolean multiChannel,
                        Limits limits, MapToGuest mapToGuest, Path adminSocket, MetricsEndpoint metrics,
                        NotifySettings changeNotify) {
        this(bindAddress, port, signing, shares, users, usersFile, stateDir, serverName, domain, maxFrameSize,
                encryption, encryptionCiphers, accessBasedShareEnum, realm, kerberosKeytab, kerberosClockSkew,
                kerberosAllowRc4, multiChannel, limits, mapToGuest, adminSocket, metrics, changeNotify,
                IoSettings.DEFAULT);
    }

    /** A configuration without a metrics endpoint and with the default {@link NotifySettings}. */
    public ServerConfig(String bindAddress, int port, SigningPolicy signing, List<ShareConfig> shares,
                        Map<String, String> users, Path usersFile, Path stateDir, String serverName, String domain,
                        int maxFrameSize, EncryptionPolicy encryption, List<EncryptionCipher> encryptionCiphers,
                        boolean accessBasedShareEnum, String realm, Path kerberosKeytab,
                        Duration kerberosClockSkew, boolean kerberosAllowRc4, boolean multiChannel,
                        Limits limits, MapToGuest mapToGuest, Path adminSocket) {
        this(bindAddress, port, signing, shares, users, usersFile, stateDir, serverName, domain, maxFrameSize,
                encryption, encryptionCiphers, accessBasedShareEnum, realm, kerberosKeytab, kerberosClockSkew,
                kerberosAllowRc4, multiChannel, limits, mapToGuest, adminSocket, null, NotifySettings.DEFAULT);
    }

    /** A configuration with the admin socket at its default place. */
    public ServerConfig(String bindAddress, int port, SigningPolicy signing, List<ShareConfig> shares,
                        Map<String, String> users, Path usersFile, Path stateDir, String serverName, String domain,
                        int maxFrameSize, EncryptionPolicy encryption, List<EncryptionCipher> encryptionCiphers,
                        boolean accessBasedShareEnum, String realm, Path kerberosKeytab,
                        Duration kerberosClockSkew, boolean kerberosAllowRc4, boolean multiChannel, Limits limits,
                        MapToGuest mapToGuest) {
        this(bindAddress, port, signing, shares, users, usersFile, stateDir, serverName, domain, maxFrameSize,
                encryption, encryptionCiphers, accessBasedShareEnum, realm, kerberosKeytab, kerberosClockSkew,
                kerberosAllowRc4, multiChannel, limits, mapToGuest, null);
    }

    /** A configuration that maps no failed logon to guest. */
    public ServerConfig(String bindAddress, int port, SigningPolicy signing, List<ShareConfig> shares,
                        Map<String, String> users, Path usersFile, Path stateDir, String serverName, String domain,
                        int maxFrameSize, EncryptionPolicy encryption, List<EncryptionCipher> encryptionCiphers,
                        boolean accessBasedShareEnum, String realm, Path kerberosKeytab,
                        Duration kerberosClockSkew, boolean kerberosAllowRc4, boolean multiChannel, Limits limits) {
        this(bindAddress, port, signing, shares, users, usersFile, stateDir, serverName, domain, maxFrameSize,
                encryption, encryptionCiphers, accessBasedShareEnum, realm, kerberosKeytab, kerberosClockSkew,
                kerberosAllowRc4, multiChannel, limits, MapToGuest.NEVER);
    }

    /** A configuration with the default {@link Limits}. */
    public ServerConfig(String bindAddress, int port, SigningPolicy signing, List<ShareConfig> shares,
                        Map<String, String> users, Path usersFile, Path stateDir, String serverName, String domain,
                        int maxFrameSize, EncryptionPolicy encryption, List<EncryptionCipher> encryptionCiphers,
                        boolean accessBasedShareEnum, String realm, Path kerberosKeytab,
                        Duration kerberosClockSkew, boolean kerberosAllowRc4, boolean multiChannel) {
        this(bindAddress, port, signing, shares, users, usersFile, stateDir, serverName, domain, maxFrameSize,
                encryption, encryptionCiphers, accessBasedShareEnum, realm, kerberosKeytab, kerberosClockSkew,
                kerberosAllowRc4, multiChannel, Limits.DEFAULT);
    }

    /** A configuration with multichannel {@value #DEFAULT_MULTI_CHANNEL}. */
    public ServerConfig(String bindAddress, int port, SigningPolicy signing, List<ShareConfig> shares,
                        Map<String, String> users, Path usersFile, Path stateDir, String serverName, String domain,
                        int maxFrameSize, EncryptionPolicy encryption, List<EncryptionCipher> encryptionCiphers,
                        boolean accessBasedShareEnum, String realm, Path kerberosKeytab,
                        Duration kerberosClockSkew, boolean kerberosAllowRc4) {
        this(bindAddress, port, signing, shares, users, usersFile, stateDir, serverName, domain, maxFrameSize,
                encryption, encryptionCiphers, accessBasedShareEnum, realm, kerberosKeytab, kerberosClockSkew,
                kerberosAllowRc4, DEFAULT_MULTI_CHANNEL);
    }

    /** A configuration without Kerberos. */
    public ServerConfig(String bindAddress, int port, SigningPolicy signing, List<ShareConfig> shares,
                        Map<String, String> users, Path usersFile, Path stateDir, String serverName, String domain,
                        int maxFrameSize, EncryptionPolicy encryption, List<EncryptionCipher> encryptionCiphers,
                        boolean accessBasedShareEnum) {
        this(bindAddress, port, signing, shares, users, usersFile, stateDir, serverName, domain, maxFrameSize,
                encryption, encryptionCiphers, accessBasedShareEnum, null, null, DEFAULT_KERBEROS_CLOCK_SKEW, false);
    }

    /** A configuration with access-based share enumeration {@value #DEFAULT_ACCESS_BASED_SHARE_ENUM}. */
    public ServerConfig(String bindAddress, int port, SigningPolicy signing, List<ShareConfig> shares,
                        Map<String, String> users, Path usersFile, Path stateDir, String serverName, String domain,
                        int maxFrameSize, EncryptionPolicy encryption, List<EncryptionCipher> encryptionCiphers) {
        this(bindAddress, port, signing, shares, users, usersFile, stateDir, serverName, domain, maxFrameSize,
                encryption, encryptionCiphers, DEFAULT_ACCESS_BASED_SHARE_ENUM);
    }

    public static ServerConfigBuilder builder() {
        return new ServerConfigBuilder();
    }

    /** The share called {@code name}, ignoring case. */
    public Optional<ShareConfig> share(String name) {
        return shares.stream().filter(s -> s.hasName(name)).findFirst();
    }

    /** Lists user names only: passwords must never reach a log. */
    @Override
    public String toString() {
        return "ServerConfig[bindAddress=" + bindAddress
                + ", port=" + port
                + ", signing=" + signing
                + ", shares=" + shares
                + ", users=" + users.keySet()
                + ", usersFile=" + usersFile
                + ", stateDir=" + stateDir
                + ", serverName=" + serverName
                + ", domain=" + domain
                + ", maxFrameSize=" + maxFrameSize
                + ", encryption=" + encryption
                + ", encryptionCiphers=" + encryptionCiphers
                + ", accessBasedShareEnum=" + accessBasedShareEnum
                + ", realm=" + realm
                + ", kerberosKeytab=" + kerberosKeytab
                + ", kerberosClockSkew=" + kerberosClockSkew
                + ", kerberosAllowRc4=" + kerberosAllowRc4
                + ", multiChannel=" + multiChannel
                + ", mapToGuest=" + mapToGuest
                + ", limits=" + limits
                + ", adminSocket=" + adminSocket
                + ", metrics=" + metrics
                + "]";
    }

    /** Whether Kerberos logons are configured (a realm and a keytab). */
    public boolean kerberosEnabled() {
        return kerberosKeytab != null;
    }
}

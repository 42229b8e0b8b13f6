package io.signet.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Everything the server needs to start, immutable. The config-file parser, the command line and the embedding API
 * all produce one of these through {@link #builder()}, so the three cannot drift apart.
 *
 * <p>The canonical constructor enforces every rule that does not touch the file system, so no instance can hold an
 * impossible combination; {@link Builder#build()} also checks that share directories exist. Collections are copied
 * and unmodifiable. {@link #toString()} lists user names but never passwords.
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
 */
public record ServerConfig(String bindAddress, int port, SigningPolicy signing, List<ShareConfig> shares,
                           Map<String, String> users, Path usersFile, Path stateDir, String serverName, String domain,
                           int maxFrameSize, EncryptionPolicy encryption, List<EncryptionCipher> encryptionCiphers,
                           boolean accessBasedShareEnum, String realm, Path kerberosKeytab,
                           Duration kerberosClockSkew, boolean kerberosAllowRc4, boolean multiChannel) {

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

    private static final Pattern NETBIOS_NAME = Pattern.compile("[A-Za-z0-9_-]{1,15}");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern DOTTED_DIGITS = Pattern.compile("[0-9.]+");
    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    public ServerConfig {
        if (bindAddress != null) {
            checkBindAddress(bindAddress);
        }
        checkPort(port);
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
                throw duplicateShare(share.name(), earlier.name());
            }
            if (share.guestOk() && signing == SigningPolicy.MANDATORY) {
                throw guestNeedsAutoSigning(share.name());
            }
            checkShareEncryption(share, encryption);
        }
        Objects.requireNonNull(users, "users");
        checkUserNames(new ArrayList<>(users.keySet()));
        for (Map.Entry<String, String> user : users.entrySet()) {
            checkPassword(user.getKey(), user.getValue());
        }
        users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        for (ShareConfig share : shares) {
            String reason = unknownValidUserReason(share, users, usersFile);
            if (reason != null) {
                throw new ConfigException(reason);
            }
        }
        serverName = checkNetbiosName("server name", serverName);
        domain = checkNetbiosName("workgroup", domain);
        checkMaxFrameSize(maxFrameSize);
        encryptionCiphers = checkEncryptionCiphers(encryptionCiphers);
        checkKerberos(realm, kerberosKeytab, kerberosClockSkew);
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

    public static Builder builder() {
        return new Builder();
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
                + "]";
    }

    /** Whether Kerberos logons are configured (a realm and a keytab). */
    public boolean kerberosEnabled() {
        return kerberosKeytab != null;
    }

    static void checkKerberos(String realm, Path keytab, Duration skew) {
        if (realm != null && keytab == null) {
            throw new ConfigException("realm " + realm + " is set but no kerberos keytab: Kerberos needs both");
        }
        if (keytab != null && realm == null) {
            throw new ConfigException("kerberos keytab " + keytab + " is set but no realm: Kerberos needs both");
        }
        if (realm != null) {
            checkRealm(realm);
        }
        checkClockSkew(skew);
    }

    /** A realm is a non-empty name without spaces, '@', '/' or control characters ([RFC 4120] 6.1). */
    static void checkRealm(String realm) {
        if (realm.isEmpty() || realm.chars().anyMatch(c -> c <= ' ' || c == '@' || c == '/' || c == 0x7F)) {
            throw new ConfigException("realm '" + realm + "' must be a non-empty name without spaces, '@' or '/'");
        }
    }

    static void checkClockSkew(Duration skew) {
        if (skew == null) {
            throw new ConfigException("kerberos clock skew must be set");
        }
        if (skew.isNegative() || skew.isZero() || skew.getSeconds() > MAX_KERBEROS_CLOCK_SKEW_SECONDS) {
            throw new ConfigException("kerberos clock skew must be between 1 and " + MAX_KERBEROS_CLOCK_SKEW_SECONDS
                    + " seconds, got " + skew.getSeconds());
        }
    }

    static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException("port must be between 0 and 65535, got " + port);
        }
    }

    static void checkMaxFrameSize(int size) {
        if (size < MIN_FRAME_SIZE || size > MAX_FRAME_SIZE) {
            throw new ConfigException("max frame size must be between " + MIN_FRAME_SIZE + " and " + MAX_FRAME_SIZE
                    + " bytes, got " + size);
        }
    }

    /** Checks a cipher list and returns an unmodifiable copy. */
    static List<EncryptionCipher> checkEncryptionCiphers(List<EncryptionCipher> ciphers) {
        if (ciphers == null) {
            throw new ConfigException("encryption ciphers must be set");
        }
        if (ciphers.isEmpty()) {
            throw new ConfigException("server smb encrypt algorithms must list at least one cipher");
        }
        List<EncryptionCipher> seen = new ArrayList<>();
        for (EncryptionCipher cipher : ciphers) {
            if (cipher == null) {
                throw new ConfigException("encryption ciphers must not contain null");
            }
            if (seen.contains(cipher)) {
                throw new ConfigException("server smb encrypt algorithms lists " + cipher.configName() + " twice");
            }
            seen.add(cipher);
        }
        return List.copyOf(seen);
    }

    /** Checks a NetBIOS name and returns it upper-cased. */
    static String checkNetbiosName(String what, String name) {
        if (name == null) {
            throw new ConfigException(what + " must be set");
        }
        if (!NETBIOS_NAME.matcher(name).matches()) {
            throw new ConfigException(what + " '" + name
                    + "' must be 1 to 15 characters, each a letter, a digit, '-' or '_'");
        }
        return name.toUpperCase(Locale.ROOT);
    }

    static void checkBindAddress(String address) {
        boolean valid;
        if (address.indexOf(':') >= 0) {
            valid = isIpv6Literal(address);
        } else if (DOTTED_DIGITS.matcher(address).matches()) {
            valid = IPV4.matcher(address).matches();
        } else {
            valid = address.length() <= 253 && HOST_NAME.matcher(address).matches();
        }
        if (!valid) {
            throw new ConfigException("bind address '" + address + "' is neither an IP address nor a host name");
        }
    }

    /** Whether {@code s} is one IPv4 or IPv6 address written out, never a name to look up. */
    static boolean isIpLiteral(String s) {
        return IPV4.matcher(s).matches() || s.indexOf(':') >= 0 && isIpv6Literal(s);
    }

    private static boolean isIpv6Literal(String s) {
        // InetAddress parses anything containing ':' as a literal and never looks it up.
        String bare = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (bare.indexOf(':') < 0 || bare.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        try {
            InetAddress.getByName(bare);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static void checkUserNames(List<String> names) {
        Map<String, String> seen = new HashMap<>();
        for (String name : names) {
            if (name == null || name.isEmpty()) {
                throw new ConfigException("user names must not be empty");
            }
            if (name.indexOf(':') >= 0) {
                throw new ConfigException("user name '" + name + "' must not contain ':'");
            }
            if (name.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException("user name '" + name + "' must not contain control characters");
            }
            String earlier = seen.putIfAbsent(ShareConfig.foldCase(name), name);
            if (earlier != null) {
                throw new ConfigException(earlier.equals(name)
                        ? "user '" + name + "' is defined twice"
                        : "users '" + earlier + "' and '" + name + "' differ only in case; user names ignore case");
            }
        }
    }

    private static void checkPassword(String user, String password) {
        if (password == null || password.isEmpty()) {
            throw new ConfigException("user '" + user + "' has no password");
        }
    }

    static ConfigException duplicateShare(String name, String earlierName) {
        return new ConfigException(name.equals(earlierName)
                ? "share '" + name + "' is defined twice"
                : "shares '" + earlierName + "' and '" + name + "' differ only in case; share names ignore case");
    }

    static String guestNeedsAutoSigningReason(String shareName) {
        return "share '" + shareName + "' allows guests but signing is mandatory; guest sessions have no session key"
                + " and so cannot sign ([MS-SMB2] 3.3.5.5.3): set server signing = auto"
                + " (SigningPolicy.AUTO) or stop allowing guests on this share";
    }

    private static ConfigException guestNeedsAutoSigning(String shareName) {
        return new ConfigException(guestNeedsAutoSigningReason(shareName));
    }

    /**
     * Refuses a share that guests cannot use because encryption is required, or that requires encryption the server
     * has turned off.
     */
    private static void checkShareEncryption(ShareConfig share, EncryptionPolicy serverEncryption) {
        String reason = guestCannotEncryptReason(share, serverEncryption);
        if (reason == null) {
            reason = encryptionTurnedOffReason(share, serverEncryption);
        }
        if (reason != null) {
            throw new ConfigException(reason);
        }
    }

    /**
     * Why {@code share} admits guests that could not use it, or {@code null}: a guest session has no session key,
     * so it can encrypt nothing, and a share that requires encryption, or a server that requires it of every
     * session, refuses it.
     */
    static String guestCannotEncryptReason(ShareConfig share, EncryptionPolicy serverEncryption) {
        if (!share.guestOk()) {
            return null;
        }
        String what;
        String fix;
        if (share.encryption() == EncryptionPolicy.REQUIRED) {
            what = "requires encryption (smb encrypt = required)";
            fix = "set smb encrypt on this share to if_required or desired";
        } else if (serverEncryption == EncryptionPolicy.REQUIRED) {
            what = "the server requires encryption (server smb encrypt = required)";
            fix = "set server smb encrypt to if_required or desired";
        } else {
            return null;
        }
        return "share '" + share.name() + "' allows guests but " + what + "; guest sessions have no session key"
                + " and so cannot encrypt ([MS-SMB2] 3.3.5.5.3): " + fix + " or stop allowing guests on this share";
    }

    /** Why {@code share} cannot have its encryption setting under {@code serverEncryption}, or {@code null}. */
    static String encryptionTurnedOffReason(ShareConfig share, EncryptionPolicy serverEncryption) {
        if (share.encryption() != EncryptionPolicy.REQUIRED || serverEncryption != EncryptionPolicy.OFF) {
            return null;
        }
        return "share '" + share.name() + "' has smb encrypt = required but the server has server smb encrypt = off;"
                + " a share cannot require encryption the server has turned off";
    }

    /**
     * Why {@code share} lists a user that does not exist, or {@code null}. Without a users file the inline users are
     * all the users there are; with one, names are checked when the server reads that file.
     */
    static String unknownValidUserReason(ShareConfig share, Map<String, String> users, Path usersFile) {
        if (usersFile != null || share.validUsers().isEmpty()) {
            return null;
        }
        List<String> known = new ArrayList<>();
        for (String user : users.keySet()) {
            known.add(ShareConfig.foldCase(user));
        }
        for (String name : share.validUsers()) {
            if (!known.contains(ShareConfig.foldCase(name))) {
                return "share '" + share.name() + "': valid users names '" + name + "', who is not a configured"
                        + " user; add the user or set a users file";
            }
        }
        return null;
    }

    /** The local host name as a NetBIOS name, or {@value #FALLBACK_SERVER_NAME}. */
    static String defaultServerName() {
        try {
            return netbiosNameFromHostName(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException | SecurityException e) {
            return FALLBACK_SERVER_NAME;
        }
    }

    /**
     * The first label of a host name, upper-cased and cut to 15 characters; {@value #FALLBACK_SERVER_NAME} when that
     * is not a valid NetBIOS name or the "host name" is an IP address.
     */
    static String netbiosNameFromHostName(String host) {
        if (host == null || host.indexOf(':') >= 0 || DOTTED_DIGITS.matcher(host).matches()) {
            return FALLBACK_SERVER_NAME;
        }
        int dot = host.indexOf('.');
        String label = dot >= 0 ? host.substring(0, dot) : host;
        if (label.length() > 15) {
            label = label.substring(0, 15);
        }
        return NETBIOS_NAME.matcher(label).matches() ? label.toUpperCase(Locale.ROOT) : FALLBACK_SERVER_NAME;
    }

    /**
     * Collects settings and checks them all in {@link #build()}. Setters return this builder. Shares and users added
     * by {@link SmbConfParser} remember their file and line, so problems found at build time still point at them.
     */
    public static final class Builder {

        private String bindAddress;
        private int port = DEFAULT_PORT;
        private SigningPolicy signing = SigningPolicy.MANDATORY;
        private final List<ShareEntry> shares = new ArrayList<>();
        private final List<Map.Entry<String, String>> users = new ArrayList<>();
        private Path usersFile;
        private Path stateDir;
        private String serverName;
        private String domain = DEFAULT_DOMAIN;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private EncryptionPolicy encryption = DEFAULT_ENCRYPTION;
        private List<EncryptionCipher> encryptionCiphers = DEFAULT_ENCRYPTION_CIPHERS;
        private boolean accessBasedShareEnum = DEFAULT_ACCESS_BASED_SHARE_ENUM;
        private String realm;
        private Path kerberosKeytab;
        private Duration kerberosClockSkew = DEFAULT_KERBEROS_CLOCK_SKEW;
        private boolean kerberosAllowRc4;
        private boolean multiChannel = DEFAULT_MULTI_CHANNEL;

        private Builder() {
        }

        /** The address to listen on; {@code null} (the default) listens on all interfaces. */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        /** Default {@value ServerConfig#DEFAULT_PORT}; 0 picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Default {@link SigningPolicy#MANDATORY}. */
        public Builder signing(SigningPolicy signing) {
            this.signing = Objects.requireNonNull(signing, "signing");
            return this;
        }

        /** Adds a read-write, browseable share that does not admit guests. */
        public Builder share(String name, Path path) {
            return share(ShareConfig.of(name, path));
        }

        public Builder share(ShareConfig share) {
            shares.add(new ShareEntry(Objects.requireNonNull(share, "share"), null));
            return this;
        }

        Builder share(ShareConfig share, ShareSource source) {
            shares.add(new ShareEntry(share, source));
            return this;
        }

        /** Adds an inline user; for tests and demos, since the password is held in clear. */
        public Builder user(String name, String password) {
            users.add(new AbstractMap.SimpleImmutableEntry<>(
                    Objects.requireNonNull(name, "user name"), Objects.requireNonNull(password, "password")));
            return this;
        }

        public Builder usersFile(Path usersFile) {
            this.usersFile = usersFile;
            return this;
        }

        public Builder stateDir(Path stateDir) {
            this.stateDir = stateDir;
            return this;
        }

        /** Default: the local host name's first label, upper-cased and cut to 15 characters. */
        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /** Default {@value ServerConfig#DEFAULT_DOMAIN}. */
        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** Default {@value ServerConfig#DEFAULT_MAX_FRAME_SIZE} bytes. */
        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        /**
         * The server's encryption policy, which shares without their own {@code smb encrypt} follow. Default
         * {@link EncryptionPolicy#IF_REQUIRED}.
         */
        public Builder encryption(EncryptionPolicy encryption) {
            this.encryption = Objects.requireNonNull(encryption, "encryption");
            return this;
        }

        /**
         * The ciphers offered, most preferred first; checked (not empty, no duplicates) by {@link #build()}. Default
         * {@link ServerConfig#DEFAULT_ENCRYPTION_CIPHERS}.
         */
        public Builder encryptionCiphers(List<EncryptionCipher> encryptionCiphers) {
            this.encryptionCiphers = new ArrayList<>(Objects.requireNonNull(encryptionCiphers, "encryptionCiphers"));
            return this;
        }

        /**
         * Whether share enumeration leaves out the shares the asking user may not connect to. Default
         * {@value ServerConfig#DEFAULT_ACCESS_BASED_SHARE_ENUM}.
         */
        public Builder accessBasedShareEnum(boolean accessBasedShareEnum) {
            this.accessBasedShareEnum = accessBasedShareEnum;
            return this;
        }

        /**
         * The Kerberos realm whose users may log on (principal {@code user@REALM} is the local user {@code user});
         * needs {@link #kerberosKeytab(Path)}. Default {@code null}: no Kerberos.
         */
        public Builder realm(String realm) {
            this.realm = realm;
            return this;
        }

        /** The keytab with the server's service keys; needs {@link #realm(String)}. Default {@code null}. */
        public Builder kerberosKeytab(Path kerberosKeytab) {
            this.kerberosKeytab = kerberosKeytab;
            return this;
        }

        /** Default {@link ServerConfig#DEFAULT_KERBEROS_CLOCK_SKEW}. */
        public Builder kerberosClockSkew(Duration kerberosClockSkew) {
            this.kerberosClockSkew = Objects.requireNonNull(kerberosClockSkew, "kerberosClockSkew");
            return this;
        }

        /** Whether RC4-HMAC tickets are accepted; default false, since RC4 is weak ([RFC 8429]). */
        public Builder kerberosAllowRc4(boolean kerberosAllowRc4) {
            this.kerberosAllowRc4 = kerberosAllowRc4;
            return this;
        }

        /** Whether SMB 3.x clients are offered multichannel; default {@value ServerConfig#DEFAULT_MULTI_CHANNEL}. */
        public Builder multiChannel(boolean multiChannel) {
            this.multiChannel = multiChannel;
            return this;
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
                    String reason = duplicateShare(share.name(), earlier.share().name()).reason();
                    if (earlier.source() != null && entry.source() != null
                            && earlier.source().file().equals(entry.source().file())) {
                        reason += " (first on line " + earlier.source().sectionLine() + ")";
                    }
                    throw located(entry, ShareSource::sectionLine, reason);
                }
                checkSharePath(entry);
                if (share.guestOk() && signing == SigningPolicy.MANDATORY) {
                    throw located(entry, ShareSource::guestOkLine, guestNeedsAutoSigningReason(share.name()));
                }
                String guestReason = guestCannotEncryptReason(share, encryption);
                if (guestReason != null) {
                    throw located(entry, ShareSource::guestOkLine, guestReason);
                }
                String offReason = encryptionTurnedOffReason(share, encryption);
                if (offReason != null) {
                    throw located(entry, ShareSource::encryptionLine, offReason);
                }
            }
            List<String> userNames = new ArrayList<>();
            for (Map.Entry<String, String> user : users) {
                userNames.add(user.getKey());
            }
            checkUserNames(userNames);
            Map<String, String> userMap = new LinkedHashMap<>();
            for (Map.Entry<String, String> user : users) {
                userMap.put(user.getKey(), user.getValue());
            }
            for (ShareEntry entry : shares) {
                String reason = unknownValidUserReason(entry.share(), userMap, usersFile);
                if (reason != null) {
                    throw located(entry, ShareSource::validUsersLine, reason);
                }
            }
            List<ShareConfig> shareList = new ArrayList<>();
            for (ShareEntry entry : shares) {
                shareList.add(entry.share());
            }
            checkKerberos(realm, kerberosKeytab, kerberosClockSkew);
            if (kerberosKeytab != null) {
                checkKeytabFile(kerberosKeytab);
            }
            return new ServerConfig(bindAddress, port, signing, shareList, userMap, usersFile, stateDir,
                    serverName != null ? serverName : defaultServerName(), domain, maxFrameSize, encryption,
                    encryptionCiphers, accessBasedShareEnum, realm, kerberosKeytab, kerberosClockSkew,
                    kerberosAllowRc4, multiChannel);
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

        /** Whether the keytab can be read now, so a typo fails at startup rather than at the first logon. */
        static void checkKeytabFile(Path keytab) {
            if (!Files.isRegularFile(keytab)) {
                throw new ConfigException("kerberos keytab " + keytab + " does not exist or is not a file");
            }
            if (!Files.isReadable(keytab)) {
                throw new ConfigException("kerberos keytab " + keytab + " is not readable");
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

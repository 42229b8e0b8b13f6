package io.signet.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the Samba {@code smb.conf} dialect into a {@link ServerConfig}.
 *
 * <p>The syntax is Samba's: {@code [section]} headers, {@code key = value} lines, a line starting with {@code #} or
 * {@code ;} is a comment, and a line ending in a backslash continues on the next one. Keys ignore case, spaces and
 * underscores, so {@code read only}, {@code readonly} and {@code Read_Only} are the same key. Unlike Samba, a
 * {@code ;} or {@code #} that follows white space also starts a comment at the end of a line
 * ({@code server signing = auto ; why}); a value that needs one of those characters must not put white space before
 * it.
 *
 * <p>Only the keys Signet implements are accepted; anything else fails with the file, the line and the reason, as
 * does a key set twice in one section, a key outside any section, a {@code [global]} key in a share or a share key in
 * {@code [global]}. Relative paths resolve against the directory holding the file.
 */
public final class SmbConfParser {

    private SmbConfParser() {
    }

    /** Parses {@code file} on top of the builder defaults and builds the configuration. */
    public static ServerConfig parse(Path file) throws ConfigException {
        return parseInto(file, ServerConfig.builder()).build();
    }

    /**
     * Applies {@code file} to {@code builder}: its {@code [global]} settings replace the builder's, its shares are
     * added. Settings whose validity depends on the whole configuration (share directories, guest shares against the
     * signing and encryption policies, shares requiring encryption the server turned off, {@code valid users} naming
     * a user that is not configured while no users file is set, duplicates with shares added in code) are checked by
     * {@link ServerConfigBuilder#build()}, which still reports this file and line.
     */
    public static ServerConfigBuilder parseInto(Path file, ServerConfigBuilder builder) throws ConfigException {
        new Run(file, builder).parse(readLogicalLines(file));
        return builder;
    }

    private enum Scope { GLOBAL, SHARE }

    /** Every key Signet understands; the first spelling is the canonical one, the rest are Samba's synonyms. */
    private enum Key {
        PORT(Scope.GLOBAL, "port", "smb ports"),
        BIND_ADDRESS(Scope.GLOBAL, "bind address", "interfaces"),
        SIGNING(Scope.GLOBAL, "server signing", "require security signature"),
        MAP_TO_GUEST(Scope.GLOBAL, "map to guest"),
        USERS_FILE(Scope.GLOBAL, "users file"),
        STATE_DIR(Scope.GLOBAL, "state dir", "state directory"),
        NETBIOS_NAME(Scope.GLOBAL, "netbios name"),
        WORKGROUP(Scope.GLOBAL, "workgroup"),
        MAX_FRAME_SIZE(Scope.GLOBAL, "max frame size"),
        /** In [global] the server's policy, in a share that share's; "server smb encrypt" is [global] only. */
        ENCRYPTION(null, "smb encrypt", "server smb encrypt"),
        ENCRYPTION_CIPHERS(Scope.GLOBAL, "server smb encrypt algorithms", "server smb3 encryption algorithms"),
        ACCESS_BASED_SHARE_ENUM(Scope.GLOBAL, "access based share enum"),
        REALM(Scope.GLOBAL, "realm"),
        KERBEROS_KEYTAB(Scope.GLOBAL, "kerberos keytab", "dedicated keytab file"),
        KERBEROS_CLOCK_SKEW(Scope.GLOBAL, "kerberos clock skew"),
        KERBEROS_RC4(Scope.GLOBAL, "kerberos rc4"),
        MULTI_CHANNEL(Scope.GLOBAL, "server multi channel support"),
        MAX_CONNECTIONS_PER_ADDRESS(Scope.GLOBAL, "max connections per address"),
        /** Server-wide; Samba's parameter of this name is per share and counts tree connects. */
        MAX_CONNECTIONS(Scope.GLOBAL, "max connections"),
        MAX_SESSIONS_PER_CONNECTION(Scope.GLOBAL, "max sessions per connection"),
        MAX_OPENS_PER_SESSION(Scope.GLOBAL, "max opens per session"),
        MAX_OPENS_PER_USER(Scope.GLOBAL, "max opens per user"),
        MAX_ASYNC_REQUESTS(Scope.GLOBAL, "max async requests per connection"),
        HANDSHAKE_TIMEOUT(Scope.GLOBAL, "handshake timeout", "auth timeout"),
        AUTH_FAILURE_DELAY(Scope.GLOBAL, "auth failure delay"),
        PATH(Scope.SHARE, "path"),
        READ_ONLY(Scope.SHARE, "read only", "writable", "writeable"),
        COMMENT(Scope.SHARE, "comment"),
        BROWSEABLE(Scope.SHARE, "browseable", "browsable"),
        GUEST_OK(Scope.SHARE, "guest ok", "public"),
        VALID_USERS(Scope.SHARE, "valid users"),
        NT_ACL_SUPPORT(Scope.SHARE, "nt acl support");

        private static final Map<String, Key> BY_NAME = new HashMap<>();

        static {
            for (Key key : values()) {
                for (String spelling : key.spellings) {
                    BY_NAME.put(normalise(spelling), key);
                }
            }
        }

        /** The section kind the key belongs to; {@code null} for a key allowed in both. */
        final Scope scope;
        final String[] spellings;

        Key(Scope scope, String... spellings) {
            this.scope = scope;
            this.spellings = spellings;
        }

        static Key lookup(String key) {
            return BY_NAME.get(normalise(key));
        }

        /** Samba ignores case, spaces and underscores in parameter names. */
        static String normalise(String key) {
            StringBuilder sb = new StringBuilder(key.length());
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (c != '_' && !Character.isWhitespace(c)) {
                    sb.append(Character.toLowerCase(c));
                }
            }
            return sb.toString();
        }
    }

    /** A line after joining backslash continuations, numbered by its first physical line. */
    private record Line(int number, String text) {
    }

    private static List<Line> readLogicalLines(Path file) {
        List<String> physical;
        try {
            physical = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, "config file does not exist", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, 0, "config file is not valid UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read config file: " + e, e);
        }
        if (!physical.isEmpty() && physical.get(0).startsWith("\uFEFF")) {
            physical.set(0, physical.get(0).substring(1));
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < physical.size(); i++) {
            int number = i + 1;
            String current = physical.get(i).strip();
            if (current.isEmpty() || current.startsWith("#") || current.startsWith(";")) {
                continue;
            }
            StringBuilder joined = new StringBuilder();
            while (current.endsWith("\\")) {
                joined.append(current.substring(0, current.length() - 1).stripTrailing()).append(' ');
                i++;
                if (i == physical.size()) {
                    throw new ConfigException(file, number,
                            "the line ends with '\\', which continues it, but the file ends there");
                }
                current = physical.get(i).strip();
            }
            joined.append(current);
            lines.add(new Line(number, joined.toString()));
        }
        return lines;
    }

    /** Cuts a {@code ;} or {@code #} comment that follows white space. */
    private static String stripInlineComment(String text) {
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == ';' || c == '#') && Character.isWhitespace(text.charAt(i - 1))) {
                return text.substring(0, i).strip();
            }
        }
        return text;
    }

    /** One pass over one file. */
    private static final class Run {

        private final Path file;
        private final Path baseDir;
        private final ServerConfigBuilder builder;
        private final Map<String, Integer> shareLines = new HashMap<>();
        private int globalLine;
        private ShareDraft share;
        /** Key to the line that set it, in the current section. */
        private final Map<Key, Line> seen = new EnumMap<>(Key.class);
        private Scope scope;

        Run(Path file, ServerConfigBuilder builder) {
            this.file = file;
            Path parent = file.toAbsolutePath().getParent();
            this.baseDir = parent != null ? parent : file.toAbsolutePath();
            this.builder = builder;
        }

        void parse(List<Line> lines) {
            for (Line line : lines) {
                String text = stripInlineComment(line.text());
                if (text.startsWith("[")) {
                    section(line, text);
                } else {
                    int eq = text.indexOf('=');
                    if (eq < 0) {
                        throw error(line, "expected '[section]' or 'key = value', got '" + abbreviate(text) + "'");
                    }
                    parameter(line, text.substring(0, eq).strip(), text.substring(eq + 1).strip());
                }
            }
            finishShare();
        }

        private void section(Line line, String text) {
            finishShare();
            int close = text.indexOf(']');
            if (close < 0) {
                throw error(line, "section header '" + abbreviate(text) + "' has no closing ']'");
            }
            if (close != text.length() - 1) {
                throw error(line, "unexpected text after the section header: '"
                        + abbreviate(text.substring(close + 1).strip()) + "'");
            }
            String name = text.substring(1, close).strip();
            seen.clear();
            String lower = name.toLowerCase(Locale.ROOT);
            switch (lower) {
                case "":
                    throw error(line, "section name is empty");
                case "global":
                    if (globalLine > 0) {
                        throw error(line, "[global] may appear only once (first on line " + globalLine + ")");
                    }
                    globalLine = line.number();
                    scope = Scope.GLOBAL;
                    return;
                case "homes":
                    throw error(line, "[homes] is not supported: every share must be named and given a path");
                case "printers":
                    throw error(line, "[printers] is not supported: Signet serves disk shares only");
                default:
                    break;
            }
            check(line, () -> ShareConfig.checkName(name));
            Integer earlier = shareLines.putIfAbsent(ShareConfig.foldCase(name), line.number());
            if (earlier != null) {
                throw error(line, "share [" + name + "] is defined twice (first on line " + earlier + ")");
            }
            share = new ShareDraft(name, line.number());
            scope = Scope.SHARE;
        }

        private void parameter(Line line, String keyText, String value) {
            if (keyText.isEmpty()) {
                throw error(line, "missing parameter name before '='");
            }
            if (scope == null) {
                throw error(line, "parameter '" + keyText + "' appears before any [section]");
            }
            Key key = Key.lookup(keyText);
            if (key == null) {
                throw error(line, "unknown parameter '" + keyText + "' in " + sectionLabel());
            }
            if (key == Key.ENCRYPTION && scope == Scope.SHARE
                    && Key.normalise(keyText).equals("serversmbencrypt")) {
                throw error(line, "'" + keyText + "' is a [global] parameter and cannot be set in share ["
                        + share.name + "]; a share sets its own with 'smb encrypt'");
            }
            if (key.scope != null && key.scope != scope) {
                throw error(line, key.scope == Scope.GLOBAL
                        ? "'" + keyText + "' is a [global] parameter and cannot be set in share [" + share.name + "]"
                        : "'" + keyText + "' is a share parameter and cannot be set in [global]");
            }
            Line first = seen.putIfAbsent(key, line);
            if (first != null) {
                throw error(line, "'" + keyText + "' sets what line " + first.number() + " already set in "
                        + sectionLabel());
            }
            if (value.isEmpty() && key != Key.COMMENT) {
                throw error(line, "'" + keyText + "' has no value");
            }
            if (scope == Scope.GLOBAL) {
                global(line, key, keyText, value);
            } else {
                share(line, key, keyText, value);
            }
        }

        private void global(Line line, Key key, String keyText, String value) {
            switch (key) {
                case PORT -> {
                    String first = Key.normalise(keyText).equals("smbports") ? value.split("[\\s,]+")[0] : value;
                    int port = integer(line, keyText, first);
                    check(line, () -> ConfigRules.checkPort(port));
                    builder.port(port);
                }
                case BIND_ADDRESS -> {
                    if (Key.normalise(keyText).equals("interfaces")) {
                        if (!ConfigRules.isIpLiteral(value)) {
                            throw error(line, "Signet listens on one address, so '" + keyText
                                    + "' must be a single IP address, got '" + abbreviate(value) + "'");
                        }
                    } else {
                        check(line, () -> ConfigRules.checkBindAddress(value));
                    }
                    builder.bindAddress(value);
                }
                case SIGNING -> {
                    if (Key.normalise(keyText).equals("requiresecuritysignature")) {
                        builder.signing(bool(line, keyText, value) ? SigningPolicy.MANDATORY : SigningPolicy.AUTO);
                    } else {
                        builder.signing(at(line, () -> SigningPolicy.fromName(value)));
                    }
                }
                case MAP_TO_GUEST -> builder.mapToGuest(at(line, () -> MapToGuest.fromName(value)));
                case USERS_FILE -> builder.usersFile(path(line, value));
                case STATE_DIR -> builder.stateDir(path(line, value));
                case NETBIOS_NAME ->
                        builder.serverName(at(line, () -> NetbiosNames.checkNetbiosName(keyText, value)));
                case WORKGROUP -> builder.domain(at(line, () -> NetbiosNames.checkNetbiosName(keyText, value)));
                case MAX_FRAME_SIZE -> {
                    int size = integer(line, keyText, value);
                    check(line, () -> ConfigRules.checkMaxFrameSize(size));
                    builder.maxFrameSize(size);
                }
                case ENCRYPTION -> builder.encryption(at(line, () -> EncryptionPolicy.fromName(value)));
                case ENCRYPTION_CIPHERS -> builder.encryptionCiphers(ciphers(line, value));
                case ACCESS_BASED_SHARE_ENUM -> builder.accessBasedShareEnum(bool(line, keyText, value));
                case REALM -> builder.realm(at(line, () -> {
                    ConfigRules.checkRealm(value);
                    return value;
                }));
                case KERBEROS_KEYTAB -> {
                    Path keytab = path(line, value);
                    check(line, () -> ConfigRules.checkKeytabFile(keytab));
                    builder.kerberosKeytab(keytab);
                }
                case KERBEROS_CLOCK_SKEW -> {
                    Duration skew = Duration.ofSeconds(integer(line, keyText, value));
                    check(line, () -> ConfigRules.checkClockSkew(skew));
                    builder.kerberosClockSkew(skew);
                }
                case KERBEROS_RC4 -> builder.kerberosAllowRc4(bool(line, keyText, value));
                case MULTI_CHANNEL -> builder.multiChannel(bool(line, keyText, value));
                case MAX_CONNECTIONS_PER_ADDRESS, MAX_CONNECTIONS, MAX_SESSIONS_PER_CONNECTION,
                     MAX_OPENS_PER_SESSION, MAX_OPENS_PER_USER, MAX_ASYNC_REQUESTS, HANDSHAKE_TIMEOUT,
                     AUTH_FAILURE_DELAY -> builder.limits(at(line, () -> limit(key, integer(line, keyText, value))));
                default -> throw new IllegalStateException("share key in [global]: " + key);
            }
        }

        /** The builder's limits with the one {@code key} names set to {@code n}. */
        private Limits limit(Key key, int n) {
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
                default -> throw new IllegalStateException("not a limit: " + key);
            };
        }

        private void share(Line line, Key key, String keyText, String value) {
            switch (key) {
                case PATH -> {
                    share.path = path(line, value);
                    share.pathLine = line.number();
                }
                case READ_ONLY -> {
                    boolean flag = bool(line, keyText, value);
                    share.readOnly = Key.normalise(keyText).equals("readonly") ? flag : !flag;
                }
                case COMMENT -> share.comment = value;
                case BROWSEABLE -> share.browseable = bool(line, keyText, value);
                case GUEST_OK -> {
                    share.guestOk = bool(line, keyText, value);
                    share.guestOkLine = line.number();
                }
                case ENCRYPTION -> {
                    share.encryption = at(line, () -> EncryptionPolicy.fromName(value));
                    share.encryptionLine = line.number();
                }
                case VALID_USERS -> {
                    share.validUsers = validUsers(line, keyText, value);
                    share.validUsersLine = line.number();
                }
                case NT_ACL_SUPPORT -> share.ntAclSupport = bool(line, keyText, value);
                default -> throw new IllegalStateException("[global] key in a share: " + key);
            }
        }

        private void finishShare() {
            if (share == null) {
                return;
            }
            ShareDraft draft = share;
            share = null;
            if (draft.path == null) {
                throw new ConfigException(file, draft.line, "share [" + draft.name + "] has no 'path'");
            }
            ShareConfig config = new ShareConfig(draft.name, draft.path, draft.readOnly, draft.comment,
                    draft.browseable, draft.guestOk, draft.encryption, draft.validUsers, draft.ntAclSupport);
            builder.share(config, new ServerConfigBuilder.ShareSource(file, draft.line, draft.pathLine,
                    draft.guestOkLine > 0 ? draft.guestOkLine : draft.line,
                    draft.encryptionLine > 0 ? draft.encryptionLine : draft.line,
                    draft.validUsersLine > 0 ? draft.validUsersLine : draft.line));
        }

        private String sectionLabel() {
            return scope == Scope.GLOBAL ? "[global]" : "share [" + share.name + "]";
        }

        private Path path(Line line, String value) {
            try {
                return baseDir.resolve(value).normalize();
            } catch (InvalidPathException e) {
                throw error(line, "'" + abbreviate(value) + "' is not a valid path: " + e.getReason());
            }
        }

        /** Samba's syntax: cipher names separated by spaces or commas, most preferred first. */
        private List<EncryptionCipher> ciphers(Line line, String value) {
            List<EncryptionCipher> ciphers = new ArrayList<>();
            for (String name : value.split("[\\s,]+")) {
                if (!name.isEmpty()) {
                    ciphers.add(at(line, () -> EncryptionCipher.fromName(name)));
                }
            }
            return at(line, () -> ConfigRules.checkEncryptionCiphers(ciphers));
        }

        /**
         * Samba's syntax: user names separated by commas or white space. Two commas with nothing between them, or
         * a comma at either end, leave an empty name.
         */
        private List<String> validUsers(Line line, String keyText, String value) {
            List<String> names = new ArrayList<>();
            for (String piece : value.split(",", -1)) {
                String stripped = piece.strip();
                if (stripped.isEmpty()) {
                    throw error(line, "'" + keyText + "' has an empty name in '" + abbreviate(value) + "'");
                }
                for (String name : stripped.split("\\s+")) {
                    check(line, () -> ShareConfig.checkValidUser(share.name, name));
                    names.add(name);
                }
            }
            return names;
        }

        private int integer(Line line, String keyText, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw error(line, "'" + keyText + "' must be a whole number, got '" + abbreviate(value) + "'");
            }
        }

        private boolean bool(Line line, String keyText, String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "yes", "true", "1", "on":
                    return true;
                case "no", "false", "0", "off":
                    return false;
                default:
                    throw error(line, "'" + keyText + "' must be yes or no (or true/false, 1/0, on/off), got '"
                            + abbreviate(value) + "'");
            }
        }

        /** Runs a check that knows why but not where, and adds this file and line to its complaint. */
        private void check(Line line, Runnable check) {
            at(line, () -> {
                check.run();
                return null;
            });
        }

        /** Like {@link #check}, for a check that also returns the value it accepted. */
        private <T> T at(Line line, Supplier<T> check) {
            try {
                return check.get();
            } catch (ConfigException e) {
                if (e.file() != null) {
                    throw e;
                }
                throw new ConfigException(file, line.number(), e.reason(), e);
            }
        }

        private ConfigException error(Line line, String reason) {
            return new ConfigException(file, line.number(), reason);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** A share section being read; becomes a {@link ShareConfig} at the next section or the end of the file. */
    private static final class ShareDraft {
        final String name;
        final int line;
        Path path;
        int pathLine;
        boolean readOnly = true; // Samba's default
        String comment = "";
        boolean browseable = true;
        boolean guestOk;
        int guestOkLine;
        /** {@code null}: the share follows the server's setting. */
        EncryptionPolicy encryption;
        int encryptionLine;
        /** Empty: every user may connect. */
        List<String> validUsers = List.of();
        int validUsersLine;
        boolean ntAclSupport = true;

        ShareDraft(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }
}

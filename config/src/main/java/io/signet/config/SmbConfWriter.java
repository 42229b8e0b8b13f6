package io.signet.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes a {@link ServerConfig} in the {@code smb.conf} dialect {@link SmbConfParser} reads: a {@code [global]}
 * section with every global key and its effective value, defaults included, then one section per share with every
 * share key. Keys use the parser's canonical spelling and values a spelling it accepts, so parsing the text back
 * gives an equal configuration.
 *
 * <p>A few settings have no value the file can express, and are written as comment lines instead: a setting that
 * is not set ({@code bind address}, {@code users file}, {@code state dir}, {@code admin socket}, Kerberos; a share's
 * {@code smb encrypt} that follows the server's, an empty {@code valid users}), since the parser refuses an empty
 * value; and what only the builder or the command line can set (inline users, durations finer than the file's
 * unit, text the file syntax would cut or change). Passwords are never written.
 */
public final class SmbConfWriter {

    /** A {@code ;} or {@code #} after white space starts a comment; a trailing backslash continues the line. */
    private static final Pattern CUT_BY_PARSER = Pattern.compile("\\s[;#]|\\\\$|[\\r\\n]");

    private final StringBuilder out = new StringBuilder();

    private SmbConfWriter() {
    }

    /** The configuration as {@code smb.conf} text, ending in a newline. */
    public static String write(ServerConfig config) {
        SmbConfWriter w = new SmbConfWriter();
        w.global(config);
        for (ShareConfig share : config.shares()) {
            w.out.append('\n');
            w.share(share);
        }
        return w.out.toString();
    }

    private void global(ServerConfig c) {
        out.append("[global]\n");
        key("port", Integer.toString(c.port()));
        optional("bind address", c.bindAddress(), "all interfaces");
        key("server signing", c.signing().name().toLowerCase(Locale.ROOT));
        key("map to guest", c.mapToGuest() == MapToGuest.BAD_USER ? "bad user" : "never");
        optional("users file", path(c.usersFile()), "only the users given outside the file");
        optional("state dir", path(c.stateDir()), "a new server GUID at each start, the machine SID in ~/.signet");
        optional("admin socket", path(c.adminSocket()),
                "admin.sock in the state dir, else in $XDG_RUNTIME_DIR/signet or a private temporary directory");
        metrics(c.metrics());
        key("netbios name", c.serverName());
        key("workgroup", c.domain());
        key("max frame size", Integer.toString(c.maxFrameSize()));
        key("server smb encrypt", encryption(c.encryption()));
        key("server smb encrypt algorithms", ciphers(c.encryptionCiphers()));
        key("access based share enum", yesNo(c.accessBasedShareEnum()));
        optional("realm", c.realm(), "no Kerberos");
        optional("kerberos keytab", path(c.kerberosKeytab()), "no Kerberos");
        seconds("kerberos clock skew", c.kerberosClockSkew());
        key("kerberos rc4", yesNo(c.kerberosAllowRc4()));
        key("server multi channel support", yesNo(c.multiChannel()));
        limits(c.limits());
        key("notify max queued changes", Integer.toString(c.changeNotify().maxQueuedChanges()));
        key("notify max buffer size", Integer.toString(c.changeNotify().maxBufferBytes()));
        key("notify max watches", Integer.toString(c.changeNotify().maxWatches()));
        key("notify local changes", yesNo(c.changeNotify().localChanges()));
        key("smb2 max credits", Integer.toString(c.io().maxCredits()));
        key("io threads", Integer.toString(c.io().ioThreads()));
        key("io max bytes in flight", Integer.toString(c.io().maxBytesInFlight()));
        if (!c.users().isEmpty()) {
            comment(c.users().size() + " inline user(s) given outside the file, which has no key for them: "
                    + String.join(", ", c.users().keySet()));
        }
    }

    private void metrics(MetricsEndpoint m) {
        key("metrics port", Integer.toString(m == null ? 0 : m.port()));
        key("metrics bind", m == null ? MetricsEndpoint.DEFAULT_BIND : m.bindAddress());
        if (m == null) {
            comment("metrics port 0: no metrics endpoint");
        } else if (m.port() == 0) {
            comment("the metrics endpoint takes any free port, which the file cannot say (0 there turns it off)");
        }
    }

    private void limits(Limits l) {
        key("max connections per address", Integer.toString(l.maxConnectionsPerAddress()));
        key("max connections", Integer.toString(l.maxConnections()));
        key("max sessions per connection", Integer.toString(l.maxSessionsPerConnection()));
        key("max opens per session", Integer.toString(l.maxOpensPerSession()));
        key("max opens per user", Integer.toString(l.maxOpensPerUser()));
        key("max async requests per connection", Integer.toString(l.maxAsyncRequestsPerConnection()));
        seconds("handshake timeout", l.handshakeTimeout());
        Duration delay = l.authFailureDelay();
        key("auth failure delay", Long.toString(delay.toMillis()));
        if (delay.toNanosPart() % 1_000_000 != 0) {
            comment("auth failure delay is " + delay + ", which the file can only give in whole milliseconds");
        }
        key("oplock break timeout", Long.toString(l.breakTimeout().toMillis()));
        key("max leases per client", Integer.toString(l.maxLeasesPerClient()));
        key("max pending breaks", Integer.toString(l.maxPendingBreaks()));
        key("max pending breaks per user", Integer.toString(l.maxPendingBreaksPerUser()));
        key("max durable opens", Integer.toString(l.maxDurableOpens()));
        seconds("max durable timeout", l.maxDurableTimeout());
        key("max durable opens per user", Integer.toString(l.maxDurableOpensPerUser()));
    }

    private void share(ShareConfig s) {
        if (CUT_BY_PARSER.matcher(s.name()).find()) {
            comment("the share name '" + s.name().replaceAll("[\\r\\n]", " ")
                    + "' cannot be read back from a section header");
        }
        out.append('[').append(s.name()).append("]\n");
        key("path", path(s.path()));
        key("read only", yesNo(s.readOnly()));
        key("comment", s.comment());
        key("browseable", yesNo(s.browseable()));
        key("guest ok", yesNo(s.guestOk()));
        if (s.encryption() == null) {
            comment("smb encrypt is not set: the share follows the server's");
        } else {
            key("smb encrypt", encryption(s.encryption()));
        }
        if (s.validUsers().isEmpty()) {
            comment("valid users is not set: every user may connect");
        } else {
            key("valid users", String.join(", ", s.validUsers()));
            if (s.validUsers().stream().anyMatch(SmbConfWriter::holdsSeparator)) {
                comment("a valid users name holds a comma or white space, which the file reads as a separator");
            }
        }
        key("nt acl support", yesNo(s.ntAclSupport()));
        key("continuous availability", yesNo(s.continuousAvailability()));
    }

    private void key(String key, String value) {
        out.append('\t').append(key).append(" = ").append(value).append('\n');
        if (!value.equals(value.strip()) || CUT_BY_PARSER.matcher(value).find()) {
            comment("the value of " + key + " has leading or trailing white space, a ';' or '#' after white space,"
                    + " a trailing backslash or a line break, which the file syntax would change");
        }
    }

    /** A setting whose absence means something; the parser has no empty value for it. */
    private void optional(String key, String value, String meaning) {
        if (value == null) {
            comment(key + " is not set: " + meaning);
        } else {
            key(key, value);
        }
    }

    private void seconds(String key, Duration d) {
        key(key, Long.toString(d.getSeconds()));
        if (d.getNano() != 0) {
            comment(key + " is " + d + ", which the file can only give in whole seconds");
        }
    }

    private void comment(String text) {
        out.append("\t# ").append(text).append('\n');
    }

    private static String path(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize().toString();
    }

    private static String encryption(EncryptionPolicy policy) {
        return policy.name().toLowerCase(Locale.ROOT);
    }

    private static String ciphers(List<EncryptionCipher> ciphers) {
        StringBuilder sb = new StringBuilder();
        for (EncryptionCipher cipher : ciphers) {
            sb.append(sb.length() == 0 ? "" : ", ").append(cipher.configName());
        }
        return sb.toString();
    }

    private static boolean holdsSeparator(String name) {
        return name.chars().anyMatch(ch -> ch == ',' || Character.isWhitespace(ch));
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}

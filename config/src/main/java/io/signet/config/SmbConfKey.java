package io.signet.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Every {@code smb.conf} key Signet understands; the first spelling is the canonical one, the rest are Samba's
 * synonyms.
 */
enum SmbConfKey {
    PORT(Scope.GLOBAL, "port", "smb ports"),
    BIND_ADDRESS(Scope.GLOBAL, "bind address", "interfaces"),
    SIGNING(Scope.GLOBAL, "server signing", "require security signature"),
    MAP_TO_GUEST(Scope.GLOBAL, "map to guest"),
    USERS_FILE(Scope.GLOBAL, "users file"),
    STATE_DIR(Scope.GLOBAL, "state dir", "state directory"),
    ADMIN_SOCKET(Scope.GLOBAL, "admin socket"),
    METRICS_PORT(Scope.GLOBAL, "metrics port"),
    METRICS_BIND(Scope.GLOBAL, "metrics bind"),
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
    /** Milliseconds. */
    BREAK_TIMEOUT(Scope.GLOBAL, "oplock break timeout"),
    MAX_LEASES_PER_CLIENT(Scope.GLOBAL, "max leases per client"),
    MAX_PENDING_BREAKS(Scope.GLOBAL, "max pending breaks"),
    MAX_PENDING_BREAKS_PER_USER(Scope.GLOBAL, "max pending breaks per user"),
    MAX_DURABLE_OPENS(Scope.GLOBAL, "max durable opens"),
    MAX_DURABLE_TIMEOUT(Scope.GLOBAL, "max durable timeout"),
    MAX_DURABLE_OPENS_PER_USER(Scope.GLOBAL, "max durable opens per user"),
    NOTIFY_MAX_QUEUED_CHANGES(Scope.GLOBAL, "notify max queued changes"),
    NOTIFY_MAX_BUFFER_SIZE(Scope.GLOBAL, "notify max buffer size"),
    NOTIFY_MAX_WATCHES(Scope.GLOBAL, "notify max watches"),
    NOTIFY_LOCAL_CHANGES(Scope.GLOBAL, "notify local changes"),
    SMB2_MAX_CREDITS(Scope.GLOBAL, "smb2 max credits"),
    IO_THREADS(Scope.GLOBAL, "io threads"),
    IO_MAX_BYTES_IN_FLIGHT(Scope.GLOBAL, "io max bytes in flight"),
    PATH(Scope.SHARE, "path"),
    READ_ONLY(Scope.SHARE, "read only", "writable", "writeable"),
    COMMENT(Scope.SHARE, "comment"),
    BROWSEABLE(Scope.SHARE, "browseable", "browsable"),
    GUEST_OK(Scope.SHARE, "guest ok", "public"),
    VALID_USERS(Scope.SHARE, "valid users"),
    NT_ACL_SUPPORT(Scope.SHARE, "nt acl support"),
    CONTINUOUS_AVAILABILITY(Scope.SHARE, "continuous availability");

    /** The kind of section a key may appear in. */
    enum Scope { GLOBAL, SHARE }

    private static final Map<String, SmbConfKey> BY_NAME = new HashMap<>();

    static {
        for (SmbConfKey key : values()) {
            for (String spelling : key.spellings) {
                BY_NAME.put(normalise(spelling), key);
            }
        }
    }

    /** The section kind the key belongs to; {@code null} for a key allowed in both. */
    final Scope scope;
    private final String[] spellings;

    SmbConfKey(Scope scope, String... spellings) {
        this.scope = scope;
        this.spellings = spellings;
    }

    /** The key {@code key} spells, or {@code null} when Signet does not know it. */
    static SmbConfKey lookup(String key) {
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

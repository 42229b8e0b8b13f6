package io.signet.config;

import java.util.Locale;

/**
 * Samba's {@code map to guest}: which failed logons become guest sessions instead of failures. Guest sessions have no
 * session key and cannot sign, so anything but {@link #NEVER} needs {@code server signing = auto}; a guest session
 * then reaches IPC$ and the shares with {@code guest ok = yes}, nothing else.
 */
public enum MapToGuest {
    /** Every failed logon fails (Samba's default, and Windows' with the Guest account disabled). The default. */
    NEVER,
    /**
     * A logon with a user name the server does not know becomes a guest session (Samba's "bad user"); a known user
     * with a wrong password still fails.
     */
    BAD_USER;

    /**
     * Reads the setting by its configuration name, ignoring case and spaces: {@code never} or {@code bad user}.
     *
     * @throws ConfigException for any other value; Samba's "bad password" and "bad uid" are named as unsupported
     */
    public static MapToGuest fromName(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "");
        return switch (v) {
            case "never" -> NEVER;
            case "baduser" -> BAD_USER;
            case "badpassword", "baduid" -> throw new ConfigException("map to guest = '" + value.strip()
                    + "' is not supported: a wrong password must never become a guest logon; use 'never' or 'bad user'");
            default -> throw new ConfigException("map to guest must be 'never' or 'bad user', got '" + value.strip()
                    + "'");
        };
    }
}

package io.signet.config;

import java.util.Locale;

/**
 * Whether the server requires SMB2 signing.
 *
 * <p>There is no "disabled": every SMB2 server supports signing, and a session with a session key signs whenever the
 * client or the server requires it ([MS-SMB2] 3.3.5.5.3).
 */
public enum SigningPolicy {

    /** The server sets SMB2_NEGOTIATE_SIGNING_REQUIRED (RequireSecuritySignature = 1). The default. */
    MANDATORY,

    /** Signing is enabled but required only when the client asks for it (Samba's {@code server signing = auto}). */
    AUTO;

    /**
     * Reads a policy by its configuration name: {@code mandatory} or {@code required} for {@link #MANDATORY},
     * {@code auto} for {@link #AUTO}, ignoring case.
     *
     * @throws ConfigException for any other value, with an explanation when the value asks to turn signing off
     */
    public static SigningPolicy fromName(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        switch (v) {
            case "mandatory":
            case "required":
                return MANDATORY;
            case "auto":
                return AUTO;
            case "disabled":
            case "off":
            case "no":
            case "false":
                throw new ConfigException("server signing cannot be '" + value.strip()
                        + "': SMB2 signing cannot be disabled, use 'auto' to sign only when the client asks");
            default:
                throw new ConfigException("server signing must be 'mandatory', 'required' or 'auto', got '"
                        + value.strip() + "'");
        }
    }
}

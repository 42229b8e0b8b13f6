package io.signet.config;

import java.util.Locale;

/**
 * Whether the server encrypts SMB3 traffic, with the values of Samba's {@code server smb encrypt} and
 * {@code smb encrypt}.
 *
 * <p>Encryption needs a session key, so it never applies to guest or anonymous sessions; and an encrypted message
 * is also integrity-protected, so no signing policy conflicts with any of these values.
 */
public enum EncryptionPolicy {

    /** The server does not offer encryption and refuses to encrypt. */
    OFF,

    /** The server offers encryption and encrypts when the client asks for it. Samba's default. */
    IF_REQUIRED,

    /** The server asks for encryption but still serves clients that cannot encrypt, unencrypted. */
    DESIRED,

    /** Every message must be encrypted; clients that cannot encrypt are refused. */
    REQUIRED;

    /**
     * Reads a policy by its configuration name, ignoring case and surrounding white space: {@code off} (also
     * {@code no}, {@code false}, {@code disabled}), {@code if_required} (also {@code default}, {@code auto},
     * {@code enabled}), {@code desired}, {@code required} (also {@code mandatory}, {@code forced}).
     *
     * @throws ConfigException for any other value, naming the valid ones
     */
    public static EncryptionPolicy fromName(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        switch (v) {
            case "off":
            case "no":
            case "false":
            case "disabled":
                return OFF;
            case "if_required":
            case "default":
            case "auto":
            case "enabled":
                return IF_REQUIRED;
            case "desired":
                return DESIRED;
            case "required":
            case "mandatory":
            case "forced":
                return REQUIRED;
            default:
                throw new ConfigException("smb encrypt must be 'off', 'if_required', 'desired' or 'required'"
                        + " (also 'no', 'false', 'disabled'; 'default', 'auto', 'enabled'; 'mandatory', 'forced'),"
                        + " got '" + value.strip() + "'");
        }
    }
}

package io.signet.config;

/**
 * An SMB 3.1.1 encryption cipher ([MS-SMB2] 2.2.3.1.2), named as in Samba's
 * {@code server smb encrypt algorithms}.
 */
public enum EncryptionCipher {

    AES_128_GCM("AES-128-GCM"),
    AES_128_CCM("AES-128-CCM"),
    AES_256_GCM("AES-256-GCM"),
    AES_256_CCM("AES-256-CCM");

    private final String configName;

    EncryptionCipher(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files, such as {@code AES-128-GCM}. */
    public String configName() {
        return configName;
    }

    /**
     * Reads a cipher by its configuration name, ignoring case and surrounding white space.
     *
     * @throws ConfigException for any other value, naming the valid ones
     */
    public static EncryptionCipher fromName(String value) {
        String v = value.strip();
        for (EncryptionCipher cipher : values()) {
            if (cipher.configName.equalsIgnoreCase(v)) {
                return cipher;
            }
        }
        StringBuilder names = new StringBuilder();
        for (EncryptionCipher cipher : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(cipher.configName);
        }
        throw new ConfigException("encryption cipher must be one of " + names + ", got '" + v + "'");
    }
}

package io.signet.config;

/**
 * Bulk READ and WRITE: how many requests one connection may keep in flight. Immutable.
 *
 * @param maxCredits the most credits (message ids, [MS-SMB2] 3.3.1.1) one connection may hold at once
 *                   ({@code smb2 max credits}, as in Samba); each 64 KiB of a READ or WRITE costs one credit
 *                   (3.3.5.2.5), so this bounds the bytes a client can have in flight to 64 KiB times it
 */
public record IoSettings(int maxCredits) {
    /** What Windows Server (Smb2CreditsMax) and Samba grant: 512 MiB of 64 KiB credits. */
    public static final int DEFAULT_MAX_CREDITS = 8192;
    /**
     * The fewest credits that still let a client keep 8 MiB in flight (8 x 1 MiB at 16 credits each), and one
     * request of the largest size offered (MaxReadSize 8 MiB, 128 credits).
     */
    public static final int MIN_MAX_CREDITS = 128;
    /** CreditResponse is 16 bits ([MS-SMB2] 2.2.1). */
    public static final int MAX_MAX_CREDITS = 65535;

    public static final IoSettings DEFAULT = new IoSettings(DEFAULT_MAX_CREDITS);

    public IoSettings {
        if (maxCredits < MIN_MAX_CREDITS || maxCredits > MAX_MAX_CREDITS) {
            throw new ConfigException("smb2 max credits must be between " + MIN_MAX_CREDITS + " and "
                    + MAX_MAX_CREDITS + ", got " + maxCredits);
        }
    }

    public IoSettings withMaxCredits(int n) {
        return new IoSettings(n);
    }
}

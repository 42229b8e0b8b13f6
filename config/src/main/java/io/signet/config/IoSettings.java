package io.signet.config;

/**
 * Bulk READ and WRITE: how many requests one connection may keep in flight and the threads that do their file I/O.
 * Immutable.
 *
 * @param maxCredits         the most credits (message ids, [MS-SMB2] 3.3.1.1) one connection may hold at once
 *                           ({@code smb2 max credits}, as in Samba); each 64 KiB of a READ or WRITE costs one credit
 *                           (3.3.5.2.5), so this bounds the bytes a client can have in flight to 64 KiB times it
 * @param ioThreads          threads doing the file I/O, signing and encryption of READ and WRITE for all connections
 *                           ({@code io threads}), so that one connection's requests run side by side; 0 keeps that
 *                           work on the connection's own thread, one request at a time
 * @param maxBytesInFlight   READ and WRITE bytes one connection may have on those threads at once
 *                           ({@code io max bytes in flight}); past it the connection's next requests wait, and reading
 *                           from its socket stops while they pile up
 */
public record IoSettings(int maxCredits, int ioThreads, int maxBytesInFlight) {
    /** What Windows Server (Smb2CreditsMax) and Samba grant: 512 MiB of 64 KiB credits. */
    public static final int DEFAULT_MAX_CREDITS = 8192;
    /**
     * The fewest credits that still let a client keep 8 MiB in flight (8 x 1 MiB at 16 credits each), and one
     * request of the largest size offered (MaxReadSize 8 MiB, 128 credits).
     */
    public static final int MIN_MAX_CREDITS = 128;
    /** CreditResponse is 16 bits ([MS-SMB2] 2.2.1). */
    public static final int MAX_MAX_CREDITS = 65535;
    /**
     * Two per core: the threads block on the disk about as long as they sign or encrypt, and a core's second thread
     * keeps it busy meanwhile.
     */
    public static final int DEFAULT_IO_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    public static final int MAX_IO_THREADS = 1024;
    /** Twice the 8 MiB a client keeps in flight, so one connection's next requests are read while its I/O runs. */
    public static final int DEFAULT_MAX_BYTES_IN_FLIGHT = 16 * 1024 * 1024;
    /** One largest READ or WRITE (MaxReadSize, 8 MiB) must fit. */
    public static final int MIN_MAX_BYTES_IN_FLIGHT = 8 * 1024 * 1024;
    public static final int MAX_MAX_BYTES_IN_FLIGHT = 1024 * 1024 * 1024;

    public static final IoSettings DEFAULT = new IoSettings(DEFAULT_MAX_CREDITS, DEFAULT_IO_THREADS,
            DEFAULT_MAX_BYTES_IN_FLIGHT);

    public IoSettings {
        check("smb2 max credits", maxCredits, MIN_MAX_CREDITS, MAX_MAX_CREDITS);
        check("io threads", ioThreads, 0, MAX_IO_THREADS);
        check("io max bytes in flight", maxBytesInFlight, MIN_MAX_BYTES_IN_FLIGHT, MAX_MAX_BYTES_IN_FLIGHT);
    }

    public IoSettings withMaxCredits(int n) {
        return new IoSettings(n, ioThreads, maxBytesInFlight);
    }

    public IoSettings withIoThreads(int n) {
        return new IoSettings(maxCredits, n, maxBytesInFlight);
    }

    public IoSettings withMaxBytesInFlight(int n) {
        return new IoSettings(maxCredits, ioThreads, n);
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}

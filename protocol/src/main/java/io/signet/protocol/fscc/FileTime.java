package io.signet.protocol.fscc;

import java.time.Instant;

/**
 * [MS-DTYP] 2.3.3 FILETIME as used by [MS-FSCC]: a signed 64-bit count of 100-nanosecond intervals since
 * 1601-01-01T00:00:00Z.
 */
public final class FileTime {
    /** Seconds from 1601-01-01 to 1970-01-01. */
    static final long SECONDS_1601_TO_1970 = 11_644_473_600L;
    private static final long TICKS_PER_SECOND = 10_000_000L;
    /** The FILETIME of 1970-01-01T00:00:00Z, the Unix epoch. */
    public static final long UNIX_EPOCH = SECONDS_1601_TO_1970 * TICKS_PER_SECOND;
    private static final long MAX_SECONDS = Long.MAX_VALUE / TICKS_PER_SECOND - SECONDS_1601_TO_1970 - 1;

    private FileTime() {
    }

    /**
     * Converts an instant to a FILETIME, truncating below 100 ns. Instants before 1601 become 0 and instants past
     * the year 30828 become {@link Long#MAX_VALUE}: neither can be represented on the wire.
     */
    public static long fromInstant(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < -SECONDS_1601_TO_1970) {
            return 0;
        }
        if (seconds > MAX_SECONDS) {
            return Long.MAX_VALUE;
        }
        return (seconds + SECONDS_1601_TO_1970) * TICKS_PER_SECOND + t.getNano() / 100;
    }

    /** Converts a FILETIME to an instant; negative values (which SET_INFO gives special meanings) still convert. */
    public static Instant toInstant(long filetime) {
        long seconds = Math.floorDiv(filetime, TICKS_PER_SECOND) - SECONDS_1601_TO_1970;
        long nanos = Math.floorMod(filetime, TICKS_PER_SECOND) * 100;
        return Instant.ofEpochSecond(seconds, nanos);
    }
}

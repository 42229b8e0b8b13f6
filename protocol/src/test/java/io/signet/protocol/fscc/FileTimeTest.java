package io.signet.protocol.fscc;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FileTimeTest {
    @Test
    void unixEpochIsTheWellKnownFiletime() {
        // 369 years of 100 ns ticks, 0x019DB1DED53E8000.
        assertEquals(116_444_736_000_000_000L, FileTime.fromInstant(Instant.EPOCH));
        assertEquals(Instant.EPOCH, FileTime.toInstant(0x019DB1DED53E8000L));
    }

    @Test
    void year1601IsZero() {
        Instant start = Instant.parse("1601-01-01T00:00:00Z");
        assertEquals(0, FileTime.fromInstant(start));
        assertEquals(start, FileTime.toInstant(0));
    }

    @Test
    void keepsHundredNanosecondPrecisionAndTruncatesBelow() {
        Instant t = Instant.parse("2000-01-01T00:00:00.000000123Z");
        long ft = FileTime.fromInstant(t);
        assertEquals(125_911_584_000_000_001L, ft);
        assertEquals(Instant.parse("2000-01-01T00:00:00.000000100Z"), FileTime.toInstant(ft));
    }

    @Test
    void clampsWhatTheWireCannotCarry() {
        assertEquals(0, FileTime.fromInstant(Instant.parse("1500-06-01T00:00:00Z")));
        assertEquals(Long.MAX_VALUE, FileTime.fromInstant(Instant.MAX));
    }

    @Test
    void negativeValuesStillConvert() {
        assertEquals(Instant.parse("1600-12-31T23:59:59.999999900Z"), FileTime.toInstant(-1));
    }
}

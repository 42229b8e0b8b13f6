package io.signet.storage.io;

import io.signet.protocol.fsctl.AllocatedRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AllocatedRangeScanTest {
    private static final int UNIT = 4096;
    private static final int MAX = Integer.MAX_VALUE;

    @TempDir
    Path dir;
    FileChannel ch;
    final AllocatedRangeScan scan = new AllocatedRangeScan(UNIT, AllocatedRangeScan.SCAN_LIMIT);

    @BeforeEach
    void open() throws IOException {
        ch = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    @AfterEach
    void close() throws IOException {
        ch.close();
    }

    private void data(long offset, int length) throws IOException {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) 0x5A);
        ch.write(ByteBuffer.wrap(b), offset);
    }

    private void size(long size) throws IOException {
        if (ch.size() < size) {
            ch.write(ByteBuffer.allocate(1), size - 1);
        }
    }

    private static AllocatedRange r(long offset, long length) {
        return new AllocatedRange(offset, length);
    }

    @Test
    void aFileThatIsNotSparseIsOneRangeClippedToTheEndOfFile() throws IOException {
        size(128 * 1024);   // all zeros: still allocated, as on NTFS
        assertEquals(List.of(r(0, 128 * 1024 - 1)), scan.scan(ch, 0, 128 * 1024 - 1, ch.size(), false, MAX));
        assertEquals(List.of(r(0, 128 * 1024)), scan.scan(ch, 0, 128 * 1024 + 1, ch.size(), false, MAX));
        assertEquals(List.of(r(1, 128 * 1024 - 1)), scan.scan(ch, 1, 128 * 1024, ch.size(), false, MAX));
    }

    @Test
    void emptyQueriesAndQueriesPastTheEndFindNothing() throws IOException {
        data(0, 4096);
        for (boolean sparse : new boolean[] {false, true}) {
            assertEquals(List.of(), scan.scan(ch, 0, 0, ch.size(), sparse, MAX));
            assertEquals(List.of(), scan.scan(ch, 4096, 1024, ch.size(), sparse, MAX));
            assertEquals(List.of(), scan.scan(ch, 8192, Long.MAX_VALUE - 8192, ch.size(), sparse, MAX));
        }
    }

    @Test
    void aSparseFileLeavesOutAllZeroUnits() throws IOException {
        data(4096, 1024);   // smbtorture sparse_qar: 1 KiB at 4 KiB, end of file 5 KiB
        assertEquals(List.of(), scan.scan(ch, 0, 4096, ch.size(), true, MAX));
        assertEquals(List.of(r(4096, 1024)), scan.scan(ch, 0, 8192, ch.size(), true, MAX));
    }

    @Test
    void unitsAreClippedToTheQuery() throws IOException {
        data(0, 64 * 1024);
        size(128 * 1024);   // a hole after the first 64 KiB (smbtorture sparse_qar_ob1)
        assertEquals(List.of(r(0, 64 * 1024 - 1)), scan.scan(ch, 0, 64 * 1024 - 1, ch.size(), true, MAX));
        assertEquals(List.of(r(0, 64 * 1024)), scan.scan(ch, 0, 64 * 1024 + 1, ch.size(), true, MAX));
        assertEquals(List.of(r(1, 64 * 1024 - 1)), scan.scan(ch, 1, 64 * 1024, ch.size(), true, MAX));
        assertEquals(List.of(r(64 * 1024 - 1, 1)), scan.scan(ch, 64 * 1024 - 1, 64 * 1024, ch.size(), true, MAX));
        assertEquals(List.of(), scan.scan(ch, 64 * 1024 + 1, 64 * 1024, ch.size(), true, MAX));
    }

    @Test
    void oneNonZeroByteKeepsItsWholeUnitAndNeighboursMerge() throws IOException {
        data(3 * UNIT + 17, 1);
        data(4 * UNIT, 1);
        data(9 * UNIT + UNIT - 1, 1);
        assertEquals(List.of(r(3 * UNIT, 2 * UNIT), r(9 * UNIT, UNIT)),
                scan.scan(ch, 0, 10 * UNIT, ch.size(), true, MAX));
    }

    @Test
    void theScanStopsAtTheLimit() throws IOException {
        for (int i = 0; i < 10; i++) {
            data(2L * i * UNIT, UNIT);
        }
        List<AllocatedRange> three = scan.scan(ch, 0, ch.size(), ch.size(), true, 3);
        assertEquals(List.of(r(0, UNIT), r(2 * UNIT, UNIT), r(4 * UNIT, UNIT)), three);
        assertEquals(10, scan.scan(ch, 0, ch.size(), ch.size(), true, MAX).size());
    }

    @Test
    void beyondTheScanLimitTheRestIsReportedAllocated() throws IOException {
        AllocatedRangeScan small = new AllocatedRangeScan(UNIT, 4 * UNIT);
        size(10 * UNIT);
        data(UNIT, 1);
        assertEquals(List.of(r(UNIT, UNIT), r(4 * UNIT, 6 * UNIT)),
                small.scan(ch, 0, ch.size(), ch.size(), true, MAX));
        data(3 * UNIT, 1);
        assertEquals(List.of(r(UNIT, UNIT), r(3 * UNIT, 7 * UNIT)),
                small.scan(ch, 0, ch.size(), ch.size(), true, MAX), "the scanned tail merges with the rest");
        assertEquals(List.of(r(3 * UNIT, UNIT), r(6 * UNIT, 4 * UNIT)),
                small.scan(ch, 2 * UNIT + 5, ch.size(), ch.size(), true, MAX),
                "the limit counts from the unit holding the query's first byte");
    }

    @Test
    void aFileThatShrankUnderTheScanHoldsNoDataPastItsEnd() throws IOException {
        data(0, UNIT);
        assertEquals(List.of(r(0, UNIT)), scan.scan(ch, 0, 4 * UNIT, 4 * UNIT, true, MAX));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AllocatedRangeScan(3000, 3000));
        assertThrows(IllegalArgumentException.class, () -> new AllocatedRangeScan(UNIT, UNIT + 1));
        assertThrows(IllegalArgumentException.class, () -> scan.scan(ch, -1, 1, 0, true, MAX));
        assertThrows(IllegalArgumentException.class, () -> scan.scan(ch, 1, Long.MAX_VALUE, 0, true, MAX));
        assertThrows(IllegalArgumentException.class, () -> scan.scan(ch, 0, 1, 0, true, 0));
    }
}

package io.signet.storage.io;

import io.signet.protocol.fsctl.AllocatedRange;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Answers FSCTL_QUERY_ALLOCATED_RANGES ([MS-FSA] 2.1.5.10.22) without the file system's allocation map, which
 * java.nio cannot read (no SEEK_DATA / SEEK_HOLE, no FIEMAP).
 *
 * <p>[MS-FSCC] 2.3.52 lets an allocated range contain zeros ("because an application using a sparse file can choose
 * whether or not to allocate disk space for each sequence of 0x00-valued bytes"), so reporting more than is really
 * allocated is always a correct answer; leaving out a range that holds data is never. Hence:
 * <ul>
 *   <li>a file that is not sparse is allocated throughout: the query range clipped to the end of file is one range,
 *       which is what NTFS answers;</li>
 *   <li>in a sparse file every allocation unit (cluster, the unit FileFsSizeInformation reports) of the query range
 *       is read, and the units that are all zeros are left out: a range reported is one that may hold data. Units
 *       are aligned to the cluster grid of the file, and the first and last are clipped to the query and to the end
 *       of file, as NTFS clips its clusters.</li>
 * </ul>
 *
 * <p>One query reads at most {@link #SCAN_LIMIT} bytes; what lies beyond that in a larger query range is reported as
 * allocated without being read. That keeps the work of one request bounded and the answer correct (conservative);
 * a client that wants the exact picture asks again from the end of the last range, as clients of NTFS already do
 * when the output buffer fills.
 */
public final class AllocatedRangeScan {
    /** The most bytes one query reads. */
    public static final long SCAN_LIMIT = 256L * 1024 * 1024;
    /** Bytes read at a time: a whole number of allocation units. */
    private static final int READ_SIZE = 256 * 1024;

    private final int unit;
    private final long scanLimit;
    private final byte[] zeros;

    /**
     * @param unit      the allocation unit in bytes; a power of two that divides {@link #READ_SIZE}
     * @param scanLimit the most bytes one query reads; a multiple of {@code unit}
     */
    public AllocatedRangeScan(int unit, long scanLimit) {
        if (unit <= 0 || READ_SIZE % unit != 0 || scanLimit <= 0 || scanLimit % unit != 0) {
            throw new IllegalArgumentException("unit " + unit + ", scan limit " + scanLimit);
        }
        this.unit = unit;
        this.scanLimit = scanLimit;
        this.zeros = new byte[unit];
    }

    /**
     * The ranges of {@code [offset, offset + length)} that may hold data, in file order, never adjacent (touching
     * ranges are merged) and never past {@code size}.
     *
     * @param ch     a channel open for reading (used only when {@code sparse})
     * @param size   the end of file
     * @param sparse whether the file is sparse
     * @param limit  stop once this many ranges are found (the last may then be cut short); at least 1
     */
    public List<AllocatedRange> scan(FileChannel ch, long offset, long length, long size, boolean sparse, int limit)
            throws IOException {
        if (offset < 0 || length < 0 || offset + length < 0 || limit < 1) {
            throw new IllegalArgumentException("query " + offset + "+" + length + ", limit " + limit);
        }
        long end = Math.min(offset + length, size);
        if (offset >= end) {
            return List.of();
        }
        if (!sparse) {
            return List.of(new AllocatedRange(offset, end - offset));
        }
        long first = offset - offset % unit;
        long scanEnd = end - first > scanLimit ? first + scanLimit : end;
        Ranges ranges = new Ranges(limit);
        ByteBuffer buf = ByteBuffer.allocate(READ_SIZE);
        for (long pos = first; pos < scanEnd && !ranges.full(); pos += READ_SIZE) {
            int want = (int) Math.min(READ_SIZE, scanEnd - pos);
            int got = readFully(ch, buf, pos, want);
            byte[] data = buf.array();
            for (int from = 0; from < want && !ranges.full(); from += unit) {
                int to = Math.min(from + unit, want);
                // Bytes the file no longer has (it shrank under the scan) hold no data.
                boolean zero = from >= got || Arrays.mismatch(data, from, Math.min(to, got), zeros, 0,
                        Math.min(to, got) - from) < 0;
                if (!zero) {
                    ranges.add(Math.max(pos + from, offset), pos + to);
                }
            }
        }
        if (scanEnd < end && !ranges.full()) {
            ranges.add(scanEnd, end);   // beyond what one query reads: reported allocated, see the class comment
        }
        return ranges.list;
    }

    /** Reads {@code want} bytes at {@code position} into the start of {@code buf}; fewer only at end of file. */
    private static int readFully(FileChannel ch, ByteBuffer buf, long position, int want) throws IOException {
        buf.clear().limit(want);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                break;
            }
        }
        return buf.position();
    }

    /** Ranges in file order, merging one that starts where the previous ends. */
    private static final class Ranges {
        final List<AllocatedRange> list = new ArrayList<>();
        private final int limit;

        Ranges(int limit) {
            this.limit = limit;
        }

        boolean full() {
            return list.size() >= limit;
        }

        void add(long start, long end) {
            int last = list.size() - 1;
            if (last >= 0 && list.get(last).end() == start) {
                list.set(last, new AllocatedRange(list.get(last).fileOffset(), end - list.get(last).fileOffset()));
            } else {
                list.add(new AllocatedRange(start, end - start));
            }
        }
    }
}

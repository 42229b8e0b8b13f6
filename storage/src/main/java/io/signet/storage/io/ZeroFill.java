package io.signet.storage.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Makes a range of a file read as zeros (FSCTL_SET_ZERO_DATA, [MS-FSA] 2.1.5.10.39) with plain writes: java.nio
 * cannot punch holes (no fallocate). The range is written in chunks of {@link #CHUNK} bytes, so memory stays bounded
 * whatever its size; a chunk that already reads as zeros is left alone, so a hole of the underlying file stays a hole
 * instead of being filled with written zeros. The caller keeps the range inside the end of file: nothing here
 * extends the file.
 */
public final class ZeroFill {
    static final int CHUNK = 64 * 1024;
    private static final byte[] ZEROS = new byte[CHUNK];

    private ZeroFill() {
    }

    /**
     * Zeros {@code [from, to)} of {@code file} through {@code writer}, reading {@code file} on a channel of its own
     * to skip what is zero already (the open's own channel may be write-only). If the file cannot be opened for
     * reading, every chunk is written.
     *
     * @return the bytes actually written
     */
    public static long fill(FileChannel writer, Path file, long from, long to) throws IOException {
        FileChannel reader;
        try {
            reader = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            return fill(writer, (FileChannel) null, from, to);
        }
        try (reader) {
            return fill(writer, reader, from, to);
        }
    }

    /**
     * Zeros {@code [from, to)} of the file {@code writer} writes.
     *
     * @param reader a channel reading the same file, to skip chunks that are zero already; {@code null} to write
     *               every chunk
     * @return the bytes actually written
     */
    static long fill(FileChannel writer, FileChannel reader, long from, long to) throws IOException {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("range " + from + ".." + to);
        }
        ByteBuffer current = reader != null ? ByteBuffer.allocate(CHUNK) : null;
        long written = 0;
        for (long pos = from; pos < to; pos += CHUNK) {
            int n = (int) Math.min(CHUNK, to - pos);
            if (current != null) {
                n = readFully(reader, current, pos, n);    // less only if the file shrank meanwhile
                if (Arrays.mismatch(current.array(), 0, n, ZEROS, 0, n) < 0) {
                    continue;
                }
            }
            ByteBuffer zeros = ByteBuffer.wrap(ZEROS, 0, n);
            while (zeros.hasRemaining()) {
                writer.write(zeros, pos + zeros.position());
            }
            written += n;
        }
        return written;
    }

    /** Reads up to {@code n} bytes at {@code position}; fewer only at end of file, and those are not written. */
    private static int readFully(FileChannel reader, ByteBuffer buf, long position, int n) throws IOException {
        buf.clear().limit(n);
        while (buf.hasRemaining()) {
            if (reader.read(buf, position + buf.position()) < 0) {
                break;
            }
        }
        return buf.position();
    }
}

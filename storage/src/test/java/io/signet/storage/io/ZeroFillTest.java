package io.signet.storage.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ZeroFillTest {
    @TempDir
    Path dir;

    private Path file(int size) throws IOException {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 7);
        return Files.write(dir.resolve("f"), b);
    }

    private static byte[] expected(int size, int from, int to) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 7);
        Arrays.fill(b, from, to, (byte) 0);
        return b;
    }

    @Test
    void zerosTheRangeAcrossChunksAndNothingElse() throws IOException {
        int size = 3 * ZeroFill.CHUNK + 100;
        Path f = file(size);
        try (FileChannel w = FileChannel.open(f, StandardOpenOption.WRITE)) {
            assertEquals(2 * ZeroFill.CHUNK + 50, ZeroFill.fill(w, f, 50, 2 * ZeroFill.CHUNK + 100));
        }
        assertArrayEquals(expected(size, 50, 2 * ZeroFill.CHUNK + 100), Files.readAllBytes(f));
    }

    @Test
    void chunksThatAreZeroAlreadyAreNotWritten() throws IOException {
        int size = 4 * ZeroFill.CHUNK;
        Path f = file(size);
        try (FileChannel w = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ZeroFill.fill(w, f, ZeroFill.CHUNK, 3 * ZeroFill.CHUNK);
            assertEquals(0, ZeroFill.fill(w, f, ZeroFill.CHUNK, 3 * ZeroFill.CHUNK), "nothing left to zero");
            assertEquals(ZeroFill.CHUNK, ZeroFill.fill(w, f, 0, 3 * ZeroFill.CHUNK));
            assertEquals(2 * ZeroFill.CHUNK, ZeroFill.fill(w, (FileChannel) null, 0, 2 * ZeroFill.CHUNK),
                    "without a reader every chunk is written");
        }
        assertArrayEquals(expected(size, 0, 3 * ZeroFill.CHUNK), Files.readAllBytes(f));
    }

    @Test
    void neverExtendsTheFileWhenItShrankMeanwhile() throws IOException {
        Path f = file(1000);
        try (FileChannel w = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ZeroFill.fill(w, f, 500, 5000);
        }
        assertEquals(1000, Files.size(f));
        assertArrayEquals(expected(1000, 500, 1000), Files.readAllBytes(f));
    }

    @Test
    void aBackwardRangeIsRefused() throws IOException {
        Path f = file(10);
        try (FileChannel w = FileChannel.open(f, StandardOpenOption.WRITE)) {
            assertThrows(IllegalArgumentException.class, () -> ZeroFill.fill(w, f, 5, 4));
            assertThrows(IllegalArgumentException.class, () -> ZeroFill.fill(w, f, -1, 4));
        }
    }
}

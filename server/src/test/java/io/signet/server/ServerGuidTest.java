package io.signet.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** [MS-SMB2] 3.3.1.5 ServerGuid: kept in the state directory, random without one. */
class ServerGuidTest {
    @TempDir
    Path dir;

    @Test
    void stableAcrossLoadsWithAStateDir() throws IOException {
        Path state = dir.resolve("state"); // created on first use
        byte[] first = ServerGuid.load(state);
        byte[] second = ServerGuid.load(state);
        assertEquals(16, first.length);
        assertArrayEquals(first, second);
        assertFalse(Arrays.equals(new byte[16], first), "not all zeros");
        String stored = Files.readString(state.resolve("server-guid"), StandardCharsets.US_ASCII).trim();
        assertEquals(HexFormat.of().formatHex(first), stored);
        try (Stream<Path> files = Files.list(state)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void readsAGuidWrittenByHand() throws IOException {
        Files.writeString(dir.resolve("server-guid"), "00112233445566778899AABBCCDDEEFF\n");
        assertArrayEquals(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"), ServerGuid.load(dir));
    }

    @Test
    void randomWithoutAStateDir() throws IOException {
        byte[] a = ServerGuid.load(null);
        byte[] b = ServerGuid.load(null);
        assertEquals(16, a.length);
        assertEquals(16, b.length);
        assertFalse(Arrays.equals(a, b), "two loads without a state dir share a GUID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not hex at all", "0011223344556677", "00112233445566778899aabbccddeeff00",
            "00112233445566778899aabbccddeefg"})
    void corruptFileIsAnIOExceptionNamingTheFile(String content) throws IOException {
        Path file = dir.resolve("server-guid");
        Files.writeString(file, content);
        IOException e = assertThrows(IOException.class, () -> ServerGuid.load(dir));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(content, Files.readString(file), "a corrupt file is reported, never silently replaced");
    }
}

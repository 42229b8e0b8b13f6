package io.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What the smb.conf parser tests share: a temporary directory holding the file and a share directory beside it. */
abstract class SmbConfFixture {
    @TempDir
    Path dir;

    /** A directory next to each test's smb.conf, so files can say {@code path = data}. */
    Path data;

    @BeforeEach
    void makeShareDirectory() throws IOException {
        data = Files.createDirectory(dir.resolve("data"));
        Files.writeString(dir.resolve("plain.txt"), "not a directory");
    }

    Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("smb.conf"), text);
    }

    ServerConfig parse(String text) throws IOException {
        return SmbConfParser.parse(write(text));
    }

    /** The error names the file and the line, and gives the reason. */
    static void assertLocated(ConfigException e, Path file, int line, String reason) {
        assertEquals(file, e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        String prefix = file + ":" + line + ": ";
        assertTrue(e.getMessage().startsWith(prefix), () -> "expected prefix " + prefix + " in " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in " + e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    }
}

package io.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigExceptionTest {

    @Test
    void withoutFileTheMessageIsTheReason() {
        ConfigException e = new ConfigException("port must be between 0 and 65535, got -1");
        assertEquals("port must be between 0 and 65535, got -1", e.getMessage());
        assertEquals("port must be between 0 and 65535, got -1", e.reason());
        assertNull(e.file());
        assertEquals(0, e.line());
    }

    @Test
    void withFileAndLineTheMessageLeadsWithThem() {
        Path file = Path.of("conf", "smb.conf");
        ConfigException e = new ConfigException(file, 7, "unknown parameter 'foo'");
        assertEquals(file + ":7: unknown parameter 'foo'", e.getMessage());
        assertEquals(file, e.file());
        assertEquals(7, e.line());
        assertEquals("unknown parameter 'foo'", e.reason());
    }

    @Test
    void lineZeroMeansTheWholeFile() {
        Path file = Path.of("smb.conf");
        assertEquals("smb.conf: config file does not exist",
                new ConfigException(file, 0, "config file does not exist").getMessage());
    }

    @Test
    void negativeLineIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> new ConfigException(Path.of("x"), -1, "why"));
    }
}

package io.signet.server.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProbeTargetTest {
    @ParameterizedTest
    @CsvSource({"fileserver,fileserver,445", "fileserver:4450,fileserver,4450", "10.0.0.1:139,10.0.0.1,139",
        "[::1]:4450,::1,4450", "[fe80::1],fe80::1,445", "::1,::1,445"})
    void parsesHostAndPort(String spec, String host, int port) {
        ProbeTarget t = ProbeTarget.parse(spec);
        assertEquals(host, t.host());
        assertEquals(port, t.port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":445", "host:", "host:0", "host:65536", "host:x", "[::1", "[::1]445"})
    void refusesMalformedTargets(String spec) {
        assertThrows(IllegalArgumentException.class, () -> ProbeTarget.parse(spec));
    }
}

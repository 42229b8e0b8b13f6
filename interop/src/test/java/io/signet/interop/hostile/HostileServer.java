package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server the hostile-client tests attack, fresh for each test: one share, "data", signing mandatory, and two
 * accounts, the victim's and the attacker's own, on loopback and a free port.
 */
abstract class HostileServer {
    @TempDir
    Path share;

    SignetServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = SignetServer.builder().share("data", share).user(VICTIM, VICTIM_PASSWORD)
                .user(ATTACKER, ATTACKER_PASSWORD).port(0).bindAddress("127.0.0.1").start();
    }

    @AfterEach
    void stopServer() {
        server.close();
        assertEquals(0, server.dataPiecesInUse(), "every piece of I/O memory is back once the server has closed");
    }
}

package io.signet.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.config.ServerConfig;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code signet status} finds the server's admin socket the way the server chose it: {@code --socket}, the
 * {@code admin socket} or {@code state dir} of the configuration file, {@code --state-dir}; {@code serve
 * --admin-socket} sets it. Without a server it says so and exits 1.
 */
class StatusCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void findsTheSocketBySocketConfigOrStateDirectory() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path state = dir.resolve("state");
        Path socket = dir.resolve("run").resolve("signet.sock");
        Path conf = Files.writeString(dir.resolve("smb.conf"), "[global]\nadmin socket = " + socket
                + "\n[data]\npath = " + data + "\n");
        ServerConfig config = ServerConfig.builder().serverName("CLI").share("data", data).port(0)
                .bindAddress("127.0.0.1").stateDir(state).adminSocket(socket).build();
        try (SignetServer server = SignetServer.start(config)) {
            assertEquals(socket.toAbsolutePath(), server.adminSocket().orElseThrow());
            Run bySocket = run("status", "--socket", socket.toString());
            assertEquals(0, bySocket.code(), bySocket.err());
            assertTrue(bySocket.out().startsWith("Signet CLI: 0 sessions\n"), bySocket.out());
            Run byConfig = run("status", "--config", conf.toString(), "--json");
            assertEquals(0, byConfig.code(), byConfig.err());
            assertEquals("{\"server\":\"CLI\",\"sessions\":[]}\n", byConfig.out());
        }
        Files.createDirectories(state);
        try (SignetServer server = SignetServer.start(ServerConfig.builder().serverName("CLI2").share("data", data)
                .port(0).bindAddress("127.0.0.1").stateDir(state).build())) {
            Run byState = run("status", "--state-dir", state.toString());
            assertEquals(0, byState.code(), byState.err());
            assertTrue(byState.out().startsWith("Signet CLI2: 0 sessions\n"), byState.out());
        }
    }

    @Test
    void withoutAServerItSaysSoAndExitsOne() {
        Run r = run("status", "--socket", dir.resolve("nothing.sock").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("signet: no Signet server answers on " + dir.resolve("nothing.sock")), r.err());
        assertEquals("", r.out());
    }

    @Test
    void serveTakesTheAdminSocketFlag() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--admin-socket", "/run/signet/admin.sock");
        assertEquals(Path.of("/run/signet/admin.sock"), serve.buildConfig().adminSocket());
    }
}

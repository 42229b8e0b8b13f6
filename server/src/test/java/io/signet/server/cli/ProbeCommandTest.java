package io.signet.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code signet probe}'s exit codes; the audit itself is tested against real servers in the interop module. */
class ProbeCommandTest {
    private static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Test
    void anUnreachableHostIsExitCode1() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        assertEquals(ProbeCommand.UNREACHABLE, run("probe", "127.0.0.1:" + port));
    }

    @Test
    void aUserWithoutPasswordStdinIsAUsageError() {
        assertEquals(ProbeCommand.USAGE, run("probe", "127.0.0.1:1", "--user", "alice"));
        assertEquals(ProbeCommand.USAGE, run("probe", "127.0.0.1:1", "--password-stdin"));
        assertEquals(ProbeCommand.USAGE, run("probe", "127.0.0.1:notaport"));
    }
}

package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.interop.support.ExternalCommand;
import io.signet.interop.support.ServerLog;
import io.signet.interop.support.Smbclient;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Samba's smbclient against the server with signing required on both sides, once per dialect and, at 3.1.1, once per
 * signing algorithm the client can be limited to: a 5 MiB round trip, directory listing, mkdir, rename into the
 * directory, delete and rmdir, each checked both through smbclient and on the share's directory.
 */
class SmbclientInteropTest {
    private static final int FILE_SIZE = 5 * 1024 * 1024;
    private static final String SIGNING_REQUIRED = "--option=client signing=required";

    @TempDir
    Path share;
    @TempDir
    Path local;

    private SignetServer server;
    private Smbclient smbclient;

    /**
     * @param protocol   smbclient's {@code -m} (max protocol); the server speaks every dialect, so it is the one used
     * @param dialect    how the server names that dialect in its log
     * @param algorithms for 3.1.1: the only signing algorithm smbclient offers in SMB2_SIGNING_CAPABILITIES, so a
     *                   server that picked another would fail the session
     */
    record Case(String protocol, String dialect, String algorithms) {
        List<String> options() {
            List<String> options = new ArrayList<>(List.of("-U", "alice%secret", "-m", protocol, SIGNING_REQUIRED));
            if (algorithms != null) {
                options.add("--option=client smb3 signing algorithms=" + algorithms);
            }
            return options;
        }

        @Override
        public String toString() {
            return protocol + (algorithms == null ? "" : " " + algorithms);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("SMB2_02", "2.0.2", null),
                new Case("SMB2_10", "2.1", null),
                new Case("SMB3_00", "3.0", null),
                new Case("SMB3_02", "3.0.2", null),
                new Case("SMB3_11", "3.1.1", null),
                new Case("SMB3_11", "3.1.1", "AES-128-GMAC"),
                new Case("SMB3_11", "3.1.1", "AES-128-CMAC"),
                new Case("SMB3_11", "3.1.1", "HMAC-SHA256"));
    }

    @BeforeEach
    void startServer() throws IOException {
        server = SignetServer.builder().share("data", share).user("alice", "secret")
                .port(0).bindAddress("127.0.0.1").stateDir(local.resolve("state")).start();
        smbclient = new Smbclient(server.port(), local);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fileAndDirectoryRoundTrip(Case c) throws IOException {
        byte[] content = new byte[FILE_SIZE];
        new SecureRandom().nextBytes(content);
        Files.write(local.resolve("upload.bin"), content);

        int mark = ServerLog.mark();
        ExternalCommand.Result transfer = smbclient.run(c.options(),
                "put upload.bin big.bin; ls big.bin; get big.bin download.bin");
        Smbclient.assertSucceeded(transfer, mark);
        assertSessionWasSigned(c, mark);
        assertArrayEquals(content, Files.readAllBytes(share.resolve("big.bin")), "file on the share after put");
        assertArrayEquals(content, Files.readAllBytes(local.resolve("download.bin")), "file fetched back with get");
        assertListed(transfer, "big.bin", "A", FILE_SIZE);

        mark = ServerLog.mark();
        ExternalCommand.Result move = smbclient.run(c.options(), "mkdir sub; rename big.bin sub\\big.bin; ls sub\\*");
        Smbclient.assertSucceeded(move, mark);
        assertTrue(Files.isDirectory(share.resolve("sub")), "mkdir did not create the directory on the share");
        assertFalse(Files.exists(share.resolve("big.bin")), "rename left the file in the share root");
        assertArrayEquals(content, Files.readAllBytes(share.resolve("sub").resolve("big.bin")),
                "file after rename into the directory");
        assertListed(move, "big.bin", "A", FILE_SIZE);

        mark = ServerLog.mark();
        ExternalCommand.Result remove = smbclient.run(c.options(), "del sub\\big.bin; rmdir sub; ls");
        Smbclient.assertSucceeded(remove, mark);
        assertFalse(Files.exists(share.resolve("sub")), "rmdir left the directory on the share");
        try (Stream<Path> left = Files.list(share)) {
            assertEquals(List.of(), left.toList(), "the share should be empty again");
        }
        assertFalse(remove.output().contains("sub"), "ls still lists the removed directory:\n" + remove.output());
    }

    /** The server's own account of the session: the dialect smbclient was limited to, with signing required. */
    private static void assertSessionWasSigned(Case c, int mark) {
        Pattern established = Pattern.compile("session \\p{XDigit}+ established for \\S*\\\\alice \\("
                + Pattern.quote(c.dialect()) + ", signing required\\)");
        assertFalse(ServerLog.matching(mark, established).isEmpty(),
                "expected a " + c.dialect() + " session with signing required; " + ServerLog.dump(mark));
    }

    /** smbclient's ls line: name, attributes, size, date. */
    private static void assertListed(ExternalCommand.Result result, String name, String attributes, long size) {
        Pattern line = Pattern.compile("^\\s+" + Pattern.quote(name) + "\\s+" + attributes + "\\s+" + size + "\\s");
        assertTrue(result.lines().stream().anyMatch(l -> line.matcher(l).find()),
                "ls does not show " + name + " (" + attributes + ", " + size + " bytes):\n" + result.output());
    }
}

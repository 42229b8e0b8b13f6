package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.interop.support.ExternalCommand;
import io.signet.interop.support.ServerLog;
import io.signet.interop.support.Smbclient;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Logons the server must refuse, driven by smbclient: a wrong password, NTLMv1, anonymous, guest and an unknown user
 * without a password. Each is refused at SESSION_SETUP, before any share is reached, and afterwards the same server
 * still serves a good logon: a refusal costs the client its session, never the server its service.
 */
class NegativeAuthInteropTest {
    @TempDir
    static Path share;
    @TempDir
    static Path local;

    private static SignetServer server;
    private static Smbclient smbclient;

    /**
     * @param options   smbclient's credentials and flags for the refused logon
     * @param status    what smbclient must report ("session setup failed: NT_STATUS_...")
     * @param serverLog a line the server must log about the refusal
     */
    record Refusal(String name, List<String> options, String status, String serverLog) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal("wrong password", List.of("-U", "alice%not-the-password"),
                        "NT_STATUS_LOGON_FAILURE", "session setup failed: STATUS_LOGON_FAILURE"),
                // The right password, but only an NTLMv1 (or NTLM2 session) response: the server accepts NTLMv2 only.
                new Refusal("NTLMv1", List.of("-U", "alice%secret", "--option=client ntlmv2 auth=no",
                        "--option=client lanman auth=no"),
                        "NT_STATUS_LOGON_FAILURE", "session setup failed: STATUS_LOGON_FAILURE"),
                // An anonymous session has no key to sign with, and signing is mandatory.
                new Refusal("anonymous", List.of("-N"),
                        "NT_STATUS_ACCESS_DENIED", "refused ANONYMOUS logon: signing is mandatory"),
                new Refusal("guest", List.of("-U", "guest%"),
                        "NT_STATUS_LOGON_FAILURE", "session setup failed: STATUS_LOGON_FAILURE"),
                new Refusal("unknown user, empty password", List.of("-U", "mallory%"),
                        "NT_STATUS_LOGON_FAILURE", "session setup failed: STATUS_LOGON_FAILURE"));
    }

    @BeforeAll
    static void startServer() throws IOException {
        Files.writeString(share.resolve("marker.txt"), "only for alice");
        server = SignetServer.builder().share("data", share).user("alice", "secret")
                .port(0).bindAddress("127.0.0.1").stateDir(local.resolve("state")).start();
        smbclient = new Smbclient(server.port(), local);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedAtSessionSetupAndServerKeepsServing(Refusal refusal) {
        int mark = ServerLog.mark();
        ExternalCommand.Result refused = smbclient.run(refusal.options(), "ls");
        String context = refused.describe() + "\n" + refused.output() + "\n" + ServerLog.dump(mark);
        assertFalse(refused.timedOut(), "smbclient hung on a refused logon:\n" + context);
        assertNotEquals(0, refused.exitCode(), "smbclient should fail:\n" + context);
        assertTrue(refused.output().contains("session setup failed: " + refusal.status()),
                "expected 'session setup failed: " + refusal.status() + "':\n" + context);
        assertFalse(refused.output().contains("marker.txt"), "the refused client listed the share:\n" + context);
        assertTrue(ServerLog.since(mark).stream().anyMatch(l -> l.contains(refusal.serverLog())),
                "expected the server to log '" + refusal.serverLog() + "':\n" + context);
        assertTrue(ServerLog.matching(mark, Pattern.compile("session \\p{XDigit}+ established")).isEmpty(),
                "the server established a session for a refused logon:\n" + context);

        int goodMark = ServerLog.mark();
        ExternalCommand.Result good = smbclient.run(List.of("-U", "alice%secret"), "ls");
        Smbclient.assertSucceeded(good, goodMark);
        assertTrue(good.output().contains("marker.txt"), "a good logon after the refusal cannot list the share:\n"
                + good.output());
    }
}

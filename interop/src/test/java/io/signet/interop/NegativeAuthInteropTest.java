package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.support.ExternalCommand;
import io.signet.interop.support.ServerLog;
import io.signet.interop.support.Smbclient;
import io.signet.protocol.smb2.Dialect;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
     * @param serverLog the reason the server must log for the refusal, at INFO, once, with the client's address
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
                        "NT_STATUS_LOGON_FAILURE", "STATUS_LOGON_FAILURE: NTLM: wrong password for user alice"),
                // The right password, but only an NTLMv1 (or NTLM2 session) response: the server accepts NTLMv2 only.
                new Refusal("NTLMv1", List.of("-U", "alice%secret", "--option=client ntlmv2 auth=no",
                        "--option=client lanman auth=no"),
                        "NT_STATUS_LOGON_FAILURE",
                        "STATUS_LOGON_FAILURE: NTLM: NTLMv1/LM response refused for user alice"),
                // An anonymous session has no key to sign with, and signing is mandatory.
                new Refusal("anonymous", List.of("-N"),
                        "NT_STATUS_ACCESS_DENIED",
                        "STATUS_ACCESS_DENIED: anonymous logon refused: signing is mandatory"),
                new Refusal("guest", List.of("-U", "guest%"),
                        "NT_STATUS_LOGON_FAILURE", "STATUS_LOGON_FAILURE: NTLM: unknown user guest"),
                new Refusal("unknown user, empty password", List.of("-U", "mallory%"),
                        "NT_STATUS_LOGON_FAILURE", "STATUS_LOGON_FAILURE: NTLM: unknown user mallory"));
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
        // The reason at INFO, once, with the client's address, and no password.
        Pattern line = Pattern.compile("^INFO SessionSetupHandler - /127\\.0\\.0\\.1:\\d+: session setup failed: "
                + Pattern.quote(refusal.serverLog()));
        assertEquals(1, ServerLog.matching(mark, line).size(),
                "expected the server to log '" + refusal.serverLog() + "' once at INFO:\n" + context);
        // smbclient -N first tries the login name without a password, then anonymous, on the same connection: two
        // reasons, each logged once.
        List<String> refusals = ServerLog.matching(mark, Pattern.compile("session setup failed"));
        assertEquals(refusals.size(), Set.copyOf(refusals).size(), "a reason logged twice:\n" + context);
        assertFalse(ServerLog.since(mark).stream().anyMatch(l -> l.contains("not-the-password")),
                "the server logged the password:\n" + context);
        assertTrue(ServerLog.matching(mark, Pattern.compile("session \\p{XDigit}+ established")).isEmpty(),
                "the server established a session for a refused logon:\n" + context);

        int goodMark = ServerLog.mark();
        ExternalCommand.Result good = smbclient.run(List.of("-U", "alice%secret"), "ls");
        Smbclient.assertSucceeded(good, goodMark);
        assertTrue(good.output().contains("marker.txt"), "a good logon after the refusal cannot list the share:\n"
                + good.output());
    }

    /**
     * A client that fails the same way again and again on one connection is reported once at INFO (the repeats are
     * at DEBUG); the same failure on a new connection is reported again.
     */
    @Test
    void aRepeatedRefusalIsLoggedOncePerConnection() throws IOException {
        byte[] garbage = {0x01, 0x02, 0x03};
        Pattern refusal = Pattern.compile("^INFO SessionSetupHandler - /127\\.0\\.0\\.1:\\d+: session setup failed: "
                + "STATUS_INVALID_PARAMETER: malformed security buffer");
        int mark = ServerLog.mark();
        try (RawSmb2Client client = RawSmb2Client.connect(server.port())) {
            client.negotiate(Dialect.SMB3_1_1);
            for (int i = 0; i < 3; i++) {
                assertEquals(RawSmb2Client.STATUS_INVALID_PARAMETER, client.sessionSetupToken(garbage).status());
            }
        }
        assertEquals(1, ServerLog.matching(mark, refusal).size(), ServerLog.dump(mark));
        try (RawSmb2Client client = RawSmb2Client.connect(server.port())) {
            client.negotiate(Dialect.SMB3_1_1);
            assertEquals(RawSmb2Client.STATUS_INVALID_PARAMETER, client.sessionSetupToken(garbage).status());
        }
        assertEquals(2, ServerLog.matching(mark, refusal).size(), ServerLog.dump(mark));
    }
}

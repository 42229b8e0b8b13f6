package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.config.EncryptionPolicy;
import io.signet.config.ServerConfig;
import io.signet.config.ShareConfig;
import io.signet.interop.EncryptionInteropTest.WireTap;
import io.signet.interop.support.ExternalCommand;
import io.signet.interop.support.ServerLog;
import io.signet.interop.support.Smbclient;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server's {@code smb encrypt} settings, global and per share, seen from smbclient: who is refused, who is
 * served, and whether what is served is encrypted on the wire (through {@link WireTap}).
 */
class EncryptionPolicyTest {
    private static final int FILE_SIZE = 1024 * 1024 + 3;
    private static final Pattern ENCRYPTED_SESSION = Pattern.compile(
            "session \\p{XDigit}+ established for \\S*\\\\alice \\(3\\.1\\.1, signing \\w+, encrypted with (\\S+)\\)");

    @TempDir
    Path share;
    @TempDir
    Path local;

    /** smb encrypt = required on the share: clients that do not encrypt are refused at TREE_CONNECT. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SMB2_02", "SMB2_10"})
    void shareRequiringEncryptionRefusesAClientThatCannotEncrypt(String protocol) throws IOException {
        try (SignetServer server = start(EncryptionPolicy.IF_REQUIRED, EncryptionPolicy.REQUIRED);
             WireTap tap = new WireTap(server.port())) {
            Files.write(local.resolve("upload.bin"), new byte[] {1, 2, 3});
            List<String> options = List.of("-U", "alice%secret", "-m", protocol);
            int mark = ServerLog.mark();
            ExternalCommand.Result result = new Smbclient(tap.port(), local).run(options,
                    "put upload.bin refused.bin");
            String context = result.describe() + "\n" + result.output() + "\n" + ServerLog.dump(mark) + "\n"
                    + tap.describe();
            assertFalse(result.timedOut(), "smbclient did not finish:\n" + context);
            assertTrue(result.output().contains("NT_STATUS_ACCESS_DENIED"),
                    "expected NT_STATUS_ACCESS_DENIED:\n" + context);
            assertTrue(result.exitCode() != 0, "smbclient should fail:\n" + context);
            assertFalse(Files.exists(share.resolve("refused.bin")), "the refused client wrote to the share");
            // The session itself was fine: the refusal is the share's, not the logon's.
            assertFalse(ServerLog.matching(mark, Pattern.compile("session \\p{XDigit}+ established for \\S*\\\\alice"))
                    .isEmpty(), "the logon should have succeeded\n" + context);
        }
    }

    /**
     * smb encrypt = required on the share, and smbclient told not to encrypt: smbclient 4.17 still offers its
     * ciphers at NEGOTIATE and then obeys the share's SHAREFLAG_ENCRYPT_DATA, so it is served, but only encrypted.
     * Nothing on that share may pass in the clear.
     */
    @Test
    void shareRequiringEncryptionServesNothingInTheClearToAClientWithEncryptionOff() throws IOException {
        try (SignetServer server = start(EncryptionPolicy.IF_REQUIRED, EncryptionPolicy.REQUIRED);
             WireTap tap = new WireTap(server.port())) {
            int mark = ServerLog.mark();
            roundTrip(tap, List.of("-U", "alice%secret", "-m", "SMB3_11", "--option=client smb encrypt=off"), mark);
            tap.assertEncryptedAfterLogon(Set.of(WireTap.TREE_CONNECT), ServerLog.dump(mark));
        }
    }

    /** smb encrypt = required on the share: a 3.1.1 client that is willing to encrypt is served, encrypted. */
    @Test
    void shareRequiringEncryptionServesAClientThatDesiresEncryption() throws IOException {
        try (SignetServer server = start(EncryptionPolicy.IF_REQUIRED, EncryptionPolicy.REQUIRED);
             WireTap tap = new WireTap(server.port())) {
            int mark = ServerLog.mark();
            roundTrip(tap, List.of("-U", "alice%secret", "-m", "SMB3_11", "--option=client smb encrypt=desired"),
                    mark);
            // The client learns of the share's encryption only from the TREE_CONNECT response.
            tap.assertEncryptedAfterLogon(Set.of(WireTap.TREE_CONNECT), ServerLog.dump(mark));
            assertEquals("AES_128_GCM", tap.cipher(), "the server's first preference, which smbclient offers");
        }
    }

    /** server smb encrypt = required: a 2.1 client cannot encrypt and is refused at logon. */
    @Test
    void serverRequiringEncryptionRefusesA21ClientAtLogon() throws IOException {
        try (SignetServer server = start(EncryptionPolicy.REQUIRED, null)) {
            Files.write(local.resolve("upload.bin"), new byte[] {1, 2, 3});
            int mark = ServerLog.mark();
            ExternalCommand.Result result = new Smbclient(server.port(), local).run(
                    List.of("-U", "alice%secret", "-m", "SMB2_10"), "put upload.bin refused.bin");
            String context = result.describe() + "\n" + result.output() + "\n" + ServerLog.dump(mark);
            assertFalse(result.timedOut(), "smbclient did not finish:\n" + context);
            assertTrue(result.exitCode() != 0, "smbclient should fail:\n" + context);
            assertTrue(result.output().contains("NT_STATUS_ACCESS_DENIED"),
                    "expected NT_STATUS_ACCESS_DENIED:\n" + context);
            assertFalse(ServerLog.matching(mark, Pattern.compile("session setup failed: STATUS_ACCESS_DENIED: logon "
                    + "refused: the server requires encryption")).isEmpty(),
                    "the server should say at SESSION_SETUP why it refused the logon\n" + context);
            assertFalse(Files.exists(share.resolve("refused.bin")), "the refused client wrote to the share");
        }
    }

    /** server smb encrypt = required: a 3.1.1 client that desires encryption is served, encrypted from logon on. */
    @Test
    void serverRequiringEncryptionServesA311Client() throws IOException {
        try (SignetServer server = start(EncryptionPolicy.REQUIRED, null);
             WireTap tap = new WireTap(server.port())) {
            int mark = ServerLog.mark();
            roundTrip(tap, List.of("-U", "alice%secret", "-m", "SMB3_11", "--option=client smb encrypt=desired"),
                    mark);
            assertEquals(List.of("AES_128_GCM"), encryptedSessionCiphers(mark), ServerLog.dump(mark));
            tap.assertEncryptedAfterLogon(Set.of(), ServerLog.dump(mark));
        }
    }

    /** server smb encrypt = off: no cipher is negotiated, so a client that requires encryption gets nowhere. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SMB3_11", "SMB3_00"})
    void serverWithEncryptionOffFailsAClientThatRequiresIt(String protocol) throws IOException {
        try (SignetServer server = start(EncryptionPolicy.OFF, null);
             WireTap tap = new WireTap(server.port())) {
            Files.write(local.resolve("upload.bin"), new byte[] {1, 2, 3});
            int mark = ServerLog.mark();
            ExternalCommand.Result result = new Smbclient(tap.port(), local).run(
                    List.of("-U", "alice%secret", "-m", protocol, "--option=client smb encrypt=required"),
                    "put upload.bin refused.bin");
            String context = result.describe() + "\n" + result.output() + "\n" + ServerLog.dump(mark) + "\n"
                    + tap.describe();
            assertFalse(result.timedOut(), "smbclient did not finish:\n" + context);
            assertTrue(result.exitCode() != 0, "smbclient should fail:\n" + context);
            assertFalse(Files.exists(share.resolve("refused.bin")), "the client wrote to the share unencrypted");
            assertEquals("none", tap.cipher(), "the server offered a cipher with encryption off\n" + context);
            assertEquals(0, tap.transformCount(), "encrypted messages with encryption off\n" + context);
        }
    }

    /** server smb encrypt = off: a client that does not ask for encryption is served as usual, in the clear. */
    @Test
    void serverWithEncryptionOffServesAPlainClient() throws IOException {
        try (SignetServer server = start(EncryptionPolicy.OFF, null);
             WireTap tap = new WireTap(server.port())) {
            int mark = ServerLog.mark();
            roundTrip(tap, List.of("-U", "alice%secret", "-m", "SMB3_11"), mark);
            assertEquals("none", tap.cipher(), "the server offered a cipher with encryption off\n" + tap.describe());
            assertEquals(0, tap.transformCount(), "encrypted messages with encryption off\n" + tap.describe());
            assertEquals(List.of(), encryptedSessionCiphers(mark), ServerLog.dump(mark));
        }
    }

    /**
     * server smb encrypt = desired: smbclient with its defaults follows the session's ENCRYPT_DATA flag, so the
     * whole session after logon is encrypted, and the server says so.
     */
    @Test
    void serverDesiringEncryptionEncryptsADefaultClient() throws IOException {
        try (SignetServer server = start(EncryptionPolicy.DESIRED, null);
             WireTap tap = new WireTap(server.port())) {
            int mark = ServerLog.mark();
            roundTrip(tap, List.of("-U", "alice%secret", "-m", "SMB3_11"), mark);
            List<String> ciphers = encryptedSessionCiphers(mark);
            assertEquals(List.of("AES_128_GCM"), ciphers, "sessions the server logged as encrypted with; "
                    + ServerLog.dump(mark));
            assertTrue(ServerLog.since(mark).stream().anyMatch(l -> l.contains("encrypted with")),
                    ServerLog.dump(mark));
            tap.assertEncryptedAfterLogon(Set.of(), ServerLog.dump(mark));
        }
    }

    /** server smb encrypt = desired: a 2.1 client cannot encrypt and is still served, unencrypted. */
    @Test
    void serverDesiringEncryptionStillServesA21Client() throws IOException {
        try (SignetServer server = start(EncryptionPolicy.DESIRED, null);
             WireTap tap = new WireTap(server.port())) {
            int mark = ServerLog.mark();
            roundTrip(tap, List.of("-U", "alice%secret", "-m", "SMB2_10"), mark);
            assertEquals(0, tap.transformCount(), "a 2.1 connection cannot carry encrypted messages\n"
                    + tap.describe());
            assertEquals(List.of(), encryptedSessionCiphers(mark), ServerLog.dump(mark));
        }
    }

    private SignetServer start(EncryptionPolicy global, EncryptionPolicy shareSetting) throws IOException {
        ServerConfig config = ServerConfig.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .stateDir(local.resolve("state"))
                .user("alice", "secret")
                .share(new ShareConfig("data", share, false, "", true, false, shareSetting))
                .encryption(global)
                .build();
        return SignetServer.start(config);
    }

    /** Puts a random file through the tap, gets it back, and checks both copies. */
    private void roundTrip(WireTap tap, List<String> options, int mark) throws IOException {
        byte[] content = new byte[FILE_SIZE];
        new SecureRandom().nextBytes(content);
        Files.write(local.resolve("upload.bin"), content);
        ExternalCommand.Result result = new Smbclient(tap.port(), local).run(options,
                "put upload.bin file.bin; get file.bin download.bin");
        Smbclient.assertSucceeded(result, mark);
        assertArrayEquals(content, Files.readAllBytes(share.resolve("file.bin")), "file on the share after put");
        assertArrayEquals(content, Files.readAllBytes(local.resolve("download.bin")), "file fetched back with get");
    }

    /** The cipher of each session the server logged as encrypted since {@code mark}. */
    private static List<String> encryptedSessionCiphers(int mark) {
        return ServerLog.since(mark).stream()
                .map(ENCRYPTED_SESSION::matcher)
                .filter(java.util.regex.Matcher::find)
                .map(m -> m.group(1))
                .toList();
    }
}

package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import io.signet.auth.UsersFile;
import io.signet.config.ServerConfig;
import io.signet.config.ServerConfigBuilder;
import io.signet.config.ShareConfig;
import io.signet.interop.support.ExternalCommand;
import io.signet.interop.support.ServerLog;
import io.signet.interop.support.Smbclient;
import io.signet.server.SignetServer;
import io.signet.server.context.ReloadResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SignetServer.reload seen by real clients, which stay connected across it: a removed share's tree answers
 * STATUS_NETWORK_NAME_DELETED and the session goes on (another share connects on it), a removed user's session is
 * gone while other users' sessions carry on, and a configuration that cannot be applied leaves everything served.
 */
class ConfigReloadInteropTest {
    @TempDir
    Path dir;
    @TempDir
    Path work;

    private Path shareA;
    private Path shareB;
    private Path usersFile;
    private SignetServer server;
    private SMBClient smbj;
    private Process smbclient;

    @BeforeEach
    void start() throws IOException {
        shareA = Files.createDirectory(dir.resolve("a"));
        shareB = Files.createDirectory(dir.resolve("b"));
        Files.writeString(shareA.resolve("in-a.txt"), "a");
        Files.writeString(shareB.resolve("in-b.txt"), "b");
        usersFile = work.resolve("users");
        UsersFile.addUser(usersFile, "alice", "alice-pw");
        UsersFile.addUser(usersFile, "bob", "bob-pw");
        server = SignetServer.start(config().share("a", shareA).build());
        smbj = new SMBClient(SmbConfig.builder().withDialects(SMB2Dialect.SMB_3_1_1).withSigningRequired(true)
                .withMultiProtocolNegotiate(false).build());
    }

    /** The server's settings apart from its shares: loopback, ephemeral port, users from the users file. */
    private ServerConfigBuilder config() {
        return ServerConfig.builder().port(0).bindAddress("127.0.0.1").usersFile(usersFile);
    }

    private Session logon(String user, String password) throws IOException {
        Connection connection = smbj.connect("127.0.0.1", server.port());
        return connection.authenticate(new AuthenticationContext(user, password.toCharArray(), null));
    }

    private static NtStatus refusal(ThrowingCall call) {
        SMBApiException e = assertThrows(SMBApiException.class, call::run);
        return e.getStatus();
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void smbjTreeOfARemovedShareIsDeletedWhileItsSessionGoesOnAndConnectsTheNewShare() throws Exception {
        Session session = logon("alice", "alice-pw");
        DiskShare a = (DiskShare) session.connectShare("a");
        assertTrue(a.fileExists("in-a.txt"));

        ReloadResult r = server.reload(config().share("b", shareB).build());
        assertEquals(List.of("a"), r.sharesRemoved());

        assertEquals(NtStatus.STATUS_NETWORK_NAME_DELETED, refusal(() -> a.list("")));
        DiskShare b = (DiskShare) session.connectShare("b");
        assertTrue(b.fileExists("in-b.txt"), "the same session connects the new share");
        // smbj hands back the tree it still holds for a name, so a new TREE_CONNECT to a needs another session.
        Session other = logon("alice", "alice-pw");
        assertEquals(NtStatus.STATUS_BAD_NETWORK_NAME, refusal(() -> other.connectShare("a")));
        assertTrue(b.fileExists("in-b.txt"), "the session is still there after the refusal");
        ExternalCommand.Result listing = new Smbclient(server.port(), work).list(List.of("-U", "alice%alice-pw"));
        assertTrue(listing.output().contains("Disk") && listing.output().matches("(?s).*\\bb\\s+Disk.*")
                && !listing.output().matches("(?s).*\\ba\\s+Disk.*"), "srvsvc lists the shares of the reload:\n"
                + listing.output());
    }

    @Test
    void changedValidUsersApplyToNewTreeConnectsWhileTheExistingTreeKeepsWhatItConnectedWith() throws Exception {
        DiskShare alicesTree = (DiskShare) logon("alice", "alice-pw").connectShare("a");
        ShareConfig onlyBob = new ShareConfig("a", shareA, false, "", true, false, null, List.of("bob"), true);

        ReloadResult r = server.reload(config().share(onlyBob).build());

        assertEquals(List.of("a"), r.sharesChanged());
        assertEquals(0, r.treesDisconnected());
        assertTrue(alicesTree.fileExists("in-a.txt"), "the tree alice connected before the reload goes on");
        Session again = logon("alice", "alice-pw");
        assertEquals(NtStatus.STATUS_ACCESS_DENIED, refusal(() -> again.connectShare("a")));
        assertTrue(((DiskShare) logon("bob", "bob-pw").connectShare("a")).fileExists("in-a.txt"));
    }

    @Test
    void smbclientSeesNetworkNameDeletedOnTheOldTreeAndConnectsTheNewShareOnTheSameSession() throws Exception {
        int mark = ServerLog.mark();
        Path out = work.resolve("smbclient.out");
        smbclient = interactiveSmbclient("a", "alice%alice-pw", out);
        OutputStream commands = smbclient.getOutputStream();
        send(commands, "ls");
        awaitOutput(out, "in-a.txt", mark);

        server.reload(config().share("b", shareB).build());

        send(commands, "ls");
        awaitOutput(out, "NT_STATUS_NETWORK_NAME_DELETED", mark);
        send(commands, "tcon b");
        // smbclient reads stdin a line at a time only when the next line has not arrived yet: wait for each answer
        awaitOutput(out, "tcon to b successful", mark);
        send(commands, "ls");
        awaitOutput(out, "in-b.txt", mark);
        send(commands, "tcon a");
        awaitOutput(out, "NT_STATUS_BAD_NETWORK_NAME", mark);
        commands.close();
        assertTrue(smbclient.waitFor(60, TimeUnit.SECONDS), "smbclient did not end");
        String output = Files.readString(out);
        assertFalse(output.contains("NT_STATUS_USER_SESSION_DELETED"), "the session survived:\n" + output);
    }

    @Test
    void aRemovedUsersSessionEndsAndOtherUsersSessionsCarryOn() throws Exception {
        int mark = ServerLog.mark();
        DiskShare alice = (DiskShare) logon("alice", "alice-pw").connectShare("a");
        Path out = work.resolve("smbclient.out");
        smbclient = interactiveSmbclient("a", "bob%bob-pw", out);
        OutputStream commands = smbclient.getOutputStream();
        send(commands, "ls");
        awaitOutput(out, "in-a.txt", mark);
        Path aliceOnly = work.resolve("users.new");
        UsersFile.addUser(aliceOnly, "alice", "alice-pw");
        Files.move(aliceOnly, usersFile, StandardCopyOption.REPLACE_EXISTING);

        ReloadResult r = server.reload(config().share("a", shareA).build());

        assertEquals(List.of("bob"), r.usersRemoved());
        assertEquals(1, r.sessionsEnded());
        send(commands, "ls");
        // Unsigned, as Windows sends it: the session and its key are gone (Samba's client expects no signature).
        awaitOutput(out, "NT_STATUS_USER_SESSION_DELETED", mark);
        assertTrue(alice.list("").stream().anyMatch(f -> f.getFileName().equals("in-a.txt")),
                "alice's session is untouched");
        ExternalCommand.Result again = new Smbclient(server.port(), work).run("a", List.of("-U", "bob%bob-pw"), "ls");
        assertTrue(again.output().contains("NT_STATUS_LOGON_FAILURE"), "bob cannot log on again:\n"
                + again.output());
    }

    /**
     * smbclient reading commands from its standard input, its output line-buffered ({@code stdbuf}) so that each
     * answer can be read as it comes.
     */
    private Process interactiveSmbclient(String share, String credentials, Path out) throws IOException {
        new Smbclient(server.port(), work); // writes the empty configuration file it reads
        List<String> command = List.of(ExternalCommand.require("stdbuf", "coreutils"), "-oL",
                ExternalCommand.require("smbclient", "smbclient"), "--configfile=" + work.resolve("empty-smb.conf"),
                "//127.0.0.1/" + share, "-p", Integer.toString(server.port()), "-U", credentials, "-m", "SMB3_11",
                "--option=client signing=required");
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
    }

    @Test
    void aConfigurationThatCannotBeAppliedIsRefusedAndTheOldSharesAreStillServed() throws Exception {
        DiskShare a = (DiskShare) logon("alice", "alice-pw").connectShare("a");
        int mark = ServerLog.mark();
        ServerConfig broken = ServerConfig.builder().port(0).bindAddress("127.0.0.1").share("b", shareB)
                .usersFile(work.resolve("missing-users-file")).build();

        IOException e = assertThrows(IOException.class, () -> server.reload(broken));

        assertTrue(e.getMessage().contains("missing-users-file"), e.getMessage());
        assertTrue(ServerLog.dump(mark).contains("configuration not reloaded"), ServerLog.dump(mark));
        assertTrue(a.fileExists("in-a.txt"), "the existing tree goes on");
        ExternalCommand.Result listing = new Smbclient(server.port(), work).run("a",
                List.of("-U", "bob%bob-pw"), "ls");
        Smbclient.assertSucceeded(listing, mark);
        assertTrue(listing.output().contains("in-a.txt"), listing.output());
        ExternalCommand.Result refused = new Smbclient(server.port(), work).run("b",
                List.of("-U", "bob%bob-pw"), "ls");
        assertTrue(refused.output().contains("NT_STATUS_BAD_NETWORK_NAME"), refused.output());
    }

    private static void send(OutputStream commands, String line) throws IOException {
        commands.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        commands.flush();
    }

    /** Waits for smbclient to print {@code text}: it answers at its own pace. */
    private void awaitOutput(Path out, String text, int mark) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.readString(out).contains(text)) {
                return;
            }
            if (!smbclient.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        fail("smbclient never printed " + text + "; its output:\n" + Files.readString(out) + "\n"
                + ServerLog.dump(mark));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (smbclient != null) {
            smbclient.destroy();
            smbclient.waitFor(30, TimeUnit.SECONDS);
        }
        if (smbj != null) {
            smbj.close();
        }
        if (server != null) {
            server.close();
        }
    }
}

package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.signet.auth.UsersFile;
import io.signet.interop.support.ExternalCommand;
import io.signet.interop.support.SignetProcess;
import io.signet.interop.support.Smbclient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet serve} as administrators run it, in a process of its own, reloaded with {@code kill -HUP <pid>}: the
 * new shares are served, the removed one refused, a changed restart-only setting is named in a WARN, and a file that
 * does not parse changes nothing. Observed with smbclient.
 */
class ServeReloadProcessTest {
    @TempDir
    Path dir;

    private Process serve;
    private final StringBuffer log = new StringBuffer();

    @AfterEach
    void stop() throws InterruptedException {
        if (serve != null) {
            serve.destroy(); // SIGTERM: the shutdown hook closes the server
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    @Test
    void sighupAppliesTheRewrittenConfigFileAndABrokenOneChangesNothing() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Files.writeString(a.resolve("in-a.txt"), "a");
        Files.writeString(b.resolve("in-b.txt"), "b");
        Path users = dir.resolve("users");
        UsersFile.addUser(users, "alice", "alice-pw");
        Path conf = dir.resolve("smb.conf");
        String global = "[global]\n  port = 0\n  bind address = 127.0.0.1\n  users file = " + users + "\n"
                + "  state dir = " + dir.resolve("state") + "\n";
        Files.writeString(conf, global + "[a]\n  path = " + a + "\n");

        int port = startServe("serve", "--config", conf.toString());
        Smbclient smbclient = new Smbclient(port, dir);
        assertServed(smbclient, "a", "in-a.txt");
        assertRefused(smbclient, "b", "NT_STATUS_BAD_NETWORK_NAME");

        rewrite(conf, global + "  max connections = 9\n[b]\n  path = " + b + "\n");
        hangUp("configuration reloaded");
        assertServed(smbclient, "b", "in-b.txt");
        assertRefused(smbclient, "a", "NT_STATUS_BAD_NETWORK_NAME");
        assertTrue(log.toString().contains("'max connections' changed in the configuration but cannot change while"
                + " running; restart to apply"), log.toString());

        rewrite(conf, global + "[c\n  path = " + a + "\n");
        hangUp("configuration not reloaded");
        assertTrue(log.toString().contains("ERROR"), log.toString());
        assertServed(smbclient, "b", "in-b.txt");
        assertRefused(smbclient, "a", "NT_STATUS_BAD_NETWORK_NAME");
    }

    @Test
    void withoutAConfigFileSighupReReadsTheUsersFile() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Files.writeString(a.resolve("in-a.txt"), "a");
        Path users = dir.resolve("users");
        UsersFile.addUser(users, "alice", "alice-pw");
        UsersFile.addUser(users, "bob", "bob-pw");
        int port = startServe("serve", "--port", "0", "--bind", "127.0.0.1", "--share", "a=" + a,
                "--users-file", users.toString(), "--state-dir", dir.resolve("state").toString());
        Smbclient smbclient = new Smbclient(port, dir);
        assertServed(smbclient, "a", "in-a.txt", "bob%bob-pw");

        Path aliceOnly = dir.resolve("users.new");
        UsersFile.addUser(aliceOnly, "alice", "alice-pw");
        Files.move(aliceOnly, users, StandardCopyOption.REPLACE_EXISTING);
        hangUp("configuration reloaded");

        assertRefused(smbclient, "a", "NT_STATUS_LOGON_FAILURE", "bob%bob-pw");
        assertServed(smbclient, "a", "in-a.txt", "alice%alice-pw");
    }

    /** Starts {@code signet} in a JVM of its own with this test's class path; returns the port it listens on. */
    private int startServe(String... args) throws Exception {
        serve = SignetProcess.start(log, List.of(args));
        Matcher m = awaitLog(SignetProcess.LISTENING, 0);
        return Integer.parseInt(m.group(1));
    }

    /** Sends SIGHUP as an administrator would, and waits for the server's answer in its log. */
    private void hangUp(String answer) throws Exception {
        int from = log.length();
        ExternalCommand.Result kill = ExternalCommand.run(dir, Duration.ofSeconds(30),
                List.of(ExternalCommand.require("kill", "procps"), "-HUP", Long.toString(serve.pid())));
        assertTrue(kill.exitCode() == 0, kill.describe() + "\n" + kill.output());
        awaitLog(Pattern.compile(Pattern.quote(answer)), from);
    }

    /** Waits for a line of the server's log from {@code from} on: the server answers at its own pace. */
    private Matcher awaitLog(Pattern wanted, int from) throws Exception {
        Matcher m = SignetProcess.awaitLog(serve, log, wanted, from);
        if (m == null) {
            fail("the server never logged " + wanted + "; its output:\n" + log);
        }
        return m;
    }

    private static void rewrite(Path file, String content) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void assertServed(Smbclient smbclient, String share, String file) {
        assertServed(smbclient, share, file, "alice%alice-pw");
    }

    private void assertServed(Smbclient smbclient, String share, String file, String credentials) {
        ExternalCommand.Result r = smbclient.run(share, List.of("-U", credentials), "ls");
        String context = r.describe() + "\n" + r.output() + "\nserver:\n" + log;
        assertFalse(r.output().contains("NT_STATUS_"), context);
        assertTrue(r.output().contains(file), context);
    }

    private void assertRefused(Smbclient smbclient, String share, String status) {
        assertRefused(smbclient, share, status, "alice%alice-pw");
    }

    private void assertRefused(Smbclient smbclient, String share, String status, String credentials) {
        ExternalCommand.Result r = smbclient.run(share, List.of("-U", credentials), "ls");
        assertTrue(r.output().contains(status), r.describe() + "\n" + r.output() + "\nserver:\n" + log);
    }
}

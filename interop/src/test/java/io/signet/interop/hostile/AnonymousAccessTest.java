package io.signet.interop.hostile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.config.MapToGuest;
import io.signet.config.ShareConfig;
import io.signet.config.SigningPolicy;
import io.signet.interop.support.ExternalCommand;
import io.signet.interop.support.ServerLog;
import io.signet.interop.support.Smbclient;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an anonymous session reaches when signing is not mandatory (the only policy under which it exists): IPC$ and
 * the shares with {@code guest ok = yes}, nothing else ([MS-SMB2] 3.3.5.7; Samba with {@code map to guest = never},
 * Windows, whose anonymous token is not in Everyone). Driven by Samba's smbclient: "-U % -N" is an anonymous logon.
 */
class AnonymousAccessTest {
    private static final List<String> ANONYMOUS = List.of("-U", "%", "-N");

    @TempDir
    Path data;
    @TempDir
    Path pub;
    @TempDir
    Path work;

    private SignetServer server;
    private Smbclient smbclient;
    private int logMark;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(data.resolve("private.txt"), "alice's");
        Files.writeString(pub.resolve("public.txt"), "everyone's");
        server = SignetServer.builder().signing(SigningPolicy.AUTO)
                .share("data", data)
                .share(new ShareConfig("pub", pub, true, "", true, true))
                .user("alice", "secret").port(0).bindAddress("127.0.0.1").start();
        smbclient = new Smbclient(server.port(), work);
        logMark = ServerLog.mark();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAnonymousSessionCannotConnectToAShareWithoutGuestOk() {
        ExternalCommand.Result r = smbclient.run("data", ANONYMOUS, "ls; get private.txt stolen.txt");
        String context = r.describe() + "\n" + r.output() + "\n" + ServerLog.dump(logMark);
        assertFalse(r.timedOut(), context);
        assertNotEquals(0, r.exitCode(), "the anonymous client reached the share:\n" + context);
        assertTrue(r.output().contains("NT_STATUS_ACCESS_DENIED"), "expected a refused tree connect:\n" + context);
        assertFalse(r.output().contains("private.txt"), "the anonymous client listed the share:\n" + context);
        assertFalse(Files.exists(work.resolve("stolen.txt")), context);
    }

    @Test
    void anAnonymousSessionReachesAGuestOkShare() {
        ExternalCommand.Result r = smbclient.run("pub", ANONYMOUS, "ls");
        Smbclient.assertSucceeded(r, logMark);
        assertTrue(r.output().contains("public.txt"), r.output());
    }

    @Test
    void anAnonymousListingShowsOnlyTheSharesItMayConnectTo() {
        ExternalCommand.Result r = smbclient.list(ANONYMOUS);
        String context = r.describe() + "\n" + r.output() + "\n" + ServerLog.dump(logMark);
        assertFalse(r.timedOut(), context);
        assertTrue(r.output().contains("pub"), "the guest share must be listed:\n" + context);
        assertTrue(r.output().contains("IPC$"), context);
        assertFalse(r.output().matches("(?s).*\\bdata\\b.*"), "a share anonymous may not use was listed:\n" + context);
    }

    /**
     * {@code map to guest = bad user}: an unknown user name becomes a guest session, which reaches the guest share
     * and nothing else; a known user with a wrong password is still refused.
     */
    @Test
    void anUnknownUserMappedToGuestReachesOnlyTheGuestShare() throws IOException {
        server.close();
        server = SignetServer.builder().signing(SigningPolicy.AUTO).mapToGuest(MapToGuest.BAD_USER)
                .share("data", data)
                .share(new ShareConfig("pub", pub, true, "", true, true))
                .user("alice", "secret").port(0).bindAddress("127.0.0.1").start();
        smbclient = new Smbclient(server.port(), work);
        List<String> nobody = List.of("-U", "nobody%whatever");

        ExternalCommand.Result pubAsGuest = smbclient.run("pub", nobody, "ls");
        Smbclient.assertSucceeded(pubAsGuest, logMark);
        assertTrue(pubAsGuest.output().contains("public.txt"), pubAsGuest.output());
        assertTrue(ServerLog.since(logMark).stream().anyMatch(l -> l.contains("mapped to guest")),
                ServerLog.dump(logMark));

        ExternalCommand.Result dataAsGuest = smbclient.run("data", nobody, "ls");
        assertNotEquals(0, dataAsGuest.exitCode(), dataAsGuest.output());
        assertTrue(dataAsGuest.output().contains("NT_STATUS_ACCESS_DENIED"), dataAsGuest.output());

        ExternalCommand.Result wrongPassword = smbclient.run("pub", List.of("-U", "alice%wrong"), "ls");
        assertNotEquals(0, wrongPassword.exitCode(), wrongPassword.output());
        assertTrue(wrongPassword.output().contains("NT_STATUS_LOGON_FAILURE"), wrongPassword.output());
    }

    @Test
    void theUserStillReachesTheShare() {
        ExternalCommand.Result r = smbclient.run("data", List.of("-U", "alice%secret"), "ls");
        Smbclient.assertSucceeded(r, logMark);
        assertTrue(r.output().contains("private.txt"), r.output());
    }
}

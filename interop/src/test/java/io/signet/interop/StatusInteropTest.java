package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import io.signet.config.MapToGuest;
import io.signet.config.ServerConfig;
import io.signet.config.ShareConfig;
import io.signet.config.SigningPolicy;
import io.signet.interop.support.JsonReader;
import io.signet.interop.support.ServerLog;
import io.signet.interop.support.Smbclient;
import io.signet.server.SignetServer;
import io.signet.server.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code signet status} against a server that smbj and smbclient are connected to, each holding an open: the command
 * line entry, run as a user would run it against the server's admin socket, shows both sessions with their users,
 * dialect and signing algorithm, their tree connects, and the opens with path, access, share mode and locks, as
 * JSON and as tables.
 */
class StatusInteropTest {
    private static final String SERVER = "STATUSTEST";

    @TempDir
    Path share;
    @TempDir
    Path work;

    private SignetServer server;
    private SMBClient smbj;
    private Process smbclient;
    private Process guest;

    @BeforeEach
    void startServer() throws IOException {
        ServerConfig config = ServerConfig.builder().serverName(SERVER).share("data", share)
                .user("alice", "secret").user("bob", "hunter2").port(0).bindAddress("127.0.0.1")
                .stateDir(work.resolve("state")).build();
        server = SignetServer.start(config);
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : new Process[] {smbclient, guest}) {
            if (p != null) {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (smbj != null) {
            smbj.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void showsTheSessionsTreesAndOpensOfSmbjAndSmbclient() throws Exception {
        Files.writeString(share.resolve("held-by-smbj.txt"), "x".repeat(100));
        Files.writeString(share.resolve("held-by-smbclient.txt"), "y");
        Path socket = server.adminSocket().orElseThrow(() -> new AssertionError("the server bound no admin socket"));
        assertEquals(work.resolve("state").resolve("admin.sock").toAbsolutePath(), socket);

        smbj = new SMBClient(SmbConfig.builder().withDialects(SMB2Dialect.SMB_3_1_1).withSigningRequired(true)
                .withMultiProtocolNegotiate(false).build());
        Connection connection = smbj.connect("127.0.0.1", server.port());
        Session session = connection.authenticate(new AuthenticationContext("alice", "secret".toCharArray(), null));
        DiskShare disk = (DiskShare) session.connectShare("data");
        File held = disk.openFile("held-by-smbj.txt", EnumSet.of(AccessMask.FILE_READ_DATA, AccessMask.FILE_WRITE_DATA),
                null, EnumSet.of(SMB2ShareAccess.FILE_SHARE_READ), SMB2CreateDisposition.FILE_OPEN, null);
        held.requestLock().exclusiveLock(0, 10, true).sharedLock(20, 5, true).send();

        int mark = ServerLog.mark();
        Path smbclientOut = work.resolve("smbclient.out");
        smbclient = new Smbclient(server.port(), work).startInteractive("data",
                List.of("-U", "bob%hunter2", "-m", "SMB3_11", "--option=client signing=required"), smbclientOut);
        OutputStream commands = smbclient.getOutputStream();
        commands.write("open held-by-smbclient.txt\n".getBytes(StandardCharsets.US_ASCII));
        commands.flush();

        Map<String, Object> bob = awaitSessionWithOpen("bob", smbclientOut, mark);
        Map<String, Object> status = json(run("status", "--socket", socket.toString(), "--json"));
        assertEquals(SERVER, status.get("server"));
        List<Map<String, Object>> sessions = list(status.get("sessions"));
        assertEquals(2, sessions.size(), "sessions: " + sessions);
        Map<String, Object> alice = sessionOf(status, SERVER + "\\alice");
        bob = sessionOf(status, SERVER + "\\bob");

        for (Map<String, Object> s : List.of(alice, bob)) {
            assertEquals("user", s.get("kind"));
            assertEquals("valid", s.get("state"));
            assertEquals("3.1.1", s.get("dialect"));
            assertEquals(Boolean.TRUE, s.get("signingRequired"));
            assertEquals(Boolean.FALSE, s.get("encryptData"));
            assertEquals(List.of(s.get("client")), s.get("channels"));
            assertTrue(((String) s.get("client")).startsWith("127.0.0.1:"), "client: " + s.get("client"));
            assertTrue(trees(s).contains("data"), "trees: " + s.get("trees"));
        }
        // smbj offers no SMB2_SIGNING_CAPABILITIES, so 3.1.1 signs with AES-CMAC ([MS-SMB2] 3.3.5.5.3); smbclient
        // offers AES-128-GMAC first, which the server prefers.
        assertEquals("AES-CMAC", alice.get("signing"));
        assertEquals("AES-GMAC", bob.get("signing"));
        // smbclient negotiates a cipher (without asking for encryption); smbj offers none.
        assertEquals("none", alice.get("cipher"));
        assertEquals("AES-128-GCM", bob.get("cipher"));
        assertTrue(!alice.get("client").equals(bob.get("client")), "two connections");

        Map<String, Object> aliceOpen = single(list(alice.get("opens")));
        assertEquals("data", aliceOpen.get("share"));
        assertEquals("held-by-smbj.txt", aliceOpen.get("path"));
        assertEquals(1L, aliceOpen.get("shareAccess")); // FILE_SHARE_READ
        assertEquals(2L, aliceOpen.get("locks"));
        assertEquals("none", aliceOpen.get("oplock"));
        long aliceAccess = (Long) aliceOpen.get("grantedAccess");
        assertEquals(0x3, aliceAccess & 0x3, "FILE_READ_DATA | FILE_WRITE_DATA in " + Long.toHexString(aliceAccess));

        Map<String, Object> bobOpen = single(list(bob.get("opens")));
        assertEquals("data", bobOpen.get("share"));
        assertEquals("held-by-smbclient.txt", bobOpen.get("path"));
        assertEquals(0L, bobOpen.get("locks"));
        assertEquals(3L, bobOpen.get("shareAccess")); // smbclient's open shares reading and writing

        String table = run("status", "--socket", socket.toString());
        System.out.println(table); // beside the server log in the test's output file
        assertTrue(table.startsWith("Signet " + SERVER + ": 2 sessions\n"), table);
        assertTrue(table.contains(SERVER + "\\alice"), table);
        assertTrue(table.lines().anyMatch(l -> l.contains(SERVER + "\\alice") && l.contains("3.1.1")
                && l.contains("AES-CMAC") && l.contains("valid")), table);
        assertTrue(table.lines().anyMatch(l -> l.contains(SERVER + "\\bob") && l.contains("AES-GMAC")), table);
        assertTrue(table.lines().anyMatch(l -> l.contains(SERVER + "\\alice") && l.contains("held-by-smbj.txt")
                && l.contains("R--") && l.matches(".*\\s2$")), table);
        assertTrue(table.lines().anyMatch(l -> l.contains(SERVER + "\\bob") && l.contains("held-by-smbclient.txt")),
                table);
        assertTrue(table.lines().anyMatch(l -> l.contains(SERVER + "\\alice") && l.matches(".*\\sdata\\s+\\d+$")),
                table);

        held.close();
        Map<String, Object> after = json(run("status", "--socket", socket.toString(), "--json"));
        assertEquals(List.of(), sessionOf(after, SERVER + "\\alice").get("opens"), "the closed open is gone");
    }

    /**
     * Guest and anonymous sessions: no key, so no signing algorithm and no signing required; the kind says which.
     * Two smbclients stay connected to the guest share, one anonymous and one with an unknown user name that
     * {@code map to guest = bad user} makes a guest.
     */
    @Test
    void showsAnonymousAndGuestSessionsAsSuch() throws Exception {
        server.close();
        server = SignetServer.start(ServerConfig.builder().serverName(SERVER).signing(SigningPolicy.AUTO)
                .mapToGuest(MapToGuest.BAD_USER).share(new ShareConfig("pub", share, false, "", true, true))
                .user("alice", "secret").port(0).bindAddress("127.0.0.1").stateDir(work.resolve("state")).build());
        int mark = ServerLog.mark();
        Smbclient client = new Smbclient(server.port(), work);
        smbclient = client.startInteractive("pub", List.of("-U", "%", "-N"), work.resolve("anonymous.out"));
        guest = client.startInteractive("pub", List.of("-U", "nobody%whatever"), work.resolve("guest.out"));

        Map<String, Object> anonymous = awaitSession(s -> "anonymous".equals(s.get("kind")) && trees(s).contains("pub"),
                work.resolve("anonymous.out"), mark);
        Map<String, Object> mapped = awaitSession(s -> "guest".equals(s.get("kind")) && trees(s).contains("pub"),
                work.resolve("guest.out"), mark);
        assertEquals("NT AUTHORITY\\ANONYMOUS LOGON", anonymous.get("user"));
        for (Map<String, Object> s : List.of(anonymous, mapped)) {
            assertEquals("none", s.get("signing"));
            assertEquals(Boolean.FALSE, s.get("signingRequired"));
            assertEquals("valid", s.get("state"));
        }
        String table = run("status", "--socket", server.adminSocket().orElseThrow().toString());
        assertTrue(table.lines().anyMatch(l -> l.contains("NT AUTHORITY\\ANONYMOUS LOGON  anonymous")
                && l.contains(" none ")), table);
        assertTrue(table.lines().anyMatch(l -> l.contains(" guest ") && l.contains(" none ")), table);
    }

    /** Polls the status until {@code user}'s session holds an open: smbclient opens the file when it gets to it. */
    private Map<String, Object> awaitSessionWithOpen(String user, Path smbclientOut, int mark) throws Exception {
        return awaitSession(s -> s.get("user").equals(SERVER + "\\" + user) && !list(s.get("opens")).isEmpty(),
                smbclientOut, mark);
    }

    /** Polls the status until a session matches: smbclient gets there at its own pace. */
    private Map<String, Object> awaitSession(Predicate<Map<String, Object>> wanted, Path smbclientOut, int mark)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Map<String, Object> status = json(run("status", "--socket",
                    server.adminSocket().orElseThrow().toString(), "--json"));
            for (Map<String, Object> s : list(status.get("sessions"))) {
                if (wanted.test(s)) {
                    return s;
                }
            }
            if (!smbclient.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        fail("no such session; smbclient's output:\n" + Files.readString(smbclientOut) + "\n"
                + ServerLog.dump(mark));
        return null;
    }

    /** Runs the {@code signet} command line in this JVM, as the launcher would; returns what it printed. */
    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        assertEquals(0, code, "signet " + String.join(" ", args) + ": " + err);
        return out.toString();
    }

    private static Map<String, Object> sessionOf(Map<String, Object> status, String user) {
        return list(status.get("sessions")).stream().filter(s -> user.equals(s.get("user"))).findFirst()
                .orElseThrow(() -> new AssertionError("no session of " + user + " in " + status));
    }

    private static List<Object> trees(Map<String, Object> session) {
        return list(session.get("trees")).stream().map(t -> t.get("share")).toList();
    }

    private static Map<String, Object> single(List<Map<String, Object>> items) {
        assertEquals(1, items.size(), "expected one: " + items);
        return items.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return (Map<String, Object>) JsonReader.parse(text);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}

package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.signet.config.ServerConfig;
import io.signet.config.ServerConfigBuilder;
import io.signet.config.ShareConfig;
import io.signet.interop.support.ExternalCommand;
import io.signet.interop.support.ServerLog;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jcifs.CIFSContext;
import jcifs.CIFSException;
import jcifs.config.PropertyConfiguration;
import jcifs.context.BaseContext;
import jcifs.smb.NtlmPasswordAuthenticator;
import jcifs.SmbConstants;
import jcifs.dcerpc.DcerpcHandle;
import jcifs.dcerpc.msrpc.MsrpcShareEnum;
import jcifs.smb.FileEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Share enumeration through IPC$ and the srvsvc pipe, driven by real clients: {@code smbclient -L} at each SMB2/3
 * dialect, {@code rpcclient} (NetrShareEnum, NetrShareGetInfo, NetrServerGetInfo) and jcifs-ng's srvsvc client. Two
 * browseable shares with comments, a read-only one and a {@code browseable = no} one: the first three and IPC$ are
 * listed, the hidden one is not but can still be asked for by name. An anonymous listing is refused (signing is
 * mandatory) and does not stop the next one.
 */
class ShareListingInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String SERVER_NAME = "SIGNETTEST";

    @TempDir
    static Path root;

    private static SignetServer server;
    private static Path work;
    private static Path emptyConfig;
    /** The browseable disk shares: name to comment. */
    private static final Map<String, String> BROWSEABLE = new LinkedHashMap<>();
    /** The browseable disk shares: name to local directory. */
    private static final Map<String, Path> PATHS = new LinkedHashMap<>();
    private static final String HIDDEN = "hidden";
    private static Path hiddenPath;

    /**
     * @param option  smbclient's name for the dialect (-m and client min protocol)
     * @param dialect how the server names it in its log
     */
    record Dialect(String option, String dialect) {
        @Override
        public String toString() {
            return option;
        }
    }

    static Stream<Dialect> dialects() {
        return Stream.of(
                new Dialect("SMB2_02", "2.0.2"),
                new Dialect("SMB2_10", "2.1"),
                new Dialect("SMB3_00", "3.0"),
                new Dialect("SMB3_11", "3.1.1"));
    }

    @BeforeAll
    static void startServer() throws IOException {
        work = Files.createDirectories(root.resolve("work"));
        emptyConfig = work.resolve("empty-smb.conf");
        Files.write(emptyConfig, new byte[0]);
        BROWSEABLE.put("team", "Team data");
        BROWSEABLE.put("photos", "Photos");
        BROWSEABLE.put("archive", "Old projects, read only");
        ServerConfigBuilder config = ServerConfig.builder()
                .bindAddress("127.0.0.1").port(0).user("alice", "secret")
                .stateDir(root.resolve("state")).serverName(SERVER_NAME);
        for (String name : BROWSEABLE.keySet()) {
            Path dir = Files.createDirectories(root.resolve("shares").resolve(name));
            PATHS.put(name, dir);
            config.share(new ShareConfig(name, dir, name.equals("archive"), BROWSEABLE.get(name), true, false));
        }
        hiddenPath = Files.createDirectories(root.resolve("shares").resolve(HIDDEN));
        config.share(new ShareConfig(HIDDEN, hiddenPath, false, "Not in listings", false, false));
        server = SignetServer.start(config.build());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "smbclient -L at {0}")
    @MethodSource("dialects")
    void smbclientListsBrowseableSharesAndIpc(Dialect dialect) {
        int mark = ServerLog.mark();
        ExternalCommand.Result result = smbclientList(List.of("-U", "alice%secret", "-m", dialect.option(),
                "--option=client min protocol=" + dialect.option()));
        String context = context(result, mark);
        assertFalse(result.timedOut(), "smbclient -L did not finish:\n" + context);
        assertEquals(0, result.exitCode(), "smbclient -L failed:\n" + context);
        assertFalse(result.output().contains("NT_STATUS_"), "smbclient -L reported an error:\n" + context);

        Map<String, String[]> listed = parseListing(result.output());
        for (Map.Entry<String, String> share : BROWSEABLE.entrySet()) {
            String[] row = listed.get(share.getKey());
            assertTrue(row != null, "share '" + share.getKey() + "' is not listed:\n" + context);
            assertEquals("Disk", row[0], "type of " + share.getKey() + ":\n" + context);
            assertEquals(share.getValue(), row[1], "comment of " + share.getKey() + ":\n" + context);
        }
        String[] ipc = listed.get("IPC$");
        assertTrue(ipc != null, "IPC$ is not listed:\n" + context);
        assertEquals("IPC", ipc[0], "type of IPC$:\n" + context);
        assertEquals("IPC Service", ipc[1], "comment of IPC$:\n" + context);
        assertFalse(listed.keySet().stream().anyMatch(HIDDEN::equalsIgnoreCase),
                "the browseable = no share is listed:\n" + context);
        assertEquals(BROWSEABLE.size() + 1, listed.size(), "exactly the browseable shares and IPC$:\n" + context);

        Pattern established = Pattern.compile("session \\p{XDigit}+ established for \\S*\\\\alice \\("
                + Pattern.quote(dialect.dialect()) + ", signing required\\)");
        assertFalse(ServerLog.matching(mark, established).isEmpty(),
                "expected a " + dialect.dialect() + " session with signing required:\n" + context);
    }

    @Test
    void rpcclientEnumeratesSharesAndServer() {
        int mark = ServerLog.mark();
        ExternalCommand.Result result = rpcclient("netshareenumall; netsharegetinfo " + HIDDEN + "; srvinfo");
        String context = context(result, mark);
        assertFalse(result.timedOut(), "rpcclient did not finish:\n" + context);
        assertEquals(0, result.exitCode(), "rpcclient failed:\n" + context);
        assertFalse(Pattern.compile("WERR_|NT_STATUS_|result was").matcher(result.output()).find(),
                "rpcclient reported an error:\n" + context);

        // netshareenumall (level 2): a netname line, then remark and path, for each share.
        Map<String, Map<String, String>> shares = parseShareInfo(result.output());
        for (Map.Entry<String, String> share : BROWSEABLE.entrySet()) {
            Map<String, String> info = shares.get(share.getKey());
            assertTrue(info != null, "netshareenumall/getinfo did not report '" + share.getKey() + "':\n" + context);
            assertEquals(share.getValue(), info.get("remark"), "remark of " + share.getKey() + ":\n" + context);
            assertEquals(PATHS.get(share.getKey()).toString(), info.get("path"),
                    "path of " + share.getKey() + ":\n" + context);
        }
        assertTrue(shares.containsKey("IPC$"), "netshareenumall did not report IPC$:\n" + context);
        assertEquals("IPC Service", shares.get("IPC$").get("remark"), "remark of IPC$:\n" + context);

        // The hidden share appears once: from netsharegetinfo, not from the enumeration.
        long hiddenBlocks = result.lines().stream().filter(l -> l.strip().equals("netname: " + HIDDEN)).count();
        assertEquals(1, hiddenBlocks, "'" + HIDDEN + "' should appear only in the netsharegetinfo answer:\n"
                + context);
        Map<String, String> hidden = shares.get(HIDDEN);
        assertEquals("Not in listings", hidden.get("remark"), "remark of " + HIDDEN + ":\n" + context);
        assertEquals(hiddenPath.toString(), hidden.get("path"), "path of " + HIDDEN + ":\n" + context);

        // srvinfo: NetrServerGetInfo level 101.
        String out = result.output();
        assertTrue(Pattern.compile("(?m)^\\s*" + SERVER_NAME + "\\s").matcher(out).find(),
                "srvinfo does not print the server name " + SERVER_NAME + ":\n" + context);
        assertTrue(Pattern.compile("(?m)^\\s*platform_id\\s*:\\s*500\\s*$").matcher(out).find(),
                "srvinfo does not print platform_id 500:\n" + context);
        assertTrue(Pattern.compile("(?m)^\\s*os version\\s*:\\s*10\\.0\\s*$").matcher(out).find(),
                "srvinfo does not print os version 10.0:\n" + context);
    }

    @Test
    void rpcclientGetInfoOnUnknownShareFails() {
        int mark = ServerLog.mark();
        ExternalCommand.Result result = rpcclient("netsharegetinfo nosuchshare");
        String context = context(result, mark);
        assertFalse(result.timedOut(), "rpcclient did not finish:\n" + context);
        // [MS-SRVS] 3.1.4.10: NERR_NetNameNotFound (2310) for a share that does not exist, which rpcclient names
        // WERR_NERR_NETNAMENOTFOUND and turns into exit status 1.
        assertNotEquals(0, result.exitCode(), "rpcclient should fail for an unknown share:\n" + context);
        assertTrue(result.output().contains("result was WERR_NERR_NETNAMENOTFOUND"),
                "expected NERR_NetNameNotFound for an unknown share:\n" + context);
        assertFalse(result.output().contains("netname: nosuchshare"), "an unknown share was described:\n" + context);

        // The same server still answers a good request afterwards.
        ExternalCommand.Result again = rpcclient("netsharegetinfo team");
        assertEquals(0, again.exitCode(), "rpcclient failed after the refused request:\n" + context(again, mark));
        assertTrue(again.output().contains("netname: team"), context(again, mark));
    }

    /**
     * jcifs-ng's own srvsvc client, the call {@code SmbFile.list()} makes for an {@code smb://host/} URL
     * ({@code SmbEnumerationUtil.doMsrpcShareEnum}: NetrShareEnum level 1 over {@code \\PIPE\\srvsvc}).
     *
     * <p>{@code new SmbFile("smb://127.0.0.1:PORT/", ctx).list()} itself cannot be used against a server on any port
     * but 445: jcifs-ng 2.1.10 builds the pipe's binding as {@code ncacn_np:<host>[endpoint=\\PIPE\\srvsvc,
     * address=<ip>]} from the URL's host alone, so the pipe is opened on a new connection to port 445 and the
     * listing fails with "Failed to connect: 0.0.0.0&lt;00&gt;/127.0.0.1" (connection refused); over SMB2 it does not
     * fall back to RAP. Here the binding names the server's port, and everything after that is jcifs-ng's code.
     */
    @ParameterizedTest(name = "jcifs-ng srvsvc share enumeration, {0}")
    @ValueSource(strings = {"SMB202", "SMB311"})
    void jcifsEnumeratesBrowseableShares(String dialect) throws IOException {
        int mark = ServerLog.mark();
        CIFSContext context = jcifsContext(dialect);
        Map<String, FileEntry> entries = new LinkedHashMap<>();
        MsrpcShareEnum rpc = new MsrpcShareEnum("127.0.0.1");
        try (DcerpcHandle handle = DcerpcHandle.getHandle(
                "ncacn_np:127.0.0.1:" + server.port() + "[\\PIPE\\srvsvc]", context)) {
            handle.sendrecv(rpc);
        } catch (IOException e) {
            throw new AssertionError("jcifs-ng's NetrShareEnum failed: " + e + "\n" + ServerLog.dump(mark), e);
        } finally {
            context.close();
        }
        assertEquals(0, rpc.retval, "NetrShareEnum result\n" + ServerLog.dump(mark));
        for (FileEntry entry : rpc.getEntries()) {
            entries.put(entry.getName(), entry);
        }
        String got = "jcifs-ng got " + entries.values() + "\n" + ServerLog.dump(mark);
        Set<String> expected = new HashSet<>(BROWSEABLE.keySet());
        expected.add("IPC$");
        assertEquals(expected, entries.keySet(), "shares enumerated\n" + got);
        for (Map.Entry<String, String> share : BROWSEABLE.entrySet()) {
            FileEntry entry = entries.get(share.getKey());
            assertEquals(SmbConstants.TYPE_SHARE, entry.getType(), "type of " + share.getKey() + "\n" + got);
            assertTrue(entry.toString().contains("remark=" + share.getValue() + "]"),
                    "remark of " + share.getKey() + "\n" + got);
        }
        assertEquals(SmbConstants.TYPE_NAMED_PIPE, entries.get("IPC$").getType(), "type of IPC$\n" + got);

        String expectedDialect = dialect.equals("SMB202") ? "2.0.2" : "3.1.1";
        Pattern established = Pattern.compile("session \\p{XDigit}+ established for \\S*\\\\alice \\("
                + Pattern.quote(expectedDialect) + ", signing required\\)");
        assertFalse(ServerLog.matching(mark, established).isEmpty(),
                "expected a " + expectedDialect + " session with signing required\n" + ServerLog.dump(mark));
    }

    @Test
    void anonymousListingIsRefusedAndServerKeepsServing() {
        int mark = ServerLog.mark();
        // "-U %": an anonymous logon. A bare -N would first log on as the local user with an empty password and,
        // with client signing required, not fall back to anonymous at all.
        ExternalCommand.Result refused = smbclientList(List.of("-U", "%", "-N"));
        String context = context(refused, mark);
        assertFalse(refused.timedOut(), "smbclient -L -N hung:\n" + context);
        assertNotEquals(0, refused.exitCode(), "an anonymous listing should fail:\n" + context);
        assertTrue(refused.output().contains("NT_STATUS_ACCESS_DENIED"),
                "expected the anonymous logon to be refused with NT_STATUS_ACCESS_DENIED:\n" + context);
        assertFalse(refused.output().contains("IPC Service") || refused.output().contains("Team data"),
                "the anonymous client got a listing:\n" + context);
        assertTrue(ServerLog.since(mark).stream()
                        .anyMatch(l -> l.contains("anonymous logon refused: signing is mandatory")),
                "expected the server to log the refused anonymous logon:\n" + context);
        assertTrue(ServerLog.matching(mark, Pattern.compile("session \\p{XDigit}+ established")).isEmpty(),
                "the server established a session for an anonymous logon:\n" + context);

        int goodMark = ServerLog.mark();
        ExternalCommand.Result good = smbclientList(List.of("-U", "alice%secret"));
        String goodContext = context(good, goodMark);
        assertEquals(0, good.exitCode(), "a good listing after the refusal failed:\n" + goodContext);
        Map<String, String[]> listed = parseListing(good.output());
        assertTrue(listed.keySet().containsAll(BROWSEABLE.keySet()) && listed.containsKey("IPC$"),
                "a good listing after the refusal is incomplete: " + listed.keySet() + "\n" + goodContext);
    }

    private static ExternalCommand.Result smbclientList(List<String> options) {
        String binary = ExternalCommand.require("smbclient", "smbclient");
        List<String> command = new ArrayList<>(List.of(binary, "--configfile=" + emptyConfig, "-L", "//127.0.0.1",
                "-p", Integer.toString(server.port()), "--option=client signing=required"));
        command.addAll(options);
        return ExternalCommand.run(work, TIMEOUT, command);
    }

    private static ExternalCommand.Result rpcclient(String commands) {
        String binary = ExternalCommand.require("rpcclient", "smbclient");
        List<String> command = List.of(binary, "--configfile=" + emptyConfig, "127.0.0.1",
                "--port", Integer.toString(server.port()), "-U", "alice%secret", "-c", commands);
        return ExternalCommand.run(work, TIMEOUT, command);
    }

    /**
     * The rows of smbclient's share table ({@code "\t%-15s %-10.10s%s"}: name, type, comment): name to
     * {type, comment}.
     */
    private static Map<String, String[]> parseListing(String output) {
        Pattern row = Pattern.compile("^\\t(\\S+)\\s+(Disk|IPC|Printer|Device)\\s*(.*)$");
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : output.lines().toList()) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1), new String[] {m.group(2), m.group(3).strip()});
            }
        }
        return rows;
    }

    /** rpcclient's share blocks: {@code netname: X} followed by {@code \tkey:\tvalue} lines; name to fields. */
    private static Map<String, Map<String, String>> parseShareInfo(String output) {
        Map<String, Map<String, String>> shares = new LinkedHashMap<>();
        Map<String, String> current = null;
        Pattern field = Pattern.compile("^\\s+(\\w[\\w ]*?):\\t(.*)$");
        for (String line : output.lines().toList()) {
            if (line.startsWith("netname: ")) {
                current = new LinkedHashMap<>();
                shares.put(line.substring("netname: ".length()).strip(), current);
                continue;
            }
            Matcher m = field.matcher(line);
            if (current != null && m.matches()) {
                current.putIfAbsent(m.group(1).strip(), m.group(2).strip());
            } else if (!line.startsWith("\t")) {
                current = null;
            }
        }
        return shares;
    }

    private static CIFSContext jcifsContext(String dialect) {
        Properties p = new Properties();
        p.setProperty("jcifs.smb.client.minVersion", dialect);
        p.setProperty("jcifs.smb.client.maxVersion", dialect);
        p.setProperty("jcifs.smb.client.signingEnforced", "true");
        p.setProperty("jcifs.resolveOrder", "DNS");
        p.setProperty("jcifs.smb.client.dfs.disabled", "true");
        p.setProperty("jcifs.smb.client.responseTimeout", "30000");
        try {
            return new BaseContext(new PropertyConfiguration(p))
                    .withCredentials(new NtlmPasswordAuthenticator("", "alice", "secret"));
        } catch (CIFSException e) {
            return fail("cannot configure jcifs-ng", e);
        }
    }

    private static String context(ExternalCommand.Result result, int mark) {
        return result.describe() + "\n" + result.output() + "\n" + ServerLog.dump(mark);
    }
}

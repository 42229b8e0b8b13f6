package io.signet.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.config.ConfigException;
import io.signet.config.MetricsEndpoint;
import io.signet.config.ServerConfig;
import io.signet.config.SigningPolicy;
import io.signet.config.SmbConfParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code signet serve} flag handling, {@code signet user add} and {@code signet config check}. */
class CliTest {
    @TempDir
    Path dir;

    private static ServeCommand parse(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    @Test
    void flagsAloneBuildTheConfig() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        ServerConfig cfg = parse("--share", "data=" + data, "--user", "alice:se:cret", "--port", "4450",
                "--bind", "127.0.0.1", "--signing", "auto").buildConfig();
        assertEquals(4450, cfg.port());
        assertEquals("127.0.0.1", cfg.bindAddress());
        assertEquals(SigningPolicy.AUTO, cfg.signing());
        assertEquals(1, cfg.shares().size());
        assertEquals("data", cfg.shares().get(0).name());
        assertEquals(data, cfg.shares().get(0).path());
        assertEquals(Map.of("alice", "se:cret"), cfg.users(), "the password is everything after the first colon");
    }

    @Test
    void defaultsWithoutFlags() {
        ServerConfig cfg = parse().buildConfig();
        assertEquals(ServerConfig.DEFAULT_PORT, cfg.port());
        assertEquals(SigningPolicy.MANDATORY, cfg.signing());
        assertTrue(cfg.shares().isEmpty());
    }

    @Test
    void flagsOverrideTheConfigFileAndSharesAddUp() throws IOException {
        Path fromFile = Files.createDirectory(dir.resolve("fromfile"));
        Path fromFlag = Files.createDirectory(dir.resolve("fromflag"));
        Path conf = dir.resolve("smb.conf");
        Files.writeString(conf, String.join("\n",
                "[global]",
                "port = 1445",
                "server signing = auto",
                "netbios name = FILEHOST",
                "",
                "[files]",
                "path = " + fromFile,
                ""));

        ServerConfig fileOnly = parse("--config", conf.toString()).buildConfig();
        assertEquals(1445, fileOnly.port());
        assertEquals(SigningPolicy.AUTO, fileOnly.signing());
        assertEquals("FILEHOST", fileOnly.serverName());

        ServerConfig layered = parse("--config", conf.toString(), "--port", "2445", "--signing", "mandatory",
                "--share", "extra=" + fromFlag, "--user", "bob:pw").buildConfig();
        assertEquals(2445, layered.port(), "--port overrides the file");
        assertEquals(SigningPolicy.MANDATORY, layered.signing(), "--signing overrides the file");
        assertEquals("FILEHOST", layered.serverName(), "what no flag sets stays as the file says");
        assertEquals(List.of("files", "extra"), layered.shares().stream().map(s -> s.name()).toList());
        assertEquals(Map.of("bob", "pw"), layered.users());
    }

    @Test
    void shareFlagDuplicatingAFileShareIsAConfigException() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path conf = dir.resolve("smb.conf");
        Files.writeString(conf, "[data]\npath = " + data + "\n");
        assertThrows(ConfigException.class,
                () -> parse("--config", conf.toString(), "--share", "DATA=" + data).buildConfig());
    }

    @ParameterizedTest
    @ValueSource(strings = {"data", "=/tmp", "data=", "", "/tmp"})
    void badShareValueIsAConfigException(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("--share", value).buildConfig());
        assertTrue(e.getMessage().contains("--share"), e.getMessage());
    }

    @Test
    void shareFlagNamingAMissingDirectoryIsAConfigException() {
        Path missing = dir.resolve("nope");
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("--share", "data=" + missing).buildConfig());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", ":secret"})
    void badUserValueIsAConfigException(String value) {
        assertThrows(ConfigException.class, () -> parse("--user", value).buildConfig());
    }

    @Test
    void realmAndKeytabFlags() throws IOException {
        Path keytab = Files.write(dir.resolve("signet.keytab"), new byte[] {5, 2});
        ServerConfig cfg = parse("--realm", "EXAMPLE.COM", "--keytab", keytab.toString()).buildConfig();
        assertEquals("EXAMPLE.COM", cfg.realm());
        assertEquals(keytab, cfg.kerberosKeytab());
        assertThrows(ConfigException.class, () -> parse("--realm", "EXAMPLE.COM").buildConfig());
    }

    @Test
    void multiChannelFlag() {
        assertTrue(parse().buildConfig().multiChannel());
        assertFalse(parse("--multi-channel", "no").buildConfig().multiChannel());
        assertTrue(parse("--multi-channel", "yes").buildConfig().multiChannel());
        assertThrows(ConfigException.class, () -> parse("--multi-channel", "sometimes").buildConfig());
    }

    @Test
    void metricsFlagsOverrideTheFile(@TempDir Path dir) throws IOException {
        assertNull(parse().buildConfig().metrics());
        assertEquals(new MetricsEndpoint("127.0.0.1", 9445), parse("--metrics-port", "9445").buildConfig().metrics());
        assertEquals(new MetricsEndpoint("0.0.0.0", 9445),
                parse("--metrics-port", "9445", "--metrics-bind", "0.0.0.0").buildConfig().metrics());
        Path conf = Files.writeString(dir.resolve("smb.conf"), "[global]\nmetrics port = 9100\n");
        assertEquals(9100, parse("--config", conf.toString()).buildConfig().metrics().port());
        assertNull(parse("--config", conf.toString(), "--metrics-port", "0").buildConfig().metrics());
        assertThrows(ConfigException.class, () -> parse("--metrics-port", "70000").buildConfig());
    }

    @Test
    void portOutOfRangeIsAConfigException() {
        assertThrows(ConfigException.class, () -> parse("--port", "70000").buildConfig());
    }

    @Test
    void serveWithABadShareExitsWithUsageCodeWithoutStarting() {
        int code = new CommandLine(new Main()).execute("serve", "--share", "nonsense");
        assertEquals(2, code);
    }

    @Test
    void userAddWithPasswordStdinWritesAnOwnerOnlyUsersFile() throws IOException {
        Path users = dir.resolve("users");
        int code = withStdin("s3cret-pass\nignored second line\n",
                () -> new CommandLine(new Main()).execute("user", "add", "alice", "--users-file", users.toString(),
                        "--password-stdin"));
        assertEquals(0, code);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        List<String> lines = Files.readAllLines(users);
        assertEquals(1, lines.size(), lines.toString());
        // alice:<NT hash>, never the password
        assertTrue(lines.get(0).matches("alice:[0-9a-f]{32}"), lines.get(0));
        assertFalse(Files.readString(users).contains("s3cret"));

        // the same password hashes the same; a different one changes the line in place
        String first = lines.get(0);
        assertEquals(0, withStdin("other-pass\n", () -> new CommandLine(new Main()).execute("user", "add", "ALICE",
                "--users-file", users.toString(), "--password-stdin")));
        List<String> after = Files.readAllLines(users);
        assertEquals(1, after.size(), "same user (names ignore case) replaced, not added: " + after);
        assertNotEquals(first.substring(first.indexOf(':')), after.get(0).substring(after.get(0).indexOf(':')));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
    }

    @Test
    void userAddWithEmptyStdinFailsAndWritesNothing() {
        Path users = dir.resolve("users");
        int code = withStdin("", () -> new CommandLine(new Main()).execute("user", "add", "alice", "--users-file",
                users.toString(), "--password-stdin"));
        assertEquals(2, code);
        assertFalse(Files.exists(users));
    }

    /** Runs {@code signet ARGS}; returns the exit code, stdout and stderr. */
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void configCheckPrintsTheEffectiveConfigurationWhichParsesBack() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path conf = Files.writeString(dir.resolve("smb.conf"), String.join("\n",
                "[global]",
                "  smb ports = 4450",
                "  server signing = auto",
                "  netbios name = filer",
                "[Data]",
                "  path = data",
                "  writable = yes",
                "  guest ok = yes",
                ""));
        Run check = run("config", "check", conf.toString());
        assertEquals(0, check.code(), check.err());
        assertEquals("Loaded config file " + conf + System.lineSeparator(), check.err());
        assertTrue(check.out().startsWith("[global]\n\tport = 4450\n"), check.out());
        assertTrue(check.out().contains("\tmax connections = 16384\n"), "defaults are printed: " + check.out());
        assertTrue(check.out().contains("[Data]\n\tpath = " + data + "\n\tread only = no\n"), check.out());

        Path printed = Files.writeString(dir.resolve("printed.conf"), check.out());
        assertEquals(SmbConfParser.parse(conf), SmbConfParser.parse(printed));
    }

    @Test
    void configCheckOfABadFileExitsWithTheUsageCodeAndNamesTheLine() throws IOException {
        Path conf = Files.writeString(dir.resolve("smb.conf"), "[global]\n  port = 445\n  no such key = 1\n");
        Run check = run("config", "check", conf.toString());
        assertEquals(2, check.code());
        assertEquals("", check.out());
        assertTrue(check.err().startsWith("signet: " + conf + ":3: unknown parameter 'no such key'"), check.err());
    }

    @Test
    void configCheckRefusesAMissingSharePathAsServeWould() throws IOException {
        Path missing = dir.resolve("gone");
        Path conf = Files.writeString(dir.resolve("smb.conf"), "[global]\n\n[data]\n  comment = x\n  path = gone\n");
        Run check = run("config", "check", conf.toString());
        assertEquals(2, check.code());
        assertEquals("", check.out());
        assertTrue(check.err().startsWith("signet: " + conf + ":5: share 'data': path " + missing + " does not exist"),
                check.err());
        assertFalse(Files.exists(missing));
    }

    @Test
    void configCheckRefusesAMissingUsersFileAndWritesNoState() throws IOException {
        Path state = dir.resolve("state");
        Path conf = Files.writeString(dir.resolve("smb.conf"),
                "[global]\n  users file = users\n  state dir = state\n");
        Run check = run("config", "check", conf.toString());
        assertEquals(2, check.code());
        assertEquals("signet: users file " + dir.resolve("users") + " does not exist" + System.lineSeparator(),
                check.err());

        Files.writeString(dir.resolve("users"), "");
        Run ok = run("config", "check", conf.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("\tstate dir = " + state + "\n"), ok.out());
        assertFalse(Files.exists(state), "check must not create the state directory or its files");
    }

    @Test
    void serveRefusesAMissingUsersFileWithOneLineNotAStackTrace() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Run serve = run("serve", "--port", "0", "--bind", "127.0.0.1", "--share", "data=" + data,
                "--users-file", dir.resolve("users").toString());
        assertEquals(2, serve.code());
        assertEquals("signet: cannot start: users file " + dir.resolve("users") + " does not exist"
                + System.lineSeparator(), serve.err());
    }

    private interface IntCall {
        int call();
    }

    private static int withStdin(String content, IntCall action) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        try {
            return action.call();
        } finally {
            System.setIn(saved);
        }
    }
}

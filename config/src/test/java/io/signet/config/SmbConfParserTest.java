package io.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmbConfParserTest extends SmbConfFixture {

    @Test
    void theDocumentedExampleParses() throws IOException {
        String example = """
                [global]
                  port = 4450
                  server signing = mandatory        ; mandatory (default) | auto
                  users file = /etc/signet/users
                [data]
                  path = /srv/data
                  read only = no
                """.replace("/srv/data", data.toString());
        ServerConfig config = parse(example);
        assertEquals(4450, config.port());
        assertEquals(SigningPolicy.MANDATORY, config.signing());
        assertEquals(Path.of("/etc/signet/users"), config.usersFile());
        assertEquals(List.of(new ShareConfig("data", data, false, "", true, false)), config.shares());
        assertNull(config.bindAddress());
        assertNull(config.stateDir());
        assertEquals("WORKGROUP", config.domain());
        assertEquals(ServerConfig.DEFAULT_MAX_FRAME_SIZE, config.maxFrameSize());
    }

    @Test
    void everyGlobalKey() throws IOException {
        ServerConfig config = parse("""
                [global]
                port = 0
                bind address = 127.0.0.1
                server signing = auto
                users file = etc/users
                state dir = /var/lib/signet
                admin socket = /run/signet/admin.sock
                netbios name = filer
                workgroup = corp
                max frame size = 1048576
                """);
        assertEquals(0, config.port());
        assertEquals("127.0.0.1", config.bindAddress());
        assertEquals(SigningPolicy.AUTO, config.signing());
        assertEquals(dir.resolve("etc/users"), config.usersFile());
        assertEquals(Path.of("/var/lib/signet"), config.stateDir());
        assertEquals(Path.of("/run/signet/admin.sock"), config.adminSocket());
        assertEquals("FILER", config.serverName());
        assertEquals("CORP", config.domain());
        assertEquals(1048576, config.maxFrameSize());
    }

    @Test
    void theMetricsEndpointIsOffUnlessAPortIsGiven() throws IOException {
        assertNull(parse("[global]\n").metrics());
        assertNull(parse("[global]\nmetrics port = 0\nmetrics bind = 0.0.0.0\n").metrics());
        assertEquals(new MetricsEndpoint("127.0.0.1", 9445), parse("[global]\nmetrics port = 9445\n").metrics());
        assertEquals(new MetricsEndpoint("::1", 9445),
                parse("[global]\nmetrics bind = ::1\nmetrics_port = 9445\n").metrics());
    }

    @Test
    void everyShareKey() throws IOException {
        ServerConfig config = parse("""
                [global]
                server signing = auto
                [Pub]
                path = data
                read only = yes
                comment = Public files
                browseable = no
                guest ok = yes
                """);
        assertEquals(List.of(new ShareConfig("Pub", data, true, "Public files", false, true)), config.shares());
    }

    @Test
    void shareDefaultsFollowSamba() throws IOException {
        ShareConfig share = parse("[data]\npath = data\n").shares().get(0);
        assertTrue(share.readOnly(), "Samba's default is read only = yes");
        assertTrue(share.browseable());
        assertFalse(share.guestOk());
        assertEquals("", share.comment());
    }

    @Test
    void smbPortsTakesTheFirstPort() throws IOException {
        assertEquals(4450, parse("[global]\nsmb ports = 4450 139\n").port());
        assertEquals(4451, parse("[global]\nsmb ports = 4451,139\n").port());
        assertEquals(139, parse("[global]\nsmb ports = 139\n").port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.7", "::1", "fe80::2"})
    void interfacesWithOneAddressBinds(String address) throws IOException {
        assertEquals(address, parse("[global]\ninterfaces = " + address + "\n").bindAddress());
    }

    @ParameterizedTest
    @CsvSource({
        "server signing = mandatory, MANDATORY",
        "server signing = required, MANDATORY",
        "server signing = Mandatory, MANDATORY",
        "server signing = auto, AUTO",
        "require security signature = yes, MANDATORY",
        "require security signature = no, AUTO",
        "require security signature = 1, MANDATORY",
        "require security signature = off, AUTO",
    })
    void signingKeysAndAliases(String line, SigningPolicy expected) throws IOException {
        assertEquals(expected, parse("[global]\n" + line + "\n").signing());
    }

    @Test
    void stateDirectoryIsAnAliasOfStateDir() throws IOException {
        assertEquals(dir.resolve("state"), parse("[global]\nstate directory = state\n").stateDir());
    }

    @ParameterizedTest
    @CsvSource({
        "read only = yes, true",
        "read only = no, false",
        "readonly = no, false",
        "writable = yes, false",
        "writable = no, true",
        "writeable = yes, false",
        "writeable = no, true",
    })
    void readOnlyAndItsInverseAliases(String line, boolean readOnly) throws IOException {
        assertEquals(readOnly, parse("[data]\npath = data\n" + line + "\n").shares().get(0).readOnly());
    }

    @ParameterizedTest
    @CsvSource({"browseable = no", "browsable = no", "BROWSABLE = false"})
    void browseableAndBrowsable(String line) throws IOException {
        assertFalse(parse("[data]\npath = data\n" + line + "\n").shares().get(0).browseable());
    }

    @Test
    void continuousAvailabilityIsAShareKeyThatNeedsAStateDirectory() throws IOException {
        assertFalse(parse("[global]\nstate dir = state\n[data]\npath = data\n").shares().get(0)
                .continuousAvailability());
        assertTrue(parse("[global]\nstate dir = state\n[data]\npath = data\ncontinuous availability = yes\n")
                .shares().get(0).continuousAvailability());
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("[data]\npath = data\ncontinuous availability = yes\n"));
        assertTrue(e.getMessage().contains("continuous availability needs a state directory"), e.getMessage());
    }

    @Test
    void ntAclSupportIsOnUnlessTheShareSaysNo() throws IOException {
        assertTrue(parse("[data]\npath = data\n").shares().get(0).ntAclSupport());
        assertFalse(parse("[data]\npath = data\nnt acl support = no\n").shares().get(0).ntAclSupport());
        assertTrue(parse("[data]\npath = data\nNT_ACL_Support = yes\n").shares().get(0).ntAclSupport());
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("[global]\nnt acl support = no\n[data]\npath = data\n"));
        assertTrue(e.getMessage().contains("nt acl support"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"guest ok = yes", "public = yes", "guest_ok = true"})
    void guestOkAndPublic(String line) throws IOException {
        String text = "[global]\nserver signing = auto\n[data]\npath = data\n" + line + "\n";
        assertTrue(parse(text).shares().get(0).guestOk());
    }

    @ParameterizedTest
    @CsvSource({
        "yes, true", "YES, true", "true, true", "True, true", "1, true", "on, true", "On, true",
        "no, false", "NO, false", "false, false", "0, false", "off, false", "OFF, false",
    })
    void booleanSpellings(String value, boolean expected) throws IOException {
        assertEquals(expected, parse("[data]\npath = data\nbrowseable = " + value + "\n").shares().get(0)
                .browseable());
    }

    @ParameterizedTest
    @ValueSource(strings = {"read only", "readonly", "READ ONLY", "Read_Only", "read_only", "  read   only  ",
        "re ad on ly"})
    void keysIgnoreCaseSpacesAndUnderscores(String key) throws IOException {
        assertFalse(parse("[data]\npath = data\n" + key + " = no\n").shares().get(0).readOnly());
    }

    @Test
    void globalSectionNameIgnoresCase() throws IOException {
        assertEquals(1234, parse("[GLOBAL]\nport = 1234\n").port());
    }

    @Test
    void commentLinesAndBlankLinesAreSkipped() throws IOException {
        ServerConfig config = parse("""
                # a comment
                ; another comment
                   # indented comment

                [global]
                \t; tab-indented comment
                port = 1445
                """);
        assertEquals(1445, config.port());
    }

    @Test
    void inlineCommentsAfterWhiteSpaceAreStripped() throws IOException {
        ServerConfig config = parse("""
                [global] ; the global section
                port = 1445 # the port
                workgroup = corp\t; tab before the comment
                [data]  # a share
                path = data ; relative
                comment = a;b#c  ; only the last part is a comment
                """);
        assertEquals(1445, config.port());
        assertEquals("CORP", config.domain());
        ShareConfig share = config.shares().get(0);
        assertEquals(data, share.path());
        assertEquals("a;b#c", share.comment());
    }

    @Test
    void aTrailingBackslashContinuesTheLine() throws IOException {
        ServerConfig config = parse("""
                [global]
                smb ports = 4450 \\
                    139
                [data]
                path = data
                comment = a comment \\
                   split over \\
                   three lines
                """);
        assertEquals(4450, config.port());
        assertEquals("a comment split over three lines", config.shares().get(0).comment());
    }

    @Test
    void linesAfterAContinuationKeepTheirPhysicalNumbers() throws IOException {
        Path file = write("[data]\npath = data\ncomment = one \\\n  two\nbogus = 1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> SmbConfParser.parse(file));
        assertEquals(5, e.line());
    }

    @Test
    void emptyCommentIsAllowed() throws IOException {
        assertEquals("", parse("[data]\npath = data\ncomment =\n").shares().get(0).comment());
    }

    @Test
    void windowsLineEndingsAndAByteOrderMark() throws IOException {
        Path file = dir.resolve("smb.conf");
        Files.write(file, "\uFEFF[global]\r\nport = 1446\r\n[data]\r\npath = data\r\n"
                .getBytes(StandardCharsets.UTF_8));
        ServerConfig config = SmbConfParser.parse(file);
        assertEquals(1446, config.port());
        assertEquals(data, config.shares().get(0).path());
    }

    @Test
    void anEmptyFileGivesTheDefaults() throws IOException {
        ServerConfig config = parse("");
        assertEquals(445, config.port());
        assertEquals(SigningPolicy.MANDATORY, config.signing());
        assertTrue(config.shares().isEmpty());
    }

    @Test
    void relativePathsResolveAgainstTheFilesDirectoryNotTheWorkingDirectory() throws IOException {
        Path confDir = Files.createDirectories(dir.resolve("etc/signet"));
        Path shareDir = Files.createDirectories(confDir.resolve("shares/docs"));
        Path file = Files.writeString(confDir.resolve("smb.conf"), """
                [global]
                users file = users
                state dir = ../../var/state
                [docs]
                path = shares/docs
                """);
        ServerConfig config = SmbConfParser.parse(file);
        assertEquals(confDir.resolve("users").toAbsolutePath(), config.usersFile());
        assertEquals(dir.resolve("var/state").toAbsolutePath(), config.stateDir());
        assertEquals(shareDir.toAbsolutePath(), config.shares().get(0).path());
    }

    @Test
    void sharesKeepFileOrder() throws IOException {
        ServerConfig config = parse("[b]\npath = data\n[a]\npath = data\n[c]\npath = data\n");
        assertEquals(List.of("b", "a", "c"), config.shares().stream().map(ShareConfig::name).toList());
    }

    @Test
    void parseIntoLayersTheFileOverTheBuilder() throws IOException {
        Path other = Files.createDirectory(dir.resolve("other"));
        Path file = write("[global]\nport = 1447\n[data]\npath = data\n");
        ServerConfigBuilder builder = ServerConfig.builder()
                .port(9999)
                .domain("CORP")
                .share("other", other)
                .user("alice", "pw");
        ServerConfig config = SmbConfParser.parseInto(file, builder).build();
        assertEquals(1447, config.port());
        assertEquals("CORP", config.domain());
        assertEquals(List.of("other", "data"), config.shares().stream().map(ShareConfig::name).toList());
        assertEquals(List.of("alice"), List.copyOf(config.users().keySet()));
    }

    @Test
    void aShareDuplicatingOneFromCodeIsReportedAtItsSection() throws IOException {
        Path file = write("[global]\nport = 1\n[DATA]\npath = data\n");
        ServerConfigBuilder builder = ServerConfig.builder().share("data", data);
        ConfigException e = assertThrows(ConfigException.class,
                () -> SmbConfParser.parseInto(file, builder).build());
        assertLocated(e, file, 3, "differ only in case");
    }

    @Test
    void theGuestCheckUsesTheFinalSigningPolicy() throws IOException {
        Path file = write("[pub]\npath = data\nguest ok = yes\n");
        ServerConfigBuilder builder = SmbConfParser.parseInto(file, ServerConfig.builder());
        ConfigException e = assertThrows(ConfigException.class, builder::build);
        assertLocated(e, file, 3, "allows guests but signing is mandatory");
        // A command-line override applied after the file is what counts.
        assertTrue(builder.signing(SigningPolicy.AUTO).build().shares().get(0).guestOk());
    }

    @Test
    void mapToGuestReadsNeverAndBadUserAndNeedsAutoSigning() throws IOException {
        Path never = write("[global]\nmap to guest = Never\n");
        assertEquals(MapToGuest.NEVER, SmbConfParser.parseInto(never, ServerConfig.builder()).build().mapToGuest());
        Path badUser = write("[global]\nserver signing = auto\nmap to guest = Bad User\n");
        assertEquals(MapToGuest.BAD_USER,
                SmbConfParser.parseInto(badUser, ServerConfig.builder()).build().mapToGuest());
        assertEquals(MapToGuest.NEVER, ServerConfig.builder().build().mapToGuest(), "the default");

        Path badPassword = write("[global]\nserver signing = auto\nmap to guest = bad password\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> SmbConfParser.parseInto(badPassword, ServerConfig.builder()));
        assertLocated(e, badPassword, 3, "not supported");

        Path mandatory = write("[global]\nmap to guest = bad user\n");
        ConfigException m = assertThrows(ConfigException.class,
                () -> SmbConfParser.parseInto(mandatory, ServerConfig.builder()).build());
        assertTrue(m.getMessage().contains("needs server signing = auto"), m.getMessage());
    }

    @Test
    void kerberosKeys() throws IOException {
        Path keytab = Files.write(dir.resolve("signet.keytab"), new byte[] {5, 2});
        ServerConfig config = parse("""
                [global]
                realm = EXAMPLE.COM
                kerberos keytab = signet.keytab
                kerberos clock skew = 120
                kerberos rc4 = yes
                """);
        assertEquals("EXAMPLE.COM", config.realm());
        assertEquals(keytab, config.kerberosKeytab());
        assertEquals(Duration.ofSeconds(120), config.kerberosClockSkew());
        assertTrue(config.kerberosAllowRc4());
        assertTrue(config.kerberosEnabled());
    }

    @Test
    void limitKeys() throws IOException {
        Limits limits = parse("""
                [global]
                max connections per address = 10
                max connections = 20
                max sessions per connection = 3
                max opens per session = 40
                max opens per user = 50
                max async requests per connection = 6
                auth timeout = 7
                auth failure delay = 0
                max durable opens = 8
                max durable timeout = 90
                max durable opens per user = 4
                """).limits();
        assertEquals(new Limits(10, 20, 3, 40, 50, 6, Duration.ofSeconds(7), Duration.ZERO,
                Limits.DEFAULT_BREAK_TIMEOUT, Limits.DEFAULT_MAX_LEASES_PER_CLIENT, Limits.DEFAULT_MAX_PENDING_BREAKS, 8,
                Duration.ofSeconds(90), 4, Limits.DEFAULT_MAX_PENDING_BREAKS_PER_USER), limits);
        assertEquals(Duration.ofSeconds(9), parse("[global]\nhandshake_timeout = 9\n").limits().handshakeTimeout());
    }

    @Test
    void cachingKeys() throws IOException {
        Limits limits = parse("""
                [global]
                oplock break timeout = 250
                max leases per client = 12
                max pending breaks = 34
                max pending breaks per user = 5
                """).limits();
        assertEquals(Duration.ofMillis(250), limits.breakTimeout());
        assertEquals(12, limits.maxLeasesPerClient());
        assertEquals(34, limits.maxPendingBreaks());
        assertEquals(5, limits.maxPendingBreaksPerUser());
        assertEquals(Limits.DEFAULT_MAX_PENDING_BREAKS_PER_USER, Limits.DEFAULT.maxPendingBreaksPerUser());
        assertThrows(ConfigException.class, () -> parse("[global]\nmax pending breaks per user = 0\n"));
        assertEquals(Duration.ofSeconds(35), Limits.DEFAULT.breakTimeout(), "[MS-SMB2] 3.3.2.1: 35 seconds");
        assertThrows(ConfigException.class, () -> parse("[global]\noplock break timeout = 0\n"));
        assertThrows(ConfigException.class, () -> parse("[global]\nmax leases per client = 0\n"));
    }

    @Test
    void notifyKeys() throws IOException {
        NotifySettings notify = parse("""
                [global]
                notify max queued changes = 10
                notify max buffer size = 2048
                notify_max_watches = 30
                notify local changes = no
                """).changeNotify();
        assertEquals(new NotifySettings(10, 2048, 30, false), notify);
        assertEquals(NotifySettings.DEFAULT, parse("[global]\nport = 4450\n").changeNotify());
    }

    @Test
    void limitsDefaultWhenNotSet() throws IOException {
        assertEquals(Limits.DEFAULT, parse("[global]\nport = 4450\n").limits());
    }

    @Test
    void multiChannelIsOnByDefaultAndCanBeTurnedOff() throws IOException {
        assertTrue(parse("[global]\nport = 4450\n").multiChannel());
        assertFalse(parse("[global]\nserver multi channel support = no\n").multiChannel());
        assertTrue(parse("[global]\nserver_multi_channel_support = yes\n").multiChannel());
    }

    @Test
    void multiChannelNeedsABoolean() throws IOException {
        Path file = write("[global]\nserver multi channel support = maybe\n");
        ConfigException e = assertThrows(ConfigException.class, () -> SmbConfParser.parse(file));
        assertTrue(e.getMessage().contains("maybe"), e.getMessage());
    }

    @Test
    void kerberosIsOffByDefault() throws IOException {
        ServerConfig config = parse("[global]\nport = 4450\n");
        assertNull(config.realm());
        assertNull(config.kerberosKeytab());
        assertEquals(ServerConfig.DEFAULT_KERBEROS_CLOCK_SKEW, config.kerberosClockSkew());
        assertFalse(config.kerberosAllowRc4());
        assertFalse(config.kerberosEnabled());
    }

    @Test
    void aRealmWithoutAKeytabIsRefused() throws IOException {
        Path file = write("[global]\nrealm = EXAMPLE.COM\n");
        ConfigException e = assertThrows(ConfigException.class, () -> SmbConfParser.parse(file));
        assertTrue(e.getMessage().contains("realm EXAMPLE.COM is set but no kerberos keytab"), e.getMessage());
    }

    @Test
    void guestOkNoWithMandatorySigningIsFine() throws IOException {
        assertFalse(parse("[data]\npath = data\nguest ok = no\n").shares().get(0).guestOk());
    }

    @Test
    void validUsersAreSeparatedByCommasOrWhiteSpace() throws IOException {
        ServerConfig config = parse("""
                [global]
                users file = users
                [data]
                path = data
                valid users = alice, Bob  carol,dave\
                  erin
                """);
        ShareConfig share = config.shares().get(0);
        assertEquals(List.of("alice", "Bob", "carol", "dave", "erin"), share.validUsers());
        assertTrue(share.allows("BOB"));
        assertFalse(share.allows("frank"));
        assertThrows(UnsupportedOperationException.class, () -> share.validUsers().add("frank"));
    }

    @Test
    void validUsersKeyIgnoresCaseSpacesAndUnderscores() throws IOException {
        ShareConfig share = parse("[global]\nusers file = u\n[data]\npath = data\nValid_Users = alice\n")
                .shares().get(0);
        assertEquals(List.of("alice"), share.validUsers());
    }

    @Test
    void withoutValidUsersEveryUserMayConnect() throws IOException {
        ShareConfig share = parse("[data]\npath = data\n").shares().get(0);
        assertEquals(List.of(), share.validUsers());
        assertTrue(share.allows("anyone"));
    }

    @Test
    void validUsersMayNameUsersAddedInCode() throws IOException {
        Path file = write("[data]\npath = data\nvalid users = Alice\n");
        ServerConfig config = SmbConfParser.parseInto(file, ServerConfig.builder().user("alice", "pw")).build();
        assertEquals(List.of("Alice"), config.shares().get(0).validUsers());
    }

    @Test
    void accessBasedShareEnumDefaultsToYes() throws IOException {
        assertTrue(parse("[global]\nport = 0\n").accessBasedShareEnum());
        assertFalse(parse("[global]\naccess based share enum = no\n").accessBasedShareEnum());
        assertTrue(parse("[global]\nAccess_Based_Share_Enum = yes\n").accessBasedShareEnum());
    }

}

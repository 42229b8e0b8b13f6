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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmbConfParserTest {

    @TempDir
    Path dir;

    /** A directory next to each test's smb.conf, so files can say {@code path = data}. */
    private Path data;

    @BeforeEach
    void makeShareDirectory() throws IOException {
        data = Files.createDirectory(dir.resolve("data"));
        Files.writeString(dir.resolve("plain.txt"), "not a directory");
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("smb.conf"), text);
    }

    private ServerConfig parse(String text) throws IOException {
        return SmbConfParser.parse(write(text));
    }

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
    void encryptionDefaultsFollowSamba() throws IOException {
        ServerConfig config = parse("[data]\npath = data\n");
        assertEquals(EncryptionPolicy.IF_REQUIRED, config.encryption());
        assertEquals(ServerConfig.DEFAULT_ENCRYPTION_CIPHERS, config.encryptionCiphers());
        assertEquals(List.of(EncryptionCipher.AES_128_GCM, EncryptionCipher.AES_128_CCM,
                EncryptionCipher.AES_256_GCM, EncryptionCipher.AES_256_CCM), config.encryptionCiphers());
        assertNull(config.shares().get(0).encryption(), "a share without smb encrypt follows the server");
    }

    @ParameterizedTest
    @CsvSource({
        "off, OFF", "no, OFF", "false, OFF", "disabled, OFF",
        "if_required, IF_REQUIRED", "default, IF_REQUIRED", "auto, IF_REQUIRED", "enabled, IF_REQUIRED",
        "desired, DESIRED",
        "required, REQUIRED", "mandatory, REQUIRED", "forced, REQUIRED", "Required, REQUIRED",
    })
    void globalEncryptionValuesUnderBothNames(String value, EncryptionPolicy expected) throws IOException {
        assertEquals(expected, parse("[global]\nsmb encrypt = " + value + "\n").encryption());
        assertEquals(expected, parse("[global]\nserver smb encrypt = " + value + "\n").encryption());
    }

    @ParameterizedTest
    @CsvSource({
        "off, OFF", "no, OFF", "false, OFF", "disabled, OFF",
        "if_required, IF_REQUIRED", "default, IF_REQUIRED", "auto, IF_REQUIRED", "enabled, IF_REQUIRED",
        "desired, DESIRED",
        "required, REQUIRED", "mandatory, REQUIRED", "forced, REQUIRED",
    })
    void shareEncryptionValues(String value, EncryptionPolicy expected) throws IOException {
        ServerConfig config = parse("[data]\npath = data\nsmb encrypt = " + value + "\n");
        assertEquals(expected, config.shares().get(0).encryption());
        assertEquals(EncryptionPolicy.IF_REQUIRED, config.encryption(), "a share's setting stays in the share");
    }

    @Test
    void sharesInheritUnlessTheySayOtherwise() throws IOException {
        ServerConfig config = parse("""
                [global]
                server smb encrypt = desired
                [plain]
                path = data
                [secret]
                path = data
                smb encrypt = required
                [open]
                path = data
                smb encrypt = off
                """);
        assertEquals(EncryptionPolicy.DESIRED, config.encryption());
        assertNull(config.share("plain").orElseThrow().encryption());
        assertEquals(EncryptionPolicy.REQUIRED, config.share("secret").orElseThrow().encryption());
        assertEquals(EncryptionPolicy.OFF, config.share("open").orElseThrow().encryption());
        assertEquals(new ShareConfig("secret", data, true, "", true, false, EncryptionPolicy.REQUIRED),
                config.share("secret").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"server smb encrypt algorithms", "server smb3 encryption algorithms",
        "Server_SMB3_Encryption_Algorithms", "serversmbencryptalgorithms"})
    void cipherListUnderBothNames(String key) throws IOException {
        assertEquals(List.of(EncryptionCipher.AES_256_GCM, EncryptionCipher.AES_128_CCM),
                parse("[global]\n" + key + " = AES-256-GCM AES-128-CCM\n").encryptionCiphers());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "aes-256-ccm aes-128-gcm aes-256-gcm",
        "AES-256-CCM, AES-128-GCM, AES-256-GCM",
        "AES-256-CCM,AES-128-GCM,AES-256-GCM",
        "aes-256-ccm ,  Aes-128-Gcm\tAES-256-GCM,",
        ", AES-256-CCM AES-128-GCM AES-256-GCM",
    })
    void cipherListsAreSpaceOrCommaSeparatedAndKeepTheirOrder(String value) throws IOException {
        assertEquals(List.of(EncryptionCipher.AES_256_CCM, EncryptionCipher.AES_128_GCM,
                EncryptionCipher.AES_256_GCM), parse("[global]\nserver smb encrypt algorithms = " + value + "\n")
                .encryptionCiphers());
    }

    @Test
    void aCipherListOfOnlyAes256IsFine() throws IOException {
        ServerConfig config = parse("[global]\nserver smb encrypt = required\n"
                + "server smb encrypt algorithms = AES-256-GCM, AES-256-CCM\n");
        assertEquals(List.of(EncryptionCipher.AES_256_GCM, EncryptionCipher.AES_256_CCM),
                config.encryptionCiphers());
        assertEquals(EncryptionPolicy.REQUIRED, config.encryption());
    }

    @Test
    void requiredEncryptionWithAutoSigningIsFine() throws IOException {
        ServerConfig config = parse("""
                [global]
                server signing = auto
                server smb encrypt = required
                [data]
                path = data
                smb encrypt = required
                """);
        assertEquals(SigningPolicy.AUTO, config.signing());
        assertEquals(EncryptionPolicy.REQUIRED, config.encryption());
    }

    @Test
    void aGuestShareMayAskForEncryptionWithoutRequiringIt() throws IOException {
        ShareConfig share = parse("[global]\nserver signing = auto\n[pub]\npath = data\nguest ok = yes\n"
                + "smb encrypt = desired\n").shares().get(0);
        assertTrue(share.guestOk());
        assertEquals(EncryptionPolicy.DESIRED, share.encryption());
    }

    @Test
    void theEncryptionChecksUseTheFinalServerPolicy() throws IOException {
        Path file = write("[data]\npath = data\n\nsmb encrypt = required\n");
        ServerConfigBuilder builder = SmbConfParser.parseInto(file, ServerConfig.builder());
        builder.encryption(EncryptionPolicy.OFF);
        ConfigException e = assertThrows(ConfigException.class, builder::build);
        assertLocated(e, file, 4, "a share cannot require encryption the server has turned off");
        // A later override is what counts.
        builder.encryption(EncryptionPolicy.DESIRED);
        assertEquals(EncryptionPolicy.REQUIRED, builder.build().shares().get(0).encryption());
    }

    @Test
    void toStringStillHidesPasswordsWithEncryptionSet() throws IOException {
        ServerConfig config = SmbConfParser.parseInto(write("""
                [global]
                server smb encrypt = required
                server smb encrypt algorithms = AES-256-GCM
                [data]
                path = data
                smb encrypt = required
                """), ServerConfig.builder().user("alice", "s3cret-Pa55")).build();
        String text = config.toString();
        assertTrue(text.contains("encryption=REQUIRED"), text);
        assertTrue(text.contains("AES_256_GCM"), text);
        assertTrue(text.contains("alice"), text);
        assertFalse(text.contains("s3cret-Pa55"), text);
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
    void aMissingFileIsReportedWithoutALine() {
        Path file = dir.resolve("absent.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> SmbConfParser.parse(file));
        assertEquals(file, e.file());
        assertEquals(0, e.line());
        assertEquals(file + ": config file does not exist", e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() throws IOException {
        Path file = dir.resolve("smb.conf");
        Files.write(file, new byte[] {'[', 'd', (byte) 0xff, ']', '\n'});
        ConfigException e = assertThrows(ConfigException.class, () -> SmbConfParser.parse(file));
        assertEquals(file + ": config file is not valid UTF-8", e.getMessage());
    }

    static Stream<Arguments> errors() {
        return Stream.of(
            Arguments.of("unknown global key", "[global]\n  foo bar = 1\n", 2,
                "unknown parameter 'foo bar' in [global]"),
            Arguments.of("unknown share key", "[data]\npath = data\nfrobnicate = yes\n", 3,
                "unknown parameter 'frobnicate' in share [data]"),
            Arguments.of("global key in a share", "[data]\npath = data\nport = 1\n", 3,
                "'port' is a [global] parameter and cannot be set in share [data]"),
            Arguments.of("share key in global", "[global]\nport = 1\nread only = no\n", 3,
                "'read only' is a share parameter and cannot be set in [global]"),
            Arguments.of("key before any section", "# comment\n\nport = 445\n", 3,
                "parameter 'port' appears before any [section]"),
            Arguments.of("global twice", "[global]\nport = 1\n[data]\npath = data\n[Global]\n", 5,
                "[global] may appear only once (first on line 1)"),
            Arguments.of("homes", "[global]\n[homes]\n", 2, "[homes] is not supported"),
            Arguments.of("printers", "[PRINTERS]\npath = data\n", 1, "[printers] is not supported"),
            Arguments.of("duplicate share", "[data]\npath = data\n\n[Data]\npath = data\n", 4,
                "share [Data] is defined twice (first on line 1)"),
            Arguments.of("share without path", "[data]\ncomment = x\n[other]\npath = data\n", 1,
                "share [data] has no 'path'"),
            Arguments.of("share without path at end of file", "[global]\n[data]\n", 2,
                "share [data] has no 'path'"),
            Arguments.of("share path missing", "[data]\n\n  path = missing\n", 3,
                "share 'data': path %DIR%/missing does not exist"),
            Arguments.of("share path is a file", "[data]\npath = plain.txt\n", 2,
                "share 'data': path %DIR%/plain.txt is not a directory"),
            Arguments.of("empty section name", "[ ]\n", 1, "section name is empty"),
            Arguments.of("unclosed header", "[data\npath = data\n", 1, "has no closing ']'"),
            Arguments.of("text after header", "[data] extra\n", 1, "unexpected text after the section header"),
            Arguments.of("forbidden share name", "[a*b]\npath = data\n", 1,
                "share name 'a*b' must not contain '*'"),
            Arguments.of("IPC$ section", "[IPC$]\npath = data\n", 1, "is reserved"),
            Arguments.of("long share name", "[" + "x".repeat(81) + "]\n", 1, "must be 1 to 80 characters"),
            Arguments.of("line without equals", "[global]\nport 445\n", 2,
                "expected '[section]' or 'key = value', got 'port 445'"),
            Arguments.of("missing key", "[global]\n= 445\n", 2, "missing parameter name before '='"),
            Arguments.of("key set twice", "[global]\nport = 1\nport = 2\n", 3,
                "'port' sets what line 2 already set in [global]"),
            Arguments.of("alias sets the same key", "[data]\npath = data\nread only = no\nwritable = yes\n", 4,
                "'writable' sets what line 3 already set in share [data]"),
            Arguments.of("signing set by both names",
                "[global]\nserver signing = auto\nrequire security signature = no\n", 3,
                "'require security signature' sets what line 2 already set"),
            Arguments.of("empty value", "[global]\nport =\n", 2, "'port' has no value"),
            Arguments.of("empty path", "[data]\npath =  ; nothing\n", 2, "'path' has no value"),
            Arguments.of("port not a number", "[global]\nport = http\n", 2,
                "'port' must be a whole number, got 'http'"),
            Arguments.of("port out of range", "[global]\n\nport = 70000\n", 3,
                "port must be between 0 and 65535, got 70000"),
            Arguments.of("metrics port out of range", "[global]\nmetrics port = 65536\n", 2,
                "port must be between 0 and 65535, got 65536"),
            Arguments.of("metrics port not a number", "[global]\nmetrics port = prom\n", 2,
                "'metrics port' must be a whole number, got 'prom'"),
            Arguments.of("metrics bind not an address", "[global]\nmetrics port = 9100\nmetrics bind = a b\n", 3,
                "bind address 'a b' is neither an IP address nor a host name"),
            Arguments.of("negative port", "[global]\nport = -1\n", 2, "port must be between 0 and 65535, got -1"),
            Arguments.of("smb ports not a number", "[global]\nsmb ports = x 139\n", 2,
                "'smb ports' must be a whole number, got 'x'"),
            Arguments.of("signing disabled", "[global]\nserver signing = disabled\n", 2,
                "SMB2 signing cannot be disabled"),
            Arguments.of("signing off", "[global]\nserver signing = off\n", 2, "SMB2 signing cannot be disabled"),
            Arguments.of("signing unknown", "[global]\nserver signing = sometimes\n", 2,
                "server signing must be 'mandatory', 'required' or 'auto', got 'sometimes'"),
            Arguments.of("require security signature not boolean",
                "[global]\nrequire security signature = auto\n", 2,
                "'require security signature' must be yes or no"),
            Arguments.of("interfaces with two entries", "[global]\ninterfaces = 10.0.0.1 10.0.0.2\n", 2,
                "'interfaces' must be a single IP address, got '10.0.0.1 10.0.0.2'"),
            Arguments.of("interfaces with a device name", "[global]\ninterfaces = eth0\n", 2,
                "'interfaces' must be a single IP address, got 'eth0'"),
            Arguments.of("interfaces with a netmask", "[global]\ninterfaces = 10.0.0.1/24\n", 2,
                "must be a single IP address"),
            Arguments.of("bad bind address", "[global]\nbind address = 300.1.1.1\n", 2,
                "bind address '300.1.1.1' is neither an IP address nor a host name"),
            Arguments.of("bad netbios name", "[global]\nnetbios name = much-too-long-name\n", 2,
                "netbios name 'much-too-long-name' must be 1 to 15 characters"),
            Arguments.of("bad workgroup", "[global]\nworkgroup = my group\n", 2,
                "workgroup 'my group' must be 1 to 15 characters"),
            Arguments.of("max frame size too small", "[global]\nmax frame size = 1024\n", 2,
                "max frame size must be between 65536 and 16777216 bytes, got 1024"),
            Arguments.of("max frame size not a number", "[global]\nmax frame size = 8M\n", 2,
                "'max frame size' must be a whole number, got '8M'"),
            Arguments.of("bad boolean", "[data]\npath = data\nread only = maybe\n", 3,
                "'read only' must be yes or no (or true/false, 1/0, on/off), got 'maybe'"),
            Arguments.of("continuation past the end", "[global]\nport = 1\ncomment = x \\", 3,
                "the line ends with '\\', which continues it, but the file ends there"),
            Arguments.of("guest share with default signing", "[pub]\npath = data\nread only = yes\nguest ok = yes\n",
                4, "share 'pub' allows guests but signing is mandatory; guest sessions have no session key and"
                    + " so cannot sign ([MS-SMB2] 3.3.5.5.3)"),
            Arguments.of("public share with mandatory signing",
                "[global]\nserver signing = mandatory\n[pub]\npath = data\npublic = yes\n", 5,
                "allows guests but signing is mandatory"),
            Arguments.of("unknown global encryption", "[global]\nsmb encrypt = sometimes\n", 2,
                "smb encrypt must be 'off', 'if_required', 'desired' or 'required'"),
            Arguments.of("unknown server smb encrypt", "[global]\n\nserver smb encrypt = yes\n", 3,
                "got 'yes'"),
            Arguments.of("unknown share encryption", "[data]\npath = data\nsmb encrypt = always\n", 3,
                "smb encrypt must be 'off', 'if_required', 'desired' or 'required'"),
            Arguments.of("server smb encrypt in a share", "[data]\npath = data\nserver smb encrypt = required\n",
                3, "'server smb encrypt' is a [global] parameter and cannot be set in share [data];"
                    + " a share sets its own with 'smb encrypt'"),
            Arguments.of("cipher list in a share", "[data]\npath = data\nserver smb encrypt algorithms = x\n", 3,
                "'server smb encrypt algorithms' is a [global] parameter and cannot be set in share [data]"),
            Arguments.of("encryption set by both names",
                "[global]\nsmb encrypt = desired\nserver smb encrypt = required\n", 3,
                "'server smb encrypt' sets what line 2 already set in [global]"),
            Arguments.of("share encryption set twice",
                "[data]\npath = data\nsmb encrypt = desired\nSMB_Encrypt = required\n", 4,
                "'SMB_Encrypt' sets what line 3 already set in share [data]"),
            Arguments.of("cipher list set by both names", "[global]\nserver smb encrypt algorithms = AES-128-GCM\n"
                + "server smb3 encryption algorithms = AES-256-GCM\n", 3,
                "'server smb3 encryption algorithms' sets what line 2 already set in [global]"),
            Arguments.of("empty encryption value", "[global]\nsmb encrypt =\n", 2, "'smb encrypt' has no value"),
            Arguments.of("unknown cipher", "[global]\nserver smb encrypt algorithms = AES-128-GCM AES-192-GCM\n", 2,
                "encryption cipher must be one of AES-128-GCM, AES-128-CCM, AES-256-GCM, AES-256-CCM,"
                    + " got 'AES-192-GCM'"),
            Arguments.of("cipher with underscores", "[global]\nserver smb3 encryption algorithms = AES_128_GCM\n",
                2, "got 'AES_128_GCM'"),
            Arguments.of("duplicate cipher",
                "[global]\nserver smb encrypt algorithms = AES-128-GCM, aes-256-gcm, aes-128-gcm\n", 2,
                "server smb encrypt algorithms lists AES-128-GCM twice"),
            Arguments.of("empty cipher list", "[global]\n\nserver smb encrypt algorithms = , ,\n", 3,
                "server smb encrypt algorithms must list at least one cipher"),
            Arguments.of("guest share requiring encryption",
                "[global]\nserver signing = auto\n[pub]\npath = data\nguest ok = yes\nsmb encrypt = required\n",
                5, "share 'pub' allows guests but requires encryption (smb encrypt = required); guest sessions"
                    + " have no session key and so cannot encrypt"),
            Arguments.of("guest share on a server requiring encryption",
                "[global]\nserver signing = auto\nsmb encrypt = required\n[pub]\npath = data\npublic = yes\n",
                6, "share 'pub' allows guests but the server requires encryption (server smb encrypt = required)"),
            Arguments.of("share requiring encryption the server turned off",
                "[global]\nserver smb encrypt = off\n[data]\npath = data\nread only = no\nsmb encrypt = forced\n",
                6, "share 'data' has smb encrypt = required but the server has server smb encrypt = off;"
                    + " a share cannot require encryption the server has turned off"),
            Arguments.of("server turned off after the share", "[data]\npath = data\nsmb encrypt = required\n"
                + "[global]\nsmb encrypt = disabled\n", 3,
                "a share cannot require encryption the server has turned off"),
            Arguments.of("missing keytab", "[global]\nrealm = EXAMPLE.COM\nkerberos keytab = no.keytab\n", 3,
                "kerberos keytab %DIR%/no.keytab does not exist or is not a file"),
            Arguments.of("realm with a space", "[global]\nrealm = EXAMPLE COM\n", 2,
                "realm 'EXAMPLE COM' must be a non-empty name without spaces, '@' or '/'"),
            Arguments.of("clock skew not a number", "[global]\nkerberos clock skew = 5m\n", 2,
                "'kerberos clock skew' must be a whole number, got '5m'"),
            Arguments.of("clock skew zero", "[global]\nkerberos clock skew = 0\n", 2,
                "kerberos clock skew must be between 1 and 86400 seconds, got 0"),
            Arguments.of("bad rc4 flag", "[global]\nkerberos rc4 = perhaps\n", 2,
                "'kerberos rc4' must be yes or no"),
            Arguments.of("kerberos key in a share", "[data]\npath = data\nrealm = EXAMPLE.COM\n", 3,
                "'realm' is a [global] parameter and cannot be set in share [data]"),
            Arguments.of("zero connections per address", "[global]\nmax connections per address = 0\n", 2,
                "max connections per address must be between 1 and 10000000, got 0"),
            Arguments.of("more async requests than credits", "[global]\n\nmax async requests per connection = 9000\n",
                3, "max async requests per connection must be between 1 and 8192, got 9000"),
            Arguments.of("durable timeout of zero", "[global]\nmax durable timeout = 0\n", 2,
                "max durable timeout must be between 1 and 3600 seconds"),
            Arguments.of("negative auth failure delay", "[global]\nauth failure delay = -1\n", 2,
                "auth failure delay must be between 0 and 60000 milliseconds"),
            Arguments.of("handshake timeout zero", "[global]\nhandshake timeout = 0\n", 2,
                "handshake timeout must be between 1 and 3600 seconds"),
            Arguments.of("no queued changes", "[global]\nnotify max queued changes = 0\n", 2,
                "notify max queued changes must be between 1 and 1000000, got 0"),
            Arguments.of("notify buffer beyond a frame", "[global]\nnotify max buffer size = 20000000\n", 2,
                "notify max buffer size must be between 0 and 16777216, got 20000000"),
            Arguments.of("negative watches", "[global]\nnotify max watches = -1\n", 2,
                "notify max watches must be between 0 and 1000000, got -1"),
            Arguments.of("local changes not a boolean", "[global]\nnotify local changes = sometimes\n", 2,
                "'notify local changes' must be yes or no"),
            Arguments.of("too few credits for 8 MiB in flight", "[global]\nsmb2 max credits = 64\n", 2,
                "smb2 max credits must be between 128 and 65535, got 64"),
            Arguments.of("credits beyond the 16-bit field", "[global]\nsmb2 max credits = 65536\n", 2,
                "smb2 max credits must be between 128 and 65535, got 65536"),
            Arguments.of("negative io threads", "[global]\nio threads = -1\n", 2,
                "io threads must be between 0 and 1024, got -1"),
            Arguments.of("in-flight bytes below one largest READ", "[global]\nio max bytes in flight = 1048576\n", 2,
                "io max bytes in flight must be between 8388608 and 1073741824, got 1048576"),
            Arguments.of("notify key in a share", "[data]\npath = data\nnotify max watches = 5\n", 3,
                "'notify max watches' is a [global] parameter and cannot be set in share [data]"),
            Arguments.of("limit not a number", "[global]\nmax opens per user = lots\n", 2,
                "'max opens per user' must be a whole number, got 'lots'"),
            Arguments.of("limit in a share", "[data]\npath = data\nmax connections = 5\n", 3,
                "'max connections' is a [global] parameter and cannot be set in share [data]"),
            Arguments.of("guest share with require security signature",
                "[global]\nrequire security signature = yes\n[pub]\npath = data\nguest ok = 1\n", 5,
                "guest sessions have no session key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorsNameTheFileTheLineAndTheReason(String name, String text, int line, String reason)
            throws IOException {
        Path file = write(text);
        ConfigException e = assertThrows(ConfigException.class, () -> SmbConfParser.parse(file));
        assertLocated(e, file, line, reason.replace("%DIR%", dir.toAbsolutePath().toString()));
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

    private static void assertLocated(ConfigException e, Path file, int line, String reason) {
        assertEquals(file, e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        String prefix = file + ":" + line + ": ";
        assertTrue(e.getMessage().startsWith(prefix), () -> "expected prefix " + prefix + " in " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in " + e.getMessage());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
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

    static Stream<Arguments> validUsersErrors() {
        return Stream.of(
            Arguments.of("group", "[global]\nusers file = u\n[data]\npath = data\nvalid users = alice @staff\n", 5,
                "share 'data': valid users lists '@staff', but groups are not supported"),
            Arguments.of("unix group", "[global]\nusers file = u\n[data]\npath = data\nvalid users = +staff\n", 5,
                "groups are not supported"),
            Arguments.of("empty name between commas", "[data]\npath = data\nvalid users = alice,,bob\n", 3,
                "'valid users' has an empty name in 'alice,,bob'"),
            Arguments.of("trailing comma", "[data]\npath = data\nvalid users = alice,\n", 3,
                "'valid users' has an empty name"),
            Arguments.of("only a comma", "[data]\npath = data\nvalid users = ,\n", 3,
                "'valid users' has an empty name"),
            Arguments.of("no value", "[data]\npath = data\nvalid users =\n", 3, "'valid users' has no value"),
            Arguments.of("colon", "[global]\nusers file = u\n[data]\npath = data\nvalid users = a:b\n", 5,
                "share 'data': valid users name 'a:b' must not contain ':'"),
            Arguments.of("set twice", "[data]\npath = data\nvalid users = a\nvalidusers = b\n", 4,
                "'validusers' sets what line 3 already set in share [data]"),
            Arguments.of("in global", "[global]\nvalid users = alice\n", 2,
                "'valid users' is a share parameter and cannot be set in [global]"),
            Arguments.of("unknown user without a users file",
                "[global]\nport = 0\n[data]\npath = data\n\nvalid users = bob\n", 6,
                "share 'data': valid users names 'bob', who is not a configured user"),
            Arguments.of("access based share enum in a share",
                "[data]\npath = data\naccess based share enum = no\n", 3,
                "'access based share enum' is a [global] parameter and cannot be set in share [data]"),
            Arguments.of("access based share enum not a boolean",
                "[global]\naccess based share enum = maybe\n", 2,
                "'access based share enum' must be yes or no"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validUsersErrors")
    void validUsersErrorsNameTheFileAndLine(String name, String text, int line, String reason) throws IOException {
        Path file = write(text);
        ConfigException e = assertThrows(ConfigException.class, () -> SmbConfParser.parse(file));
        assertLocated(e, file, line, reason);
    }
}

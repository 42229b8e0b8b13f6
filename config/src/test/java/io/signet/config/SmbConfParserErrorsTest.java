package io.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** smb.conf errors: each names the file, the line and the reason. */
class SmbConfParserErrorsTest extends SmbConfFixture {
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

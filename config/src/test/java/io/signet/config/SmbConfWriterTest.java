package io.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmbConfWriterTest {

    @TempDir
    Path dir;

    private ServerConfig reparse(ServerConfig config) throws IOException {
        return SmbConfParser.parse(Files.writeString(dir.resolve("written.conf"), SmbConfWriter.write(config)));
    }

    /** Every setting away from its default, so a key the writer drops or misspells changes the result. */
    private ServerConfig everythingSet() throws IOException {
        Path keytab = Files.write(dir.resolve("signet.keytab"), new byte[] {5, 2});
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b b"));
        ServerConfigBuilder builder = ServerConfig.builder()
                .port(4450)
                .bindAddress("127.0.0.1")
                .signing(SigningPolicy.AUTO)
                .mapToGuest(MapToGuest.BAD_USER)
                .usersFile(dir.resolve("users"))
                .stateDir(dir.resolve("state"))
                .adminSocket(dir.resolve("run/signet.sock"))
                .metricsPort(9445)
                .metricsBind("::1")
                .serverName("FILER-1")
                .domain("EXAMPLE")
                .maxFrameSize(1024 * 1024)
                .encryption(EncryptionPolicy.DESIRED)
                .encryptionCiphers(List.of(EncryptionCipher.AES_256_GCM, EncryptionCipher.AES_128_CCM))
                .accessBasedShareEnum(false)
                .realm("EXAMPLE.COM")
                .kerberosKeytab(keytab)
                .kerberosClockSkew(Duration.ofSeconds(90))
                .kerberosAllowRc4(true)
                .multiChannel(false)
                .limits(new Limits(7, 70, 3, 100, 200, 16, Duration.ofSeconds(15), Duration.ofMillis(250),
                        Duration.ofMillis(1500), 12, 13, 9, Duration.ofSeconds(45), 5, 6))
                .notify(new NotifySettings(9, 4096, 12, false))
                .io(new IoSettings(512, 3, 9 * 1024 * 1024));
        builder.share(new ShareConfig("Public Files", a, false, "for everyone", false, true,
                EncryptionPolicy.OFF, List.of(), false));
        builder.share(new ShareConfig("team", b, true, "", true, false, EncryptionPolicy.REQUIRED,
                List.of("alice", "Bob"), true));
        return builder.build();
    }

    @Test
    void everySettingRoundTrips() throws IOException {
        ServerConfig config = everythingSet();
        ServerConfig defaults = ServerConfig.builder().build();
        assertNotEquals(defaults.limits(), config.limits());
        assertNotEquals(defaults.changeNotify(), config.changeNotify());
        assertNotEquals(defaults.io(), config.io());
        assertEquals(config, reparse(config), SmbConfWriter.write(config));
    }

    @Test
    void defaultsAreWrittenOutAndRoundTrip() throws IOException {
        ServerConfig defaults = ServerConfig.builder().serverName("HOST").share("data", dir).build();
        String text = SmbConfWriter.write(defaults);
        for (String line : List.of(
                "[global]",
                "\tport = 445",
                "\tserver signing = mandatory",
                "\tmap to guest = never",
                "\tnetbios name = HOST",
                "\tworkgroup = WORKGROUP",
                "\tmax frame size = " + ServerConfig.DEFAULT_MAX_FRAME_SIZE,
                "\tserver smb encrypt = if_required",
                "\tserver smb encrypt algorithms = AES-128-GCM, AES-128-CCM, AES-256-GCM, AES-256-CCM",
                "\taccess based share enum = yes",
                "\tkerberos clock skew = 300",
                "\tkerberos rc4 = no",
                "\tserver multi channel support = yes",
                "\tmetrics port = 0",
                "\tmetrics bind = 127.0.0.1",
                "\tmax connections per address = 2048",
                "\tmax connections = 16384",
                "\tmax sessions per connection = 64",
                "\tmax opens per session = 16384",
                "\tmax opens per user = 16384",
                "\tmax async requests per connection = 512",
                "\thandshake timeout = 60",
                "\tauth failure delay = 2000",
                "\toplock break timeout = 35000",
                "\tmax leases per client = 65536",
                "\tmax pending breaks = 65536",
                "\tmax pending breaks per user = 4096",
                "\tmax durable opens = 16384",
                "\tmax durable timeout = 300",
                "\tmax durable opens per user = 4096",
                "\tnotify max queued changes = 1024",
                "\tnotify max buffer size = 65536",
                "\tnotify max watches = 4096",
                "\tnotify local changes = yes",
                "\tsmb2 max credits = 8192",
                "\tio threads = " + IoSettings.DEFAULT_IO_THREADS,
                "\tio max bytes in flight = 16777216",
                "\t# bind address is not set: all interfaces",
                "\t# users file is not set: only the users given outside the file",
                "\t# realm is not set: no Kerberos",
                "[data]",
                "\tpath = " + dir.toAbsolutePath().normalize(),
                "\tread only = no",
                "\tcomment = ",
                "\tbrowseable = yes",
                "\tguest ok = no",
                "\t# smb encrypt is not set: the share follows the server's",
                "\t# valid users is not set: every user may connect",
                "\tnt acl support = yes",
                "\tcontinuous availability = no")) {
            assertTrue(text.lines().anyMatch(line::equals), "missing '" + line + "' in\n" + text);
        }
        assertEquals(defaults, reparse(defaults));
    }

    @Test
    void inlineUsersAreNamedInACommentWithoutTheirPasswords() throws IOException {
        ServerConfig config = ServerConfig.builder().serverName("HOST").user("alice", "s3cret-pw").build();
        String text = SmbConfWriter.write(config);
        assertFalse(text.contains("s3cret-pw"), text);
        assertTrue(text.contains("\t# 1 inline user(s) given outside the file, which has no key for them: alice\n"),
                text);
        assertTrue(reparse(config).users().isEmpty(), "the file cannot carry them back");
    }

    @Test
    void whatTheFileCannotSayIsFlaggedInAComment() throws IOException {
        ServerConfig config = ServerConfig.builder().serverName("HOST")
                .limits(Limits.DEFAULT.withHandshakeTimeout(Duration.ofMillis(1500)))
                .share(new ShareConfig("data", dir, false, "  padded ; not a comment", true, false))
                .build();
        String text = SmbConfWriter.write(config);
        assertTrue(text.contains("\t# handshake timeout is PT1.5S, which the file can only give in whole seconds\n"),
                text);
        assertTrue(text.contains("\t# the value of comment has leading or trailing white space"), text);
        assertNotEquals(config, reparse(config));
    }

    @Test
    void aMetricsEndpointOnAnyFreePortIsFlaggedInAComment() throws IOException {
        ServerConfig config = ServerConfig.builder().serverName("HOST").metrics(MetricsEndpoint.loopback(0)).build();
        String text = SmbConfWriter.write(config);
        assertTrue(text.contains("\tmetrics port = 0\n\tmetrics bind = 127.0.0.1\n\t# the metrics endpoint takes any"
                + " free port, which the file cannot say (0 there turns it off)\n"), text);
        assertNull(reparse(config).metrics());
    }
}

package io.signet.interop.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginException;

/**
 * MIT's own KDC, {@code krb5kdc}, for realm {@value #REALM}, run as a process with its database, configuration and
 * logs in a directory of the test's: the KDC Debian 12, Ubuntu 22.04+, RHEL 9 and FreeIPA ship, which (since 1.20)
 * puts a PAC in every ticket. The realm is made with {@code kdb5_util create} and filled with {@code kadmin.local};
 * {@code KRB5_CONFIG} and {@code KRB5_KDC_PROFILE} point every tool at this directory's {@code krb5.conf} and
 * {@code kdc.conf}, never at the machine's.
 *
 * <p>{@code krb5kdc} cannot bind port 0, so a port free for both TCP and UDP on the loopback address is picked first
 * and written into {@code kdc.conf}; if another process takes it before the KDC binds, the KDC exits and the next
 * attempt takes another port. A missing tool fails the test and names its package.
 */
public final class MitKdc implements AutoCloseable {
    public static final String REALM = KerberosRealm.REALM;
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final Path dir;
    private final Path krb5Conf;
    private final Map<String, String> adminEnvironment;
    private final String kadmin;
    private final Process kdc;
    private final Thread reaper;
    private final int port;

    private MitKdc(Path dir, Path krb5Conf, Map<String, String> adminEnvironment, String kadmin, Process kdc,
                   Thread reaper, int port) {
        this.dir = dir;
        this.krb5Conf = krb5Conf;
        this.adminEnvironment = adminEnvironment;
        this.kadmin = kadmin;
        this.kdc = kdc;
        this.reaper = reaper;
        this.port = port;
    }

    /** Creates the realm's database under {@code dir} and starts {@code krb5kdc} on a free loopback port. */
    public static MitKdc start(Path dir) throws IOException {
        String krb5kdc = ExternalCommand.require("krb5kdc", "krb5-kdc");
        String kdb5Util = ExternalCommand.require("kdb5_util", "krb5-kdc");
        String kadmin = ExternalCommand.require("kadmin.local", "krb5-admin-server");
        Path krb5Conf = dir.resolve("krb5.conf");
        Path kdcConf = dir.resolve("kdc.conf");
        Map<String, String> environment = Map.of("KRB5_CONFIG", krb5Conf.toString(),
                "KRB5_KDC_PROFILE", kdcConf.toString());
        for (int attempt = 1; ; attempt++) {
            int port = freeLoopbackPort();
            Files.writeString(krb5Conf, krb5Conf(port), StandardCharsets.UTF_8);
            Files.writeString(kdcConf, kdcConf(dir, port), StandardCharsets.UTF_8);
            if (attempt == 1) {
                // The master key only encrypts this throwaway database; it is stashed for krb5kdc to read.
                ExternalCommand.Result create = ExternalCommand.run(dir, TOOL_TIMEOUT, List.of(kdb5Util, "-r", REALM,
                        "create", "-s", "-P", randomPassword()), environment, null);
                assertEquals(0, create.exitCode(), "kdb5_util create failed:\n" + create.output());
            }
            // -n: in the foreground, so that this process is the KDC and stopping it stops the KDC.
            ProcessBuilder builder = new ProcessBuilder(krb5kdc, "-n", "-r", REALM)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("krb5kdc.out").toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            // Should the JVM end without close(), the KDC must not outlive it.
            Thread reaper = new Thread(process::destroyForcibly, "krb5kdc-reaper");
            Runtime.getRuntime().addShutdownHook(reaper);
            if (awaitListening(process, port)) {
                return new MitKdc(dir, krb5Conf, environment, kadmin, process, reaper, port);
            }
            Runtime.getRuntime().removeShutdownHook(reaper);
            stop(process);
            if (attempt == START_ATTEMPTS) {
                return fail("krb5kdc did not start on port " + port + " after " + attempt + " attempts:\n"
                        + tail(dir.resolve("krb5kdc.out")) + "\n" + tail(dir.resolve("kdc.log")));
            }
        }
    }

    /**
     * The KDC: TCP and UDP on the loopback address only, AES keys only (the server under test refuses RC4, and MIT
     * 1.20 no longer issues triple DES), a log file of its own. The database and stash live in {@code dir}.
     */
    private static String kdcConf(Path dir, int port) {
        return String.join("\n",
                "[kdcdefaults]",
                "    kdc_listen = 127.0.0.1:" + port,
                "    kdc_tcp_listen = 127.0.0.1:" + port,
                "",
                "[realms]",
                "    " + REALM + " = {",
                "        database_name = " + dir.resolve("principal"),
                "        key_stash_file = " + dir.resolve("stash"),
                "        acl_file = " + dir.resolve("kadm5.acl"),
                "        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal",
                "    }",
                "",
                "[logging]",
                "    kdc = FILE:" + dir.resolve("kdc.log"),
                "    admin_server = FILE:" + dir.resolve("kadmin.log"),
                "    default = FILE:" + dir.resolve("krb5lib.log"),
                "");
    }

    /**
     * The clients' configuration: this KDC and nothing else, no DNS, no reverse lookups, {@code .test} and
     * {@code localhost} in the realm, and service names taken as the client was given them.
     */
    private static String krb5Conf(int port) {
        return String.join("\n",
                "[libdefaults]",
                "    default_realm = " + REALM,
                "    dns_lookup_kdc = false",
                "    dns_lookup_realm = false",
                "    dns_canonicalize_hostname = false",
                "    rdns = false",
                "",
                "[realms]",
                "    " + REALM + " = {",
                "        kdc = 127.0.0.1:" + port,
                "    }",
                "",
                "[domain_realm]",
                "    localhost = " + REALM,
                "    .test = " + REALM,
                "");
    }

    /** A loopback port that is free for both TCP and UDP right now. */
    private static int freeLoopbackPort() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 20; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()))) {
                    return udp.getLocalPort();
                } catch (IOException taken) {
                    // the UDP port is in use; try another
                }
            }
        }
        return fail("no loopback port free for both TCP and UDP");
    }

    /** True once the KDC accepts TCP connections on {@code port}; false if it exits or takes too long. */
    private static boolean awaitListening(Process process, int port) {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        return false;
    }

    /** Adds the user principal {@code name@EXAMPLE.COM} with keys derived from {@code password}. */
    public void addUser(String name, String password) {
        admin("addprinc -pw " + password + " " + principal(name), "Principal \"" + principal(name) + "\" created");
    }

    /** Adds a service principal ({@code cifs/host@EXAMPLE.COM}) with random keys. */
    public void addService(String principal) {
        admin("addprinc -randkey " + principal, "Principal \"" + principal + "\" created");
    }

    /** Writes the keys of {@code principals} to a new keytab {@code fileName} in this realm's directory. */
    public Path exportKeytab(String fileName, String... principals) throws IOException {
        Path keytab = dir.resolve(fileName);
        Files.deleteIfExists(keytab);
        for (String principal : principals) {
            // -norandkey keeps the keys: without it ktadd would give the principal new ones.
            admin("ktadd -norandkey -k " + keytab + " " + principal, "added to keytab WRFILE:" + keytab);
        }
        return keytab;
    }

    /** Runs one {@code kadmin.local} command, read from standard input so no password is on a command line. */
    private void admin(String command, String expected) {
        ExternalCommand.Result result = ExternalCommand.run(dir, TOOL_TIMEOUT, List.of(kadmin, "-r", REALM),
                adminEnvironment, command + "\n");
        assertFalse(result.timedOut(), "kadmin.local did not finish");
        // kadmin.local exits 0 even when a command read from standard input fails: its output says how it went.
        assertTrue(result.output().contains(expected), "kadmin.local '" + command.replaceAll("-pw \\S+", "-pw ***")
                + "' failed:\n" + result.output().replaceAll("-pw \\S+", "-pw ***"));
    }

    public static String principal(String name) {
        return name + "@" + REALM;
    }

    /** The environment for MIT's and Samba's tools: this realm's {@code krb5.conf} and the cache {@code ccache}. */
    public Map<String, String> environment(Path ccache) {
        return Map.of("KRB5_CONFIG", krb5Conf.toString(), "KRB5CCNAME", "FILE:" + ccache);
    }

    /** MIT {@code kinit}s {@code name} into a new credential cache and returns it; fails the test if kinit does. */
    public Path login(String name, String password) throws IOException {
        String kinit = ExternalCommand.require("kinit", "krb5-user");
        Path ccache = Files.createTempFile(dir, "ccache-" + name + "-", "");
        Files.delete(ccache); // kinit creates it; an empty file is not a credential cache
        ExternalCommand.Result result = ExternalCommand.run(dir, TOOL_TIMEOUT, List.of(kinit, principal(name)),
                environment(ccache), password + "\n");
        assertEquals(0, result.exitCode(), "kinit failed:\n" + result.describe() + "\n" + result.output()
                + "\n" + tail(dir.resolve("kdc.log")));
        return ccache;
    }

    /** Logs {@code name} on through the JDK's Kerberos, as smbj would, against this KDC. */
    public Subject jaasLogin(String name, String password) throws LoginException {
        return JdkKerberosLogin.login(krb5Conf, principal(name), password);
    }

    /** What the KDC logged: which tickets it issued, for a failure message. */
    public String log() {
        return tail(dir.resolve("kdc.log"));
    }

    public int port() {
        return port;
    }

    /** Stops the KDC process (and waits for it), and stops pointing the JDK at this realm. */
    @Override
    public void close() {
        JdkKerberosLogin.forget(krb5Conf);
        stop(kdc);
        Runtime.getRuntime().removeShutdownHook(reaper);
        assertFalse(kdc.isAlive(), "krb5kdc did not stop");
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return file.getFileName() + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30),
                    lines.size()));
        } catch (IOException e) {
            return "(no " + file.getFileName() + ")";
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

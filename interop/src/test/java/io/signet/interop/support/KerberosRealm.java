package io.signet.interop.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginException;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.server.KdcConfigKey;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;

/**
 * A Kerberos realm, {@value #REALM}, for the tests of one class: Apache Kerby's {@link SimpleKdcServer} in this JVM on
 * a free loopback TCP port (no UDP), and a {@code krb5.conf} that points MIT's {@code kinit}, Samba's Heimdal
 * (inside smbclient) and the JDK's Kerberos at it and at nothing else: no DNS, no reverse lookups, {@code localhost}
 * and {@code .test} mapped to the realm.
 *
 * <p>Principals and keytabs are made per run, so nothing depends on the machine's {@code /etc/krb5.conf} or on a
 * KDC outside the test. The KDC issues AES-256 and AES-128 (SHA-1) keys only: Kerby's default list also has
 * triple DES, which MIT 1.20 refuses, and the server under test does not accept RC4 by default.
 */
public final class KerberosRealm implements AutoCloseable {
    public static final String REALM = "EXAMPLE.COM";
    /** The service principal a client asks a ticket for when it connects to {@code //localhost}. */
    public static final String LOCALHOST_SERVICE = service("localhost");
    private static final String ENCRYPTION_TYPES = "aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

    private final SimpleKdcServer kdc;
    private final Path dir;
    private final Path krb5Conf;
    private final int port;

    private KerberosRealm(SimpleKdcServer kdc, Path dir, Path krb5Conf, int port) {
        this.kdc = kdc;
        this.dir = dir;
        this.krb5Conf = krb5Conf;
        this.port = port;
    }

    /** Starts the KDC with its work files, keytabs, credential caches and {@code krb5.conf} under {@code dir}. */
    public static KerberosRealm start(Path dir) throws IOException, KrbException {
        Path kdcDir = Files.createDirectories(dir.resolve("kdc"));
        int port = freeLoopbackPort();
        SimpleKdcServer kdc = new SimpleKdcServer();
        kdc.setWorkDir(kdcDir.toFile());
        kdc.setKdcRealm(REALM);
        kdc.setKdcHost("127.0.0.1");
        kdc.setAllowUdp(false);
        kdc.setKdcTcpPort(port);
        kdc.getKdcConfig().setString(KdcConfigKey.ENCRYPTION_TYPES, ENCRYPTION_TYPES);
        kdc.init();
        kdc.start();
        Path krb5Conf = dir.resolve("krb5.conf");
        Files.writeString(krb5Conf, krb5Conf(port), StandardCharsets.UTF_8);
        return new KerberosRealm(kdc, dir, krb5Conf, port);
    }

    /**
     * The client configuration. The KDC listens on TCP only. MIT and the JDK go to the first {@code kdc} line over
     * TCP because of {@code udp_preference_limit = 1}; the Heimdal inside smbclient still sends that one over UDP,
     * fails, and goes on to the second, whose {@code tcp/} prefix it understands (MIT 1.20 and the JDK would take the
     * prefix for part of a host name, but never get that far). {@code dns_canonicalize_hostname = false} and
     * {@code rdns = false} keep the
     * service name {@code cifs/localhost} as the client was given it, instead of whatever the resolver makes of it.
     */
    private static String krb5Conf(int port) {
        return String.join("\n",
                "[libdefaults]",
                "    default_realm = " + REALM,
                "    dns_lookup_kdc = false",
                "    dns_lookup_realm = false",
                "    dns_canonicalize_hostname = false",
                "    rdns = false",
                "    udp_preference_limit = 1",
                "",
                "[realms]",
                "    " + REALM + " = {",
                "        kdc = 127.0.0.1:" + port,
                "        kdc = tcp/127.0.0.1:" + port,
                "    }",
                "",
                "[domain_realm]",
                "    localhost = " + REALM,
                "    .localhost = " + REALM,
                "    .test = " + REALM,
                "");
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * {@code cifs/HOST@EXAMPLE.COM}, the principal of the SMB service on {@code host}. Samba's clients never use
     * Kerberos for a server named {@code localhost} or by address, so smbclient is pointed at a name under
     * {@code .test} (a top-level domain that never resolves), with {@code -I 127.0.0.1}.
     */
    public static String service(String host) {
        return "cifs/" + host + "@" + REALM;
    }

    /** {@code name@EXAMPLE.COM}. */
    public static String principal(String name) {
        return name + "@" + REALM;
    }

    /** Adds the user principal {@code name@EXAMPLE.COM} with keys derived from {@code password}. */
    public void addUser(String name, String password) throws KrbException {
        kdc.createPrincipal(principal(name), password);
    }

    /** Adds a service principal (e.g. {@code cifs/localhost@EXAMPLE.COM}) with random keys. */
    public void addService(String principal) throws KrbException {
        kdc.createPrincipal(principal);
    }

    /** Gives {@code principal} new random keys: a keytab exported before no longer decrypts its tickets. */
    public void rekey(String principal) throws KrbException {
        kdc.getKadmin().updateKeys(principal);
    }

    /** Writes the current keys of {@code principals} to a new keytab file {@code fileName} in this realm's dir. */
    public Path exportKeytab(String fileName, String... principals) throws KrbException, IOException {
        Path keytab = dir.resolve(fileName);
        Files.deleteIfExists(keytab);
        kdc.getKadmin().exportKeytab(keytab.toFile(), List.of(principals));
        return keytab;
    }

    public Path krb5Conf() {
        return krb5Conf;
    }

    public int port() {
        return port;
    }

    /**
     * The environment for MIT's and Heimdal's tools: this realm's {@code krb5.conf} and the credential cache
     * {@code ccache}.
     */
    public Map<String, String> environment(Path ccache) {
        return Map.of("KRB5_CONFIG", krb5Conf.toString(), "KRB5CCNAME", "FILE:" + ccache);
    }

    /** MIT {@code kinit name@EXAMPLE.COM}, the password on standard input, into the credential cache {@code ccache}. */
    public ExternalCommand.Result kinit(String name, String password, Path ccache) {
        String kinit = ExternalCommand.require("kinit", "krb5-user");
        return ExternalCommand.run(dir, TOOL_TIMEOUT, List.of(kinit, principal(name)), environment(ccache),
                password + "\n");
    }

    /**
     * Gets a ticket-granting ticket for {@code name} into a new credential cache of its own and returns the cache;
     * fails the test if {@code kinit} does.
     */
    public Path login(String name, String password) throws IOException {
        Path ccache = Files.createTempFile(dir, "ccache-" + name + "-", "");
        Files.delete(ccache); // kinit creates it; an empty file is not a credential cache
        ExternalCommand.Result result = kinit(name, password, ccache);
        assertFalse(result.timedOut(), "kinit did not finish:\n" + result.describe() + "\n" + result.output());
        assertEquals(0, result.exitCode(), "kinit failed:\n" + result.describe() + "\n" + result.output());
        return ccache;
    }

    /** MIT {@code kvno service}: asks the KDC for a service ticket with the TGT in {@code ccache}. */
    public ExternalCommand.Result kvno(String service, Path ccache) {
        String kvno = ExternalCommand.require("kvno", "krb5-user");
        return ExternalCommand.run(dir, TOOL_TIMEOUT, List.of(kvno, service), environment(ccache), null);
    }

    /** Logs {@code name} on through the JDK's Kerberos login module, as a Java client would. */
    public Subject jaasLogin(String name, String password) throws LoginException {
        return JdkKerberosLogin.login(krb5Conf, principal(name), password);
    }

    @Override
    public void close() {
        // The JDK must not go on looking for this realm's KDC in a later test class.
        JdkKerberosLogin.forget(krb5Conf);
        try {
            kdc.stop();
        } catch (KrbException e) {
            fail("the KDC did not stop", e);
        }
    }
}

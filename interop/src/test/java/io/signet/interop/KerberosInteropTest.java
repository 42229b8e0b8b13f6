package io.signet.interop;

import static io.signet.interop.raw.RawSmb2Client.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.GSSAuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import io.signet.config.EncryptionCipher;
import io.signet.config.EncryptionPolicy;
import io.signet.config.ServerConfig;
import io.signet.config.ServerConfigBuilder;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.interop.support.ExternalCommand;
import io.signet.interop.support.KerberosRealm;
import io.signet.interop.support.ServerLog;
import io.signet.interop.support.Smbclient;
import io.signet.interop.support.SmbjGss;
import io.signet.protocol.smb2.Dialect;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kerberos through SPNEGO with real clients against a KDC in this JVM ({@link KerberosRealm}): Samba's smbclient
 * with a ticket from MIT's kinit (2.1 to 3.1.1, and encrypted with AES-128-GCM and AES-256-GCM), and smbj through the
 * JDK's GSS-API, each putting and getting a file on a session that requires signing, so the keys both sides derive
 * from the Kerberos session key must agree; then the logons the server must refuse: a keytab whose key is no longer
 * the service's, a ticket for a service the keytab does not hold, a principal with no local user, and a replayed
 * AP-REQ. After each refusal the same server still lets a good logon in.
 *
 * <p>alice's NTLM password in the server's user list is not her Kerberos password and no client here is given it,
 * so a logon of alice that succeeds can only have been Kerberos; the server's log must say so too.
 */
class KerberosInteropTest {
    private static final String ALICE_KERBEROS_PASSWORD = "alice-kdc-password";
    /** Only for the NTLM logons that show a server is still serving after a refusal. */
    private static final String ALICE_NTLM_PASSWORD = "alice-ntlm-password";
    private static final String SIGNING_REQUIRED = "--option=client signing=required";
    /** The name smbclient is given for the server: Samba will not use Kerberos for "localhost". */
    private static final String HOST = "signet.test";
    private static final String SERVICE = KerberosRealm.service(HOST);
    private static final String OTHER_HOST = "other.test";
    private static final String OTHER_SERVICE = KerberosRealm.service(OTHER_HOST);
    private static final int FILE_SIZE = 1024 * 1024 + 3;
    private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
    private static final Oid KERBEROS = oid("1.2.840.113554.1.2.2");

    @TempDir
    static Path realmDir;
    @TempDir
    Path share;
    @TempDir
    Path local;

    private static KerberosRealm realm;
    /** The service's current keys, under both names the clients use: smbclient's {@link #HOST} and smbj's localhost. */
    private static Path keytab;
    /** The service's keys before it was re-keyed: what a server has when its keytab was not updated. */
    private static Path staleKeytab;
    /** Only cifs/otherhost. */
    private static Path otherServiceKeytab;
    private static Path bobCache;

    /** alice's ticket-granting ticket, in a cache of this test's own so that it shows which tickets this test got. */
    private Path aliceCache;
    private SignetServer server;

    @BeforeAll
    static void startRealm() throws Exception {
        realm = KerberosRealm.start(realmDir);
        realm.addUser("alice", ALICE_KERBEROS_PASSWORD);
        realm.addUser("bob", "bob-kdc-password");
        realm.addService(SERVICE);
        realm.addService(KerberosRealm.LOCALHOST_SERVICE);
        realm.addService(OTHER_SERVICE);
        staleKeytab = realm.exportKeytab("stale.keytab", SERVICE, KerberosRealm.LOCALHOST_SERVICE);
        realm.rekey(SERVICE);
        realm.rekey(KerberosRealm.LOCALHOST_SERVICE);
        keytab = realm.exportKeytab("signet.keytab", SERVICE, KerberosRealm.LOCALHOST_SERVICE);
        otherServiceKeytab = realm.exportKeytab("other.keytab", OTHER_SERVICE);
        assertNotEquals(-1, Files.mismatch(staleKeytab, keytab), "re-keying did not change the service's keys");
        bobCache = realm.login("bob", "bob-kdc-password");
    }

    @BeforeEach
    void loginAlice() throws IOException {
        aliceCache = realm.login("alice", ALICE_KERBEROS_PASSWORD);
    }

    @AfterAll
    static void stopRealm() {
        if (realm != null) {
            realm.close();
        }
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A server that knows the users alice (NTLM password only) and carol, never bob, with {@code serviceKeytab}. */
    private SignetServer startServer(Path serviceKeytab) throws IOException {
        return startServer(serviceKeytab, null);
    }

    /** As {@link #startServer(Path)}; with a cipher, encryption is required and that cipher the only one. */
    private SignetServer startServer(Path serviceKeytab, EncryptionCipher requiredCipher) throws IOException {
        ServerConfigBuilder config = ServerConfig.builder();
        if (requiredCipher != null) {
            config.encryption(EncryptionPolicy.REQUIRED).encryptionCiphers(List.of(requiredCipher));
        }
        server = SignetServer.start(config
                .share("data", share)
                .user("alice", ALICE_NTLM_PASSWORD)
                .user("carol", "carol-ntlm-password")
                .port(0)
                .bindAddress("127.0.0.1")
                .stateDir(local.resolve("state"))
                .realm(KerberosRealm.REALM)
                .kerberosKeytab(serviceKeytab)
                .build());
        return server;
    }

    /**
     * smbclient for {@code //HOST/data} with the Kerberos credential cache {@code ccache}. The host name is what the
     * service ticket is asked for ({@code cifs/HOST}); {@code -I} makes smbclient connect to the loopback address the
     * server listens on whatever the name resolves to.
     */
    private Smbclient smbclient(String host, Path ccache) {
        return new Smbclient(host, server.port(), local, realm.environment(ccache));
    }

    private static List<String> kerberosOptions(String protocol) {
        return List.of("-I", "127.0.0.1", "--use-kerberos=required", "-m", protocol, SIGNING_REQUIRED);
    }

    /**
     * @param protocol smbclient's {@code -m}
     * @param dialect  how the server names that dialect in its log
     * @param cipher   with encryption required by the server, the only cipher it offers; the Kerberos session key is
     *                 32 bytes (AES-256), unlike NTLM's 16, and AES-256 ciphers derive their keys from all of it
     */
    record Case(String protocol, String dialect, EncryptionCipher cipher) {
        List<String> options() {
            List<String> options = new ArrayList<>(kerberosOptions(protocol));
            if (cipher != null) {
                options.add("--option=client smb encrypt=required");
                options.add("--option=client smb3 encryption algorithms=" + cipher.configName());
            }
            return options;
        }

        @Override
        public String toString() {
            return protocol + (cipher == null ? "" : " encrypted with " + cipher.configName());
        }
    }

    static Stream<Case> smbclientCases() {
        return Stream.of(
                new Case("SMB2_10", "2.1", null),
                new Case("SMB3_00", "3.0", null),
                new Case("SMB3_02", "3.0.2", null),
                new Case("SMB3_11", "3.1.1", null),
                new Case("SMB3_11", "3.1.1", EncryptionCipher.AES_128_GCM),
                new Case("SMB3_11", "3.1.1", EncryptionCipher.AES_256_GCM));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smbclientCases")
    void smbclientPutsAndGetsWithKerberos(Case c) throws IOException {
        startServer(keytab, c.cipher());
        byte[] content = randomBytes();
        Files.write(local.resolve("upload.bin"), content);

        int mark = ServerLog.mark();
        ExternalCommand.Result transfer = smbclient(HOST, aliceCache).run(c.options(),
                "put upload.bin krb.bin; get krb.bin download.bin");
        Smbclient.assertSucceeded(transfer, mark);
        assertArrayEquals(content, Files.readAllBytes(share.resolve("krb.bin")), "file on the share after put");
        assertArrayEquals(content, Files.readAllBytes(local.resolve("download.bin")), "file fetched back with get");
        assertKerberosSession(mark, c.dialect() + ", signing required"
                + (c.cipher() == null ? "" : ", encrypted with " + c.cipher().name()));
        assertCacheHoldsTicketFor(aliceCache, SERVICE);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SMB2Dialect.class, names = {"SMB_2_1", "SMB_3_0", "SMB_3_1_1"})
    void smbjPutsAndGetsThroughJdkGss(SMB2Dialect dialect) throws Exception {
        startServer(keytab);
        byte[] content = randomBytes();
        Subject subject = realm.jaasLogin("alice", ALICE_KERBEROS_PASSWORD);
        GSSCredential credential = SmbjGss.credential(subject, KERBEROS);

        int mark = ServerLog.mark();
        SMB2Dialect negotiated = SmbjGss.putAndGet(server.port(), dialect, "alice", KerberosRealm.REALM, subject,
                credential, "gss.bin", content);
        assertEquals(dialect, negotiated, "negotiated dialect");
        assertArrayEquals(content, Files.readAllBytes(share.resolve("gss.bin")), "file on the share");
        String logged = switch (dialect) {
            case SMB_2_1 -> "2.1";
            case SMB_3_0 -> "3.0";
            default -> "3.1.1";
        };
        assertKerberosSession(mark, logged + ", signing required");
    }

    @Test
    void keytabWithTheServiceOldKeyIsRefused() throws IOException {
        startServer(staleKeytab);
        assertRefused(smbclient(HOST, aliceCache), "NT_STATUS_LOGON_FAILURE",
                "Kerberos ticket for " + SERVICE + " refused: ");
        assertStillServes();
    }

    @Test
    void ticketForAServiceNotInTheKeytabIsRefused() throws IOException {
        startServer(otherServiceKeytab);
        assertRefused(smbclient(HOST, aliceCache), "NT_STATUS_LOGON_FAILURE",
                "Kerberos ticket for " + SERVICE + " refused: the service is not in the keytab");

        // The same client and user, asking for the service the keytab does hold, are let in: the refusal above was
        // about the service principal and nothing else.
        int mark = ServerLog.mark();
        ExternalCommand.Result good = smbclient(OTHER_HOST, aliceCache).run(kerberosOptions("SMB3_11"), "ls");
        Smbclient.assertSucceeded(good, mark);
        assertKerberosSession(mark, "3.1.1, signing required");
        assertCacheHoldsTicketFor(aliceCache, OTHER_SERVICE);
    }

    @Test
    void principalWithoutALocalUserIsRefused() throws IOException {
        startServer(keytab);
        assertRefused(smbclient(HOST, bobCache), "NT_STATUS_LOGON_FAILURE",
                "Kerberos: principal bob@EXAMPLE.COM is not a user of realm EXAMPLE.COM");

        int mark = ServerLog.mark();
        ExternalCommand.Result good = smbclient(HOST, aliceCache).run(kerberosOptions("SMB3_11"), "ls");
        Smbclient.assertSucceeded(good, mark);
        assertKerberosSession(mark, "3.1.1, signing required");
    }

    /**
     * An AP-REQ is good once: the same SPNEGO token, sent again on a new connection, is refused by the replay cache,
     * although the first use shows it is otherwise valid.
     */
    @ParameterizedTest
    @ValueSource(strings = {"SMB3_0_2", "SMB3_1_1"})
    void replayedApReqIsRefused(String dialectName) throws Exception {
        startServer(keytab);
        Dialect dialect = Dialect.valueOf(dialectName);
        Subject subject = realm.jaasLogin("alice", ALICE_KERBEROS_PASSWORD);
        byte[] token = Subject.doAs(subject, (PrivilegedExceptionAction<byte[]>) () -> {
            GSSManager manager = GSSManager.getInstance();
            GSSName service = manager.createName("cifs@localhost", GSSName.NT_HOSTBASED_SERVICE);
            GSSContext context = manager.createContext(service, SPNEGO, null, GSSContext.DEFAULT_LIFETIME);
            context.requestMutualAuth(true);
            try {
                return context.initSecContext(new byte[0], 0, 0);
            } finally {
                context.dispose();
            }
        });

        int mark = ServerLog.mark();
        try (RawSmb2Client first = RawSmb2Client.connect(server.port())) {
            first.negotiate(dialect);
            RawResponse accepted = first.sessionSetupToken(token);
            assertEquals(STATUS_SUCCESS, accepted.status(),
                    "the token's first use must succeed, or its refusal below proves nothing: " + accepted + "\n"
                            + ServerLog.dump(mark));
        }
        int replayMark = ServerLog.mark();
        try (RawSmb2Client second = RawSmb2Client.connect(server.port())) {
            second.negotiate(dialect);
            RawResponse replayed = second.sessionSetupToken(token);
            assertEquals(NtStatus.STATUS_LOGON_FAILURE.getValue(), replayed.status() & 0xFFFFFFFFL,
                    "a replayed AP-REQ must be refused: " + replayed + "\n" + ServerLog.dump(replayMark));
        }
        assertTrue(ServerLog.matching(replayMark, Pattern.compile("session \\p{XDigit}+ established")).isEmpty(),
                "the server established a session for a replayed AP-REQ:\n" + ServerLog.dump(replayMark));
    }

    @Test
    void smbjWithATicketForAServiceNotInTheKeytabIsRefused() throws Exception {
        startServer(otherServiceKeytab);
        Subject subject = realm.jaasLogin("alice", ALICE_KERBEROS_PASSWORD);
        GSSCredential credential = Subject.doAs(subject, (PrivilegedExceptionAction<GSSCredential>) () ->
                GSSManager.getInstance().createCredential(null, GSSCredential.DEFAULT_LIFETIME, KERBEROS,
                        GSSCredential.INITIATE_ONLY));
        SmbConfig config = SmbConfig.builder().withSigningRequired(true).withTimeout(30, TimeUnit.SECONDS).build();
        try (SMBClient client = new SMBClient(config);
             Connection connection = client.connect("localhost", server.port())) {
            SMBApiException e = assertThrows(SMBApiException.class, () -> connection.authenticate(
                    new GSSAuthenticationContext("alice", KerberosRealm.REALM, subject, credential)));
            assertEquals(NtStatus.STATUS_LOGON_FAILURE, e.getStatus(), "status of the refusal: " + e);
        }
    }

    /**
     * smbclient with Kerberos is refused at SESSION_SETUP, the server logs why ({@code reason}, at INFO, once), and
     * establishes no session for it.
     */
    private static void assertRefused(Smbclient smbclient, String status, String reason) {
        int mark = ServerLog.mark();
        ExternalCommand.Result refused = smbclient.run(kerberosOptions("SMB3_11"), "ls");
        String context = refused.describe() + "\n" + refused.output() + "\n" + ServerLog.dump(mark);
        assertFalse(refused.timedOut(), "smbclient hung on a refused logon:\n" + context);
        assertNotEquals(0, refused.exitCode(), "smbclient should fail:\n" + context);
        assertTrue(refused.output().contains("session setup failed: " + status),
                "expected 'session setup failed: " + status + "':\n" + context);
        assertEquals(1, ServerLog.since(mark).stream().filter(l -> l.startsWith("INFO ")
                        && l.contains("session setup failed: STATUS_LOGON_FAILURE: " + reason)).count(),
                "expected the server to log the refusal and why:\n" + context);
        assertTrue(ServerLog.matching(mark, Pattern.compile("session \\p{XDigit}+ established")).isEmpty(),
                "the server established a session for a refused logon:\n" + context);
    }

    /** After a refusal, the same server still serves a good (NTLM) logon on a new connection. */
    private void assertStillServes() {
        int mark = ServerLog.mark();
        ExternalCommand.Result good = new Smbclient(server.port(), local)
                .run(List.of("-U", "alice%" + ALICE_NTLM_PASSWORD, SIGNING_REQUIRED), "ls");
        Smbclient.assertSucceeded(good, mark);
    }

    /**
     * The server's account of the logon: a session for alice described as {@code terms} (dialect, signing, cipher),
     * and a line that names Kerberos as the way she logged on.
     */
    private static void assertKerberosSession(int mark, String terms) {
        Pattern established = Pattern.compile("session \\p{XDigit}+ established for \\S*\\\\alice \\("
                + Pattern.quote(terms) + "\\)");
        assertFalse(ServerLog.matching(mark, established).isEmpty(),
                "expected a session for alice (" + terms + "); " + ServerLog.dump(mark));
        Pattern kerberos = Pattern.compile("(?i)kerberos.*alice@EXAMPLE\\.COM|alice@EXAMPLE\\.COM.*kerberos");
        assertFalse(ServerLog.matching(mark, kerberos).isEmpty(),
                "expected the server to log a Kerberos logon of alice@EXAMPLE.COM; " + ServerLog.dump(mark));
    }

    /** klist of {@code ccache}: the client really asked the KDC for a ticket to {@code service}. */
    private static void assertCacheHoldsTicketFor(Path ccache, String service) {
        String klist = ExternalCommand.require("klist", "krb5-user");
        ExternalCommand.Result tickets = ExternalCommand.run(realmDir, Duration.ofSeconds(30), List.of(klist),
                realm.environment(ccache), null);
        assertEquals(0, tickets.exitCode(), tickets.describe() + "\n" + tickets.output());
        assertTrue(tickets.output().contains(service), "no ticket for " + service + " in the cache:\n"
                + tickets.output());
    }

    private static byte[] randomBytes() {
        byte[] content = new byte[FILE_SIZE];
        new SecureRandom().nextBytes(content);
        return content;
    }

    private static Oid oid(String dotted) {
        try {
            return new Oid(dotted);
        } catch (org.ietf.jgss.GSSException e) {
            throw new IllegalArgumentException(dotted, e);
        }
    }
}

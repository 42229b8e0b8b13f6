package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.mssmb2.SMB2Dialect;
import io.signet.config.ServerConfig;
import io.signet.interop.support.ExternalCommand;
import io.signet.interop.support.MitKdc;
import io.signet.interop.support.ServerLog;
import io.signet.interop.support.Smbclient;
import io.signet.interop.support.SmbjGss;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.Oid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kerberos logons through MIT's own KDC ({@link MitKdc}, {@code krb5kdc} 1.20 or later), whose tickets all carry a PAC
 * without PAC_LOGON_INFO: Samba's smbclient with a ticket from {@code kinit}, and smbj through the JDK's GSS-API, each
 * putting and getting a file on a session that requires signing. A principal without a local user is refused, and
 * the server's log says why.
 *
 * <p>alice's NTLM password is not her Kerberos password and no client here is given it, so her logons can only be
 * Kerberos.
 */
class MitKdcInteropTest {
    private static final String ALICE_KERBEROS_PASSWORD = "alice-mit-password";
    /** Samba's clients never use Kerberos for "localhost" or an address: smbclient is given this name. */
    private static final String HOST = "signet.test";
    private static final String SERVICE = "cifs/" + HOST + "@" + MitKdc.REALM;
    /** What smbj, through the JDK, asks a ticket for when it connects to localhost. */
    private static final String LOCALHOST_SERVICE = "cifs/localhost@" + MitKdc.REALM;
    private static final int FILE_SIZE = 256 * 1024 + 5;

    @TempDir
    static Path realmDir;
    @TempDir
    Path share;
    @TempDir
    Path local;

    private static MitKdc kdc;
    private static Path keytab;
    private SignetServer server;

    @BeforeAll
    static void startKdc() throws IOException {
        kdc = MitKdc.start(realmDir);
        kdc.addUser("alice", ALICE_KERBEROS_PASSWORD);
        kdc.addUser("bob", "bob-mit-password");
        kdc.addService(SERVICE);
        kdc.addService(LOCALHOST_SERVICE);
        keytab = kdc.exportKeytab("signet.keytab", SERVICE, LOCALHOST_SERVICE);
    }

    @AfterAll
    static void stopKdc() {
        if (kdc != null) {
            kdc.close();
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = SignetServer.start(ServerConfig.builder()
                .share("data", share)
                .user("alice", "alice-ntlm-password")
                .port(0)
                .bindAddress("127.0.0.1")
                .stateDir(local.resolve("state"))
                .realm(MitKdc.REALM)
                .kerberosKeytab(keytab)
                .build());
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Smbclient smbclient(Path ccache) {
        return new Smbclient(HOST, server.port(), local, kdc.environment(ccache));
    }

    private static List<String> kerberosOptions() {
        return List.of("-I", "127.0.0.1", "--use-kerberos=required", "-m", "SMB3_11",
                "--option=client signing=required");
    }

    @Test
    void smbclientPutsAndGetsWithAnMitTicket() throws IOException {
        Path ccache = kdc.login("alice", ALICE_KERBEROS_PASSWORD);
        byte[] content = randomBytes();
        Files.write(local.resolve("upload.bin"), content);

        int mark = ServerLog.mark();
        ExternalCommand.Result transfer = smbclient(ccache).run(kerberosOptions(),
                "put upload.bin mit.bin; get mit.bin download.bin");
        Smbclient.assertSucceeded(transfer, mark);
        assertArrayEquals(content, Files.readAllBytes(share.resolve("mit.bin")), "file on the share after put");
        assertArrayEquals(content, Files.readAllBytes(local.resolve("download.bin")), "file fetched back with get");
        assertKerberosSession(mark);
        assertTrue(kdc.log().contains("alice@EXAMPLE.COM for " + SERVICE),
                "the MIT KDC should have issued alice a ticket for " + SERVICE + ":\n" + kdc.log());
    }

    @Test
    void smbjPutsAndGetsThroughJdkGssWithAnMitTicket() throws Exception {
        Subject subject = kdc.jaasLogin("alice", ALICE_KERBEROS_PASSWORD);
        GSSCredential credential = SmbjGss.credential(subject, kerberosOid());
        byte[] content = randomBytes();

        int mark = ServerLog.mark();
        SmbjGss.putAndGet(server.port(), SMB2Dialect.SMB_3_1_1, "alice", MitKdc.REALM, subject, credential,
                "mit-gss.bin", content);
        assertArrayEquals(content, Files.readAllBytes(share.resolve("mit-gss.bin")), "file on the share");
        assertKerberosSession(mark);
        assertTrue(kdc.log().contains("alice@EXAMPLE.COM for " + LOCALHOST_SERVICE),
                "the MIT KDC should have issued alice a ticket for " + LOCALHOST_SERVICE + ":\n" + kdc.log());
    }

    /** bob has a principal but no local account: refused, once in the log, with the reason and no session. */
    @Test
    void principalWithoutALocalUserIsRefusedAndTheLogSaysWhy() throws IOException {
        Path ccache = kdc.login("bob", "bob-mit-password");
        int mark = ServerLog.mark();
        ExternalCommand.Result refused = smbclient(ccache).run(kerberosOptions(), "ls");
        String context = refused.describe() + "\n" + refused.output() + "\n" + ServerLog.dump(mark);
        assertFalse(refused.timedOut(), "smbclient hung on a refused logon:\n" + context);
        assertNotEquals(0, refused.exitCode(), "smbclient should fail:\n" + context);
        assertTrue(refused.output().contains("NT_STATUS_LOGON_FAILURE"), context);
        assertEquals(1, ServerLog.matching(mark, Pattern.compile("^INFO SessionSetupHandler - /127\\.0\\.0\\.1:\\d+: "
                + "session setup failed: STATUS_LOGON_FAILURE: Kerberos: principal bob@EXAMPLE\\.COM is not a user"))
                .size(), "expected one INFO line with the reason:\n" + context);
        assertTrue(ServerLog.matching(mark, Pattern.compile("session \\p{XDigit}+ established")).isEmpty(),
                "the server established a session for a refused logon:\n" + context);
    }

    /** The session is alice's, signed, and the server logged it as a Kerberos logon. */
    private static void assertKerberosSession(int mark) {
        Pattern established = Pattern.compile("session \\p{XDigit}+ established for \\S*\\\\alice \\(3\\.1\\.1, "
                + "signing required\\)");
        assertFalse(ServerLog.matching(mark, established).isEmpty(),
                "expected a signed 3.1.1 session for alice; " + ServerLog.dump(mark));
        assertFalse(ServerLog.matching(mark, Pattern.compile("Kerberos logon of alice@EXAMPLE\\.COM as alice"))
                .isEmpty(), "expected a logged Kerberos logon of alice@EXAMPLE.COM; " + ServerLog.dump(mark));
    }

    private static byte[] randomBytes() {
        byte[] content = new byte[FILE_SIZE];
        new SecureRandom().nextBytes(content);
        return content;
    }

    private static Oid kerberosOid() throws GSSException {
        return new Oid("1.2.840.113554.1.2.2");
    }
}

package io.signet.interop.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kerberos fixture on its own, with MIT's tools and the JDK as clients: when a Kerberos interop test fails, these
 * say whether the realm or the server is to blame. The wrong-password case shows the KDC really checks, so the good
 * cases could fail.
 */
class KerberosRealmTest {
    @TempDir
    static Path dir;

    private static KerberosRealm realm;

    @BeforeAll
    static void startRealm() throws Exception {
        realm = KerberosRealm.start(dir);
        realm.addUser("alice", "alice-kerberos-password");
        realm.addService(KerberosRealm.LOCALHOST_SERVICE);
    }

    @AfterAll
    static void stopRealm() {
        if (realm != null) {
            realm.close();
        }
    }

    @Test
    void kinitGetsATicketGrantingTicketAndKvnoAServiceTicket() throws Exception {
        Path ccache = realm.login("alice", "alice-kerberos-password");
        ExternalCommand.Result kvno = realm.kvno(KerberosRealm.LOCALHOST_SERVICE, ccache);
        assertEquals(0, kvno.exitCode(), kvno.describe() + "\n" + kvno.output());
        assertTrue(kvno.output().contains(KerberosRealm.LOCALHOST_SERVICE + ": kvno = "), kvno.output());

        String klist = ExternalCommand.require("klist", "krb5-user");
        ExternalCommand.Result tickets = ExternalCommand.run(dir, Duration.ofSeconds(30), List.of(klist, "-e"),
                realm.environment(ccache), null);
        assertEquals(0, tickets.exitCode(), tickets.describe() + "\n" + tickets.output());
        assertTrue(tickets.output().contains("krbtgt/EXAMPLE.COM@EXAMPLE.COM"), tickets.output());
        assertTrue(tickets.output().contains("Etype (skey, tkt): aes256-cts-hmac-sha1-96, aes256-cts-hmac-sha1-96"),
                "the KDC should issue AES-256 tickets:\n" + tickets.output());
    }

    @Test
    void kinitWithTheWrongPasswordFails() {
        ExternalCommand.Result result = realm.kinit("alice", "not-the-password", dir.resolve("ccache-wrong"));
        assertFalse(result.timedOut(), result.output());
        assertNotEquals(0, result.exitCode(), "kinit with a wrong password succeeded:\n" + result.output());
        assertTrue(result.output().contains("Password incorrect")
                        || result.output().contains("Preauthentication failed"),
                "kinit should report the wrong password:\n" + result.output());
    }

    @Test
    void exportedKeytabHoldsTheServiceKeys() throws Exception {
        Path keytab = realm.exportKeytab("fixture.keytab", KerberosRealm.LOCALHOST_SERVICE);
        String klist = ExternalCommand.require("klist", "krb5-user");
        ExternalCommand.Result entries = ExternalCommand.run(dir, Duration.ofSeconds(30),
                List.of(klist, "-k", "-e", keytab.toString()), realm.environment(dir.resolve("unused")), null);
        assertEquals(0, entries.exitCode(), entries.describe() + "\n" + entries.output());
        assertTrue(entries.output().contains(KerberosRealm.LOCALHOST_SERVICE + " (aes256-cts-hmac-sha1-96)"),
                entries.output());
        assertTrue(entries.output().contains(KerberosRealm.LOCALHOST_SERVICE + " (aes128-cts-hmac-sha1-96)"),
                entries.output());
    }

    @Test
    void jdkLoginModuleGetsATicketGrantingTicket() throws Exception {
        Subject subject = realm.jaasLogin("alice", "alice-kerberos-password");
        KerberosTicket tgt = subject.getPrivateCredentials(KerberosTicket.class).stream().findFirst().orElseThrow();
        assertEquals("krbtgt/EXAMPLE.COM@EXAMPLE.COM", tgt.getServer().getName());
        assertEquals("alice@EXAMPLE.COM", tgt.getClient().getName());

        assertThrows(LoginException.class, () -> realm.jaasLogin("alice", "not-the-password"));
    }
}

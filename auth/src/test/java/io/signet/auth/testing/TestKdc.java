package io.signet.auth.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.client.KrbClient;
import org.apache.kerby.kerberos.kerb.server.KdcConfigKey;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.apache.kerby.kerberos.kerb.type.ticket.SgtTicket;
import org.apache.kerby.kerberos.kerb.type.ticket.TgtTicket;

/**
 * An in-process KDC (Kerby's SimpleKdcServer, TCP only, on a free port) for realm {@value #REALM}, with users
 * {@code alice} and {@code bob}, the service {@value #SERVICE} (exported to {@link #keytab()}) and a second service
 * {@value #OTHER_SERVICE} that is not in that keytab.
 */
public final class TestKdc implements AutoCloseable {
    public static final String REALM = "EXAMPLE.COM";
    public static final String SERVICE = "cifs/localhost@" + REALM;
    public static final String OTHER_SERVICE = "cifs/elsewhere@" + REALM;
    public static final String ALICE = "alice@" + REALM;
    public static final String BOB = "bob@" + REALM;
    public static final String PASSWORD = "Kerberos#1";

    private final SimpleKdcServer kdc;
    private final KrbClient client;
    private final Path keytab;

    public TestKdc(Path workDir) throws KrbException, IOException {
        this(workDir, false);
    }

    /** With {@code pacs}, service tickets carry a PAC from {@link PacIssuingBackend}. */
    public TestKdc(Path workDir, boolean pacs) throws KrbException, IOException {
        kdc = new SimpleKdcServer();
        if (pacs) {
            kdc.getBackendConfig().setString(KdcConfigKey.KDC_IDENTITY_BACKEND, PacIssuingBackend.class.getName());
        }
        kdc.setWorkDir(workDir.toFile());
        kdc.setKdcHost("localhost");
        kdc.setKdcRealm(REALM);
        kdc.setAllowUdp(false);
        kdc.setAllowTcp(true);
        kdc.setKdcTcpPort(freePort());
        kdc.init();
        kdc.start();
        kdc.createPrincipal(ALICE, PASSWORD);
        kdc.createPrincipal(BOB, PASSWORD);
        kdc.createPrincipal(SERVICE);
        kdc.createPrincipal(OTHER_SERVICE);
        keytab = workDir.resolve("signet.keytab");
        kdc.exportPrincipal(SERVICE, keytab.toFile());
        client = kdc.getKrbClient();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The keytab holding {@value #SERVICE}'s keys, and nothing else. */
    public Path keytab() {
        return keytab;
    }

    /** Writes the current keys of {@code principal} to a new keytab file. */
    public Path exportKeytab(String principal, File file) throws KrbException {
        kdc.exportPrincipal(principal, file);
        return file.toPath();
    }

    /** A service ticket for {@code service}, got by {@code user} with the password. */
    public SgtTicket serviceTicket(String user, String service) throws KrbException {
        TgtTicket tgt = client.requestTgt(user, PASSWORD);
        return client.requestSgt(tgt, service);
    }

    @Override
    public void close() throws KrbException {
        kdc.stop();
    }
}

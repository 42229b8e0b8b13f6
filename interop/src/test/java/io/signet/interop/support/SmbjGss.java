package io.signet.interop.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.GSSAuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import java.io.IOException;
import java.io.InputStream;
import java.security.PrivilegedExceptionAction;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/** smbj logging on to Signet through the JDK's GSS-API with a Kerberos ticket, whichever KDC issued it. */
public final class SmbjGss {
    private SmbjGss() {
    }

    /** The initiator credential of {@code subject} (a JAAS Kerberos login) for the mechanism {@code kerberos}. */
    public static GSSCredential credential(Subject subject, Oid kerberos) throws Exception {
        return Subject.doAs(subject, (PrivilegedExceptionAction<GSSCredential>) () ->
                GSSManager.getInstance().createCredential(null, GSSCredential.DEFAULT_LIFETIME, kerberos,
                        GSSCredential.INITIATE_ONLY));
    }

    /**
     * Logs on to "localhost" as {@code user} of {@code realm} at {@code dialect} with signing required, writes
     * {@code content} to the new file {@code name} of share "data", reads it back and logs off; asserts the session is
     * signed and neither guest nor anonymous, and that the file reads back whole.
     *
     * @return the dialect the connection negotiated
     */
    public static SMB2Dialect putAndGet(int port, SMB2Dialect dialect, String user, String realm, Subject subject,
                                        GSSCredential credential, String name, byte[] content) throws IOException {
        SmbConfig config = SmbConfig.builder()
                .withDialects(dialect)
                .withSigningRequired(true)
                .withTimeout(30, TimeUnit.SECONDS)
                .build();
        try (SMBClient client = new SMBClient(config);
             Connection connection = client.connect("localhost", port)) {
            Session session = connection.authenticate(new GSSAuthenticationContext(user, realm, subject, credential));
            assertTrue(session.isSigningRequired(), "the session must be signed");
            assertFalse(session.isGuest() || session.isAnonymous(), user + " must not be a guest or anonymous");
            try (DiskShare disk = (DiskShare) session.connectShare("data")) {
                try (File file = disk.openFile(name, EnumSet.of(AccessMask.GENERIC_WRITE), null,
                        SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_CREATE, null)) {
                    assertEquals(content.length, file.write(content, 0));
                }
                try (File file = disk.openFile(name, EnumSet.of(AccessMask.GENERIC_READ), null,
                        SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null);
                     InputStream in = file.getInputStream()) {
                    assertArrayEquals(content, in.readAllBytes(), "file read back");
                }
            }
            SMB2Dialect negotiated = connection.getNegotiatedProtocol().getDialect();
            session.logoff();
            return negotiated;
        }
    }
}

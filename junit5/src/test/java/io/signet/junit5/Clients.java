package io.signet.junit5;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import jcifs.CIFSContext;
import jcifs.CIFSException;
import jcifs.config.PropertyConfiguration;
import jcifs.context.BaseContext;
import jcifs.smb.NtlmPasswordAuthenticator;

/** The two Java SMB clients, pointed at a test server, with signing required as the server requires it. */
final class Clients {
    private Clients() {
    }

    /** An smbj client, connection, session and share; closing it closes all four. */
    record SmbjShare(SMBClient client, Connection connection, Session session, DiskShare share)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try (client; connection) {
                share.close();
                session.close();
            }
        }

        File create(String path) {
            return share.openFile(path, EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE), null,
                    SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OVERWRITE_IF, null);
        }

        File openForRead(String path) {
            return share.openFile(path, EnumSet.of(AccessMask.GENERIC_READ), null, SMB2ShareAccess.ALL,
                    SMB2CreateDisposition.FILE_OPEN, null);
        }
    }

    static SmbjShare smbj(Smb smb, String share) throws IOException {
        return smbjAs(smb, smb.user(), share);
    }

    static SmbjShare smbjAs(Smb smb, String user, String share) throws IOException {
        SMBClient client = new SMBClient(SmbConfig.builder().withSigningRequired(true)
                .withTimeout(30, TimeUnit.SECONDS).build());
        try {
            Connection connection = client.connect(smb.host(), smb.port());
            Session session = connection.authenticate(
                    new AuthenticationContext(user, smb.password(user).toCharArray(), ""));
            return new SmbjShare(client, connection, session, (DiskShare) session.connectShare(share));
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    static CIFSContext jcifs(Smb smb) throws CIFSException {
        Properties p = new Properties();
        p.setProperty("jcifs.smb.client.minVersion", "SMB202");
        p.setProperty("jcifs.smb.client.maxVersion", "SMB311");
        p.setProperty("jcifs.smb.client.signingEnforced", "true");
        // The URL names the server by address and port: no NetBIOS lookups, no DFS referrals.
        p.setProperty("jcifs.resolveOrder", "DNS");
        p.setProperty("jcifs.smb.client.dfs.disabled", "true");
        p.setProperty("jcifs.smb.client.responseTimeout", "30000");
        return new BaseContext(new PropertyConfiguration(p))
                .withCredentials(new NtlmPasswordAuthenticator("", smb.user(), smb.password()));
    }
}

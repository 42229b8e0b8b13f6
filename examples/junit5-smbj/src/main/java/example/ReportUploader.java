package example;

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
import java.util.concurrent.TimeUnit;

/** The application code under test: uploads a report to an SMB share with smbj. */
public final class ReportUploader {
    private final String host;
    private final int port;
    private final String share;
    private final String user;
    private final String password;

    public ReportUploader(String host, int port, String share, String user, String password) {
        this.host = host;
        this.port = port;
        this.share = share;
        this.user = user;
        this.password = password;
    }

    /** Writes {@code content} to {@code name} on the share, replacing what was there, in one WRITE. */
    public void upload(String name, byte[] content) throws IOException {
        SmbConfig config = SmbConfig.builder().withSigningRequired(true).withTimeout(30, TimeUnit.SECONDS).build();
        try (SMBClient client = new SMBClient(config);
             Connection connection = client.connect(host, port)) {
            Session session = connection.authenticate(
                    new AuthenticationContext(user, password.toCharArray(), ""));
            try (DiskShare disk = (DiskShare) session.connectShare(share);
                 File file = disk.openFile(name, EnumSet.of(AccessMask.GENERIC_WRITE), null, SMB2ShareAccess.ALL,
                         SMB2CreateDisposition.FILE_OVERWRITE_IF, null)) {
                file.write(content, 0);
            }
        }
    }
}

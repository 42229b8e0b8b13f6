package example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hierynomus.mssmb2.SMBApiException;
import io.signet.junit5.SignetExtension;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.status.NtStatus;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import jcifs.CIFSContext;
import jcifs.config.PropertyConfiguration;
import jcifs.context.BaseContext;
import jcifs.smb.NtlmPasswordAuthenticator;
import jcifs.smb.SmbFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReportUploaderTest {
    @RegisterExtension
    static SignetExtension smb = SignetExtension.builder().share("reports").user("alice", "secret").build();

    private final byte[] report = "revenue,42\n".getBytes(StandardCharsets.UTF_8);

    private ReportUploader uploader() {
        return new ReportUploader(smb.host(), smb.port(), "reports", smb.user(), smb.password());
    }

    @Test
    void uploadWritesOnceAndCloses() throws Exception {
        uploader().upload("q3.csv", report);

        assertArrayEquals(report, Files.readAllBytes(smb.sharePath("reports").resolve("q3.csv")));
        List<Smb2Command> commands = smb.operations().commandsOn("q3.csv");
        assertEquals(List.of(Smb2Command.CREATE, Smb2Command.WRITE, Smb2Command.CLOSE), commands);
        assertEquals(report.length, smb.operations().bytesWrittenTo("q3.csv"));
    }

    @Test
    void jcifsReadsWhatTheUploaderWrote() throws Exception {
        uploader().upload("q4.csv", report);

        Properties p = new Properties();
        p.setProperty("jcifs.smb.client.signingEnforced", "true");
        p.setProperty("jcifs.resolveOrder", "DNS");
        p.setProperty("jcifs.smb.client.dfs.disabled", "true");
        CIFSContext context = new BaseContext(new PropertyConfiguration(p))
                .withCredentials(new NtlmPasswordAuthenticator("", smb.user(), smb.password()));
        try (SmbFile file = new SmbFile(smb.url("reports") + "q4.csv", context);
             InputStream in = file.getInputStream()) {
            assertArrayEquals(report, in.readAllBytes());
        } finally {
            context.close();
        }
    }

    @Test
    void fullDiskReachesTheCallerAsStatusDiskFull() {
        smb.faults().on(Smb2Command.CREATE).path("*.csv").fail(NtStatus.STATUS_DISK_FULL);

        SMBApiException e = assertThrows(SMBApiException.class, () -> uploader().upload("q1.csv", report));
        assertEquals(com.hierynomus.mserref.NtStatus.STATUS_DISK_FULL, e.getStatus());
        assertFalse(Files.exists(smb.sharePath("reports").resolve("q1.csv")));
    }
}

package io.signet.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.smbj.share.File;
import io.signet.protocol.smb2.Smb2Command;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jcifs.CIFSContext;
import jcifs.smb.SmbFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the record shows of real clients' requests. */
class OperationsTest {
    @RegisterExtension
    SignetExtension smb = SignetExtension.builder().share("data").user("alice", "secret").build();

    @Test
    void smbjWroteExactlyOnceAndClosed() throws Exception {
        byte[] report = "quarterly numbers".getBytes(StandardCharsets.UTF_8);
        try (Clients.SmbjShare share = Clients.smbj(smb, "data")) {
            share.share().mkdir("out");
            try (File f = share.create("out\\report.txt")) {
                f.write(report, 0);
            }
        }
        List<Operation> onReport = smb.operations().on("out/report.txt");
        assertEquals(1, onReport.stream().filter(op -> op.command() == Smb2Command.WRITE).count(), onReport.toString());
        assertEquals(report.length, smb.operations().bytesWrittenTo("out/report.txt"));
        List<Smb2Command> commands = smb.operations().commandsOn("out/report.txt");
        assertEquals(Smb2Command.CREATE, commands.get(0), commands.toString());
        assertEquals(Smb2Command.CLOSE, commands.get(commands.size() - 1), commands.toString());
        assertTrue(commands.indexOf(Smb2Command.WRITE) < commands.lastIndexOf(Smb2Command.CLOSE));
        Operation write = smb.operations().of(Smb2Command.WRITE).get(0);
        assertEquals("alice", write.user());
        assertEquals("data", write.share());
        assertEquals("out/report.txt", write.path());
        assertTrue(write.succeeded());
        assertTrue(smb.operations().on("OUT\\Report.TXT").size() == onReport.size(), "paths compare as on the share");
    }

    @Test
    void jcifsReadsAreCountedInBytes() throws Exception {
        byte[] content = new byte[70_000];
        java.util.Arrays.fill(content, (byte) 'z');
        java.nio.file.Files.write(smb.sharePath("data").resolve("in.bin"), content);
        CIFSContext context = Clients.jcifs(smb);
        try (SmbFile f = new SmbFile(smb.url("data") + "in.bin", context)) {
            try (InputStream in = f.getInputStream()) {
                assertEquals(content.length, in.readAllBytes().length);
            }
            try (SmbFile out = new SmbFile(smb.url("data") + "copy.bin", context);
                 OutputStream o = out.getOutputStream()) {
                o.write(content, 0, 1000);
            }
        } finally {
            context.close();
        }
        assertEquals(content.length, smb.operations().bytesReadFrom("in.bin"));
        assertEquals(1000, smb.operations().bytesWrittenTo("copy.bin"));
        assertTrue(smb.operations().on("in.bin").stream().anyMatch(op -> op.command() == Smb2Command.CLOSE));
        assertTrue(smb.operations().of(Smb2Command.SESSION_SETUP).size() >= 1, "the logon is recorded too");
    }
}

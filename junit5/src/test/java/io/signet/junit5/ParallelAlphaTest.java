package io.signet.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import jcifs.CIFSContext;
import jcifs.smb.SmbFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs at the same time as {@link ParallelBetaTest} (junit-platform.properties): each class has its own server. */
class ParallelAlphaTest {
    @RegisterExtension
    static SignetExtension smb = SignetExtension.builder().share("data").user("alpha", "a-secret").build();

    @Test
    void ownServerWhileBetaRuns() throws Exception {
        CIFSContext context = Clients.jcifs(smb);
        try (SmbFile f = new SmbFile(smb.url("data") + "alpha.txt", context);
             OutputStream out = f.getOutputStream()) {
            out.write("alpha".getBytes(StandardCharsets.UTF_8));
        } finally {
            context.close();
        }
        ParallelClasses.Seen beta = ParallelClasses.meet(smb);
        assertNotEquals(smb.port(), beta.port(), "two classes, two servers");
        assertNotEquals(smb.sharePath("data"), beta.share());
        assertEquals("alpha", Files.readString(smb.sharePath("data").resolve("alpha.txt")));
        assertFalse(Files.exists(smb.sharePath("data").resolve("beta.txt")), "beta wrote into alpha's share");
        assertTrue(smb.operations().all().stream().allMatch(op -> op.user() == null || op.user().equals("alpha")),
                "alpha's record holds only alpha's requests: " + smb.operations());
    }
}

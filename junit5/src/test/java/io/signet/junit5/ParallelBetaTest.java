package io.signet.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.smbj.share.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs at the same time as {@link ParallelAlphaTest}: each class has its own server. */
class ParallelBetaTest {
    @RegisterExtension
    static SignetExtension smb = SignetExtension.builder().share("data").user("beta", "b-secret").build();

    @Test
    void ownServerWhileAlphaRuns() throws Exception {
        try (Clients.SmbjShare share = Clients.smbj(smb, "data"); File f = share.create("beta.txt")) {
            f.write("beta".getBytes(StandardCharsets.UTF_8), 0);
        }
        ParallelClasses.Seen alpha = ParallelClasses.meet(smb);
        assertNotEquals(smb.port(), alpha.port(), "two classes, two servers");
        assertNotEquals(smb.sharePath("data"), alpha.share());
        assertEquals("beta", Files.readString(smb.sharePath("data").resolve("beta.txt")));
        assertFalse(Files.exists(smb.sharePath("data").resolve("alpha.txt")), "alpha wrote into beta's share");
        assertTrue(smb.operations().all().stream().allMatch(op -> op.user() == null || op.user().equals("beta")),
                "beta's record holds only beta's requests: " + smb.operations());
    }
}

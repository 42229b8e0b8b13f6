package io.signet.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.smbj.share.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance extension: each test gets its own server; the previous one's directories are gone. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerTestServerTest {
    @RegisterExtension
    SignetExtension smb = SignetExtension.builder().share("data").user("bob", "pw1").build();

    private static Path firstShare;
    private static int firstPort;

    @Test
    @Order(1)
    void firstTestLeavesAFile() throws Exception {
        firstShare = smb.sharePath("data");
        firstPort = smb.port();
        try (Clients.SmbjShare share = Clients.smbj(smb, "data"); File f = share.create("left-behind.txt")) {
            f.write("x".getBytes(StandardCharsets.UTF_8), 0);
        }
        assertTrue(Files.exists(firstShare.resolve("left-behind.txt")));
    }

    @Test
    @Order(2)
    void secondTestHasAFreshServerAndTheFirstIsCleanedUp() throws Exception {
        assertNotNull(firstShare, "runs after firstTestLeavesAFile");
        assertFalse(Files.exists(firstShare), "the first test's share directory is deleted after it");
        assertFalse(Files.exists(firstShare.getParent()), "and the server's whole temporary directory with it");
        assertNotEquals(firstShare, smb.sharePath("data"));
        try (var files = Files.list(smb.sharePath("data"))) {
            assertEquals(0, files.count(), "a new share starts empty");
        }
        try (Clients.SmbjShare share = Clients.smbj(smb, "data")) {
            assertTrue(share.share().list("").stream().noneMatch(f -> f.getFileName().equals("left-behind.txt")));
        }
        // The old server stopped: its port no longer answers (unless the system handed it to this one).
        if (firstPort != smb.port()) {
            assertFalse(ExtensionLifecycle.accepts(firstPort), "the first server still listens on " + firstPort);
        }
    }
}

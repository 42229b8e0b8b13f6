package io.signet.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.smbj.share.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The extension driven by hand through its callbacks: stopping deletes everything and frees the port. */
class CleanupTest {
    @Test
    void stoppingDeletesTheSharesAndClosesThePort() throws Exception {
        SignetExtension smb = SignetExtension.builder().share("a", "b").user("u", "p").build();
        assertThrows(IllegalStateException.class, smb::port, "no server before the class starts");
        smb.beforeAll(null);
        Path a = smb.sharePath("a");
        Path root = a.getParent();
        int port = smb.port();
        try (Clients.SmbjShare share = Clients.smbj(smb, "b")) {
            share.share().mkdir("deep");
            try (File f = share.create("deep\\file.txt")) {
                f.write(new byte[] {1, 2}, 0);
            }
        }
        assertTrue(Files.exists(smb.sharePath("b").resolve("deep").resolve("file.txt")));
        smb.beforeEach(null);
        assertEquals(port, smb.port(), "beforeEach of a started extension keeps its server");
        assertEquals(0, smb.operations().all().size(), "and clears its record");
        smb.afterEach(null);
        assertEquals(port, smb.port(), "a static extension's server outlives each test");
        smb.afterAll(null);
        assertFalse(Files.exists(root), "the temporary directory is deleted");
        assertFalse(ExtensionLifecycle.accepts(port), "the port is closed");
        assertThrows(IllegalStateException.class, smb::port);
        assertThrows(IllegalArgumentException.class,
                () -> SignetExtension.builder().share("x").build(), "a server without users");
    }
}

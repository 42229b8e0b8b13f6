package io.signet.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.smbj.share.File;
import io.signet.protocol.smb2.Smb2Command;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A static extension: one server for the whole class, started before @BeforeAll runs, record reset per test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerClassServerTest {
    @RegisterExtension
    static SignetExtension smb = SignetExtension.builder().share("data", "logs").user("alice", "secret").build();

    private static int portSeenInBeforeAll;
    private static Path dataSeenInBeforeAll;

    @BeforeAll
    static void serverRunsInBeforeAll() throws Exception {
        portSeenInBeforeAll = smb.port();
        dataSeenInBeforeAll = smb.sharePath("data");
        Files.writeString(dataSeenInBeforeAll.resolve("seed.txt"), "seeded");
    }

    @Test
    @Order(1)
    void smbjWritesIntoTheShareDirectory() throws Exception {
        assertEquals("smb://127.0.0.1:" + smb.port() + "/data/", smb.url("data"));
        assertEquals("127.0.0.1", smb.host());
        assertEquals("alice", smb.user());
        assertEquals("secret", smb.password());
        try (Clients.SmbjShare share = Clients.smbj(smb, "logs"); File f = share.create("one.log")) {
            f.write("hello".getBytes(StandardCharsets.UTF_8), 0);
        }
        assertEquals("hello", Files.readString(smb.sharePath("logs").resolve("one.log")));
        assertTrue(smb.operations().of(Smb2Command.WRITE).size() == 1, smb.operations().toString());
    }

    @Test
    @Order(2)
    void laterTestsShareTheServerButNotTheRecord() throws Exception {
        assertEquals(portSeenInBeforeAll, smb.port(), "a static extension keeps one server for the class");
        assertEquals(dataSeenInBeforeAll, smb.sharePath("data"));
        assertTrue(Files.exists(smb.sharePath("logs").resolve("one.log")), "the first test's file is still there");
        assertEquals(0, smb.operations().all().size(), "the record starts empty for each test");
        try (Clients.SmbjShare share = Clients.smbj(smb, "data"); File f = share.openForRead("seed.txt")) {
            byte[] buf = new byte[16];
            int n = f.read(buf, 0);
            assertEquals("seeded", new String(buf, 0, n, StandardCharsets.UTF_8));
        }
    }

    @Test
    @Order(3)
    void breakLeasesReachesTheServersOplockTable() throws Exception {
        Files.writeString(smb.sharePath("data").resolve("free.txt"), "no oplock on me");
        assertTrue(smb.breakLeases("data", "free.txt").isDone(), "no oplock held: nothing to wait for");
        assertTrue(smb.breakLeases("data", "missing.txt").isDone());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> smb.breakLeases("nosuch", "free.txt"));
        // What a holder sees is tested with a raw client that asks for a batch oplock (interop ForcedOplockBreakTest).
    }

    @AfterAll
    static void serverStillRunsInAfterAll() {
        assertEquals(portSeenInBeforeAll, smb.port());
    }
}

package io.signet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.protocol.dtyp.LocalAccounts;
import io.signet.protocol.dtyp.Sid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine SID is drawn once and kept, so that stored descriptors still name the same users after a restart. */
class MachineSidTest {
    @TempDir
    Path dir;

    @Test
    void drawnOnceAndKept() throws IOException {
        Path state = dir.resolve("state");
        Sid first = MachineSid.load(state);
        assertTrue(LocalAccounts.isMachineSid(first), first.toString());
        assertEquals(first, MachineSid.load(state), "the same SID at the next start");
        assertEquals(first.toString(), Files.readString(state.resolve(MachineSid.FILE)).strip());
        try (Stream<Path> files = Files.list(state)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
        assertNotEquals(first, MachineSid.load(dir.resolve("other")), "another server, another domain");
    }

    @Test
    void aStateDirectoryOfAnEarlierVersionKeepsItsGuidDerivedSid() throws IOException {
        Path state = dir.resolve("old");
        byte[] guid = ServerGuid.load(state); // what an earlier version left: a server GUID alone
        Sid sid = MachineSid.load(state);
        assertEquals(LocalAccounts.machineSidOfServerGuid(guid), sid);
        assertEquals(sid, MachineSid.load(state));
        assertTrue(Files.exists(state.resolve(MachineSid.FILE)));
    }

    @Test
    void aDamagedFileStopsTheServer() throws IOException {
        Files.writeString(dir.resolve(MachineSid.FILE), "S-1-5-32-544\n", StandardCharsets.US_ASCII);
        IOException e = assertThrows(IOException.class, () -> MachineSid.load(dir));
        assertTrue(e.getMessage().contains("not a machine SID"), e.getMessage());
        Files.writeString(dir.resolve(MachineSid.FILE), "garbage", StandardCharsets.US_ASCII);
        assertThrows(IOException.class, () -> MachineSid.load(dir));
    }

    @Test
    void withoutAStateDirectoryItLivesInTheDefaultHome() {
        assertEquals(Path.of(System.getProperty("user.home"), ".signet"), MachineSid.defaultHome());
    }
}

package io.signet.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.server.admin.StatusSnapshot.OpenStatus;
import io.signet.server.admin.StatusSnapshot.SessionStatus;
import io.signet.server.admin.StatusSnapshot.TreeStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table and JSON forms of a snapshot: every field shown, and file names that hold control characters or quotes. */
class StatusFormatTest {
    private static final StatusSnapshot SNAPSHOT = new StatusSnapshot("FILER", List.of(
            new SessionStatus(0x1234L, "FILER\\alice", "user", "valid", "3.1.1", "AES-GMAC", "AES-128-GCM", true,
                    true, "127.0.0.1:50000", List.of("127.0.0.1:50000", "10.0.0.2:50001"),
                    List.of(new TreeStatus(1, "data"), new TreeStatus(2, "IPC$")),
                    List.of(new OpenStatus("data", "dir\\a \"b\"\n\u001b[2J.txt", 7, 0x0012019f, 0x5, "batch", 3),
                            new OpenStatus("IPC$", "srvsvc", 8, 0, 0, "none", 0))),
            new SessionStatus(-2L, "-", "-", "in_progress", "-", "none", "none", false, false, "-", List.of(),
                    List.of(), List.of())));

    @Test
    void jsonEscapesWhatFileNamesMayHold() {
        String json = StatusJson.write(SNAPSHOT);
        assertEquals("{\"server\":\"FILER\",\"sessions\":[{\"id\":\"0x0000000000001234\",\"user\":\"FILER\\\\alice\","
                + "\"kind\":\"user\",\"state\":\"valid\",\"dialect\":\"3.1.1\",\"signing\":\"AES-GMAC\","
                + "\"cipher\":\"AES-128-GCM\",\"encryptData\":true,\"signingRequired\":true,"
                + "\"client\":\"127.0.0.1:50000\",\"channels\":[\"127.0.0.1:50000\",\"10.0.0.2:50001\"],"
                + "\"trees\":[{\"id\":1,\"share\":\"data\"},{\"id\":2,\"share\":\"IPC$\"}],"
                + "\"opens\":[{\"fileId\":7,\"share\":\"data\",\"path\":\"dir\\\\a \\\"b\\\"\\n\\u001b[2J.txt\","
                + "\"grantedAccess\":1180063,\"shareAccess\":5,\"oplock\":\"batch\",\"locks\":3},"
                + "{\"fileId\":8,\"share\":\"IPC$\",\"path\":\"srvsvc\",\"grantedAccess\":0,\"shareAccess\":0,"
                + "\"oplock\":\"none\",\"locks\":0}]},"
                + "{\"id\":\"0xfffffffffffffffe\",\"user\":\"-\",\"kind\":\"-\",\"state\":\"in_progress\","
                + "\"dialect\":\"-\",\"signing\":\"none\",\"cipher\":\"none\",\"encryptData\":false,"
                + "\"signingRequired\":false,\"client\":\"-\",\"channels\":[],\"trees\":[],\"opens\":[]}]}\n", json);
    }

    @Test
    void tablesShowEverySessionTreeAndOpenWithoutControlCharacters() {
        String table = StatusTable.write(SNAPSHOT);
        assertTrue(table.startsWith("Signet FILER: 2 sessions\n\n"), table);
        assertTrue(table.contains("0x0000000000001234  FILER\\alice  user  127.0.0.1:50000  3.1.1    AES-GMAC"
                + "  AES-128-GCM  required  2 (127.0.0.1:50000, 10.0.0.2:50001)  valid\n"), table);
        assertTrue(table.contains("0x0000000000001234  FILER\\alice  IPC$   2\n"), table);
        assertTrue(table.contains("dir\\a \"b\"??[2J.txt  0x0012019f  R-D         batch   3\n"), table);
        assertTrue(table.contains("srvsvc"), table);
        assertTrue(table.contains("0xfffffffffffffffe  -            -     -"), table);
        assertFalse(table.chars().anyMatch(c -> c == 0x1b), "no escape character reaches the terminal");
        assertEquals(4, table.split("\n\n", -1).length - 1,
                "the title and three tables, each followed by a blank line");
    }
}

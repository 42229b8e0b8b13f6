package io.signet.server.fsctl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.protocol.fsctl.ResumeKeyResponse;
import io.signet.server.session.Session;
import io.signet.server.tree.Open;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** [MS-SMB2] 3.3.5.15.5: resume keys name opens, unguessably, and stop working when the open closes. */
class ResumeKeyTableTest {
    private final ResumeKeyTable table = new ResumeKeyTable();
    private final Session session = new Session(7);

    private Open newOpen() {
        Open o = new Open(session.nextFileId(), null, null, 0);
        session.addOpen(o);
        return o;
    }

    @Test
    void aKeyFindsItsOpenAndSession() {
        Open open = newOpen();
        byte[] key = table.keyFor(session, open);
        assertEquals(ResumeKeyResponse.KEY_SIZE, key.length);
        ResumeKeyTable.Source s = table.find(key);
        assertSame(open, s.open());
        assertSame(session, s.session());
        assertTrue(s.isLive());
    }

    @Test
    void oneKeyPerOpenAndDistinctKeysForDistinctOpens() {
        Open a = newOpen();
        Open b = newOpen();
        byte[] ka = table.keyFor(session, a);
        assertArrayEquals(ka, table.keyFor(session, a));
        byte[] kb = table.keyFor(session, b);
        assertFalse(Arrays.equals(ka, kb));
        assertEquals(2, table.size());
    }

    @Test
    void anUnknownKeyFindsNothing() {
        table.keyFor(session, newOpen());
        assertNull(table.find(new byte[ResumeKeyResponse.KEY_SIZE]));
    }

    @Test
    void aClosedOpenIsNoLongerLive() {
        Open open = newOpen();
        byte[] key = table.keyFor(session, open);
        session.removeOpen(open);
        ResumeKeyTable.Source s = table.find(key);
        assertTrue(s == null || !s.isLive());
    }

    @Test
    void aReturnedKeyCannotChangeTheTable() {
        Open open = newOpen();
        byte[] key = table.keyFor(session, open);
        byte[] copy = key.clone();
        key[0] ^= 1;
        assertSame(open, table.find(copy).open());
    }
}

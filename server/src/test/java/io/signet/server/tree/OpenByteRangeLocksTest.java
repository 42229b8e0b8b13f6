package io.signet.server.tree;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.protocol.smb2.message.FileId;
import io.signet.server.oplock.CachingTable;
import io.signet.server.tree.Open.RangeAccess;
import io.signet.storage.lock.ByteRangeLocks;
import org.junit.jupiter.api.Test;

/** [MS-FSA] 2.1.5.2 and 2.1.5.3 as the one check READ, WRITE, zeroing and server-side copy make. */
class OpenByteRangeLocksTest {
    private final ByteRangeLocks locks = new ByteRangeLocks();
    private final CachingTable.Key file = new CachingTable.Key("share", "file");
    private final Open mine = open(1);
    private final Open other = open(2);

    private Open open(long id) {
        Open o = new Open(new FileId(id, id), null, null, 0);
        o.oplockKey(file);
        return o;
    }

    @Test
    void anotherOpensExclusiveLockRefusesReadAndWrite() {
        assertTrue(locks.tryLock(file, other, 100, 10, true));
        assertFalse(mine.byteRangeLocksAllow(locks, RangeAccess.READ, 105, 1));
        assertFalse(mine.byteRangeLocksAllow(locks, RangeAccess.WRITE, 95, 10));
        assertTrue(mine.byteRangeLocksAllow(locks, RangeAccess.READ, 110, 10), "the range after the lock is free");
        assertTrue(other.byteRangeLocksAllow(locks, RangeAccess.WRITE, 100, 10), "the holder writes its own range");
    }

    @Test
    void aSharedLockRefusesWritesButNotReads() {
        assertTrue(locks.tryLock(file, other, 0, 10, false));
        assertTrue(mine.byteRangeLocksAllow(locks, RangeAccess.READ, 0, 10));
        assertFalse(mine.byteRangeLocksAllow(locks, RangeAccess.WRITE, 0, 10));
    }

    @Test
    void anOpenWithoutAnOplockKeyMeetsNoLock() {
        assertTrue(locks.tryLock(file, other, 0, 10, true));
        Open directory = new Open(new FileId(3, 3), null, null, 0);
        assertTrue(directory.byteRangeLocksAllow(locks, RangeAccess.WRITE, 0, 10));
    }
}

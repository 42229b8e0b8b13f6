package io.signet.storage.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeLocksTest {
    private static final Object FILE = "file";
    private final ByteRangeLocks locks = new ByteRangeLocks();
    private final Object h1 = new Object();
    private final Object h2 = new Object();

    @Test
    void anOwnersHeldLocksAreListedInOffsetOrderAndNoOneElses() {
        assertTrue(locks.tryLock(FILE, h1, 100, 10, true));
        assertTrue(locks.tryLock(FILE, h2, 50, 5, false));
        assertTrue(locks.tryLock(FILE, h1, 0, 0, false));
        assertEquals(List.of(new ByteRangeLocks.Held(0, 0, false), new ByteRangeLocks.Held(100, 10, true)),
                locks.held(FILE, h1));
        assertEquals(List.of(), locks.held("another file", h1));
    }

    @Test
    void sharedLocksOfAnyoneOverlap() {
        assertTrue(locks.tryLock(FILE, h1, 0, 10, false));
        assertTrue(locks.tryLock(FILE, h2, 5, 10, false));
        assertTrue(locks.tryLock(FILE, h1, 0, 10, false), "shared on shared stacks");
    }

    @Test
    void exclusiveConflictsWithEveryOverlappingLockOwnOnesIncluded() {
        assertTrue(locks.tryLock(FILE, h1, 0, 10, false));
        assertFalse(locks.tryLock(FILE, h1, 5, 1, true), "own shared lock");
        assertFalse(locks.tryLock(FILE, h2, 9, 5, true), "other's shared lock");
        assertTrue(locks.tryLock(FILE, h2, 10, 5, true), "adjacent, not overlapping");
        assertFalse(locks.tryLock(FILE, h2, 10, 5, true), "own exclusive lock");
    }

    @Test
    void sharedStacksOnOwnExclusiveButNotOnAnothers() {
        assertTrue(locks.tryLock(FILE, h1, 100, 10, true));
        assertTrue(locks.tryLock(FILE, h1, 100, 10, false));
        assertFalse(locks.tryLock(FILE, h2, 105, 1, false));
    }

    /** The expectations of smbtorture's smb2.lock.zerobytelength, as Windows answers them. */
    @ParameterizedTest
    @CsvSource({
        "10,0, 10,0, true", "10,0, 9,1, true", "10,0, 10,1, true", "10,0, 11,1, true",
        "10,0, 9,2, false", "10,0, 10,2, true", "10,0, 9,3, false",
        "9,1, 10,0, true", "10,1, 10,0, true", "11,1, 10,0, true", "9,2, 10,0, false", "10,2, 10,0, true",
        "9,3, 10,0, false", "0,0, 0,0, true"})
    void zeroLengthLocks(long o1, long l1, long o2, long l2, boolean granted) {
        assertTrue(locks.tryLock(FILE, h1, o1, l1, true));
        assertEquals(granted, locks.tryLock(FILE, h1, o2, l2, true));
    }

    @Test
    void rangesPastTwoToTheSixtyFourAreInvalid() {
        SmbException e = assertThrows(SmbException.class, () -> locks.tryLock(FILE, h1, -1L, -1L, true));
        assertEquals(NtStatus.STATUS_INVALID_LOCK_RANGE, e.status());
        assertTrue(ByteRangeLocks.isValidRange(-1L, 1), "the last byte is 2^64 - 1");
        assertFalse(ByteRangeLocks.isValidRange(-1L, 2));
        assertTrue(ByteRangeLocks.isValidRange(-1L, 0));
        assertTrue(locks.tryLock(FILE, h1, 0xFFFFFFFFL, 0xFFFFFFFFL, true));
        assertTrue(locks.tryLock(FILE, h2, -2L, 2, true), "the very top of the range");
        assertFalse(locks.tryLock(FILE, h1, -1L, 1, false));
    }

    @Test
    void unlockMatchesOneLockOfTheOwnerExactly() {
        assertTrue(locks.tryLock(FILE, h1, 0, 10, true));
        assertTrue(locks.tryLock(FILE, h1, 0, 10, false));
        assertFalse(locks.unlock(FILE, h2, 0, 10), "another owner");
        assertFalse(locks.unlock(FILE, h1, 0, 9), "different length");
        assertFalse(locks.unlock(FILE, h1, 1, 9), "different offset");
        assertTrue(locks.unlock(FILE, h1, 0, 10));
        assertTrue(locks.tryLock(FILE, h2, 0, 10, false), "the exclusive lock went first");
        assertTrue(locks.unlock(FILE, h1, 0, 10));
        assertFalse(locks.unlock(FILE, h1, 0, 10));
        assertEquals(1, locks.lockCount(FILE));
    }

    @Test
    void readsAndWritesMeetTheLocksOfWindows() {
        assertTrue(locks.tryLock(FILE, h1, 0, 100, false));
        assertTrue(locks.canRead(FILE, h1, 50, 50));
        assertTrue(locks.canRead(FILE, h2, 50, 50));
        assertFalse(locks.canWrite(FILE, h1, 50, 50), "own shared lock blocks own writes");
        assertFalse(locks.canWrite(FILE, h2, 50, 50));
        assertTrue(locks.canWrite(FILE, h2, 100, 50));
        assertTrue(locks.canWrite(FILE, h2, 50, 0), "zero-length I/O never conflicts");

        assertTrue(locks.tryLock(FILE, h1, 200, 100, true));
        assertTrue(locks.canRead(FILE, h1, 250, 10));
        assertTrue(locks.canWrite(FILE, h1, 250, 10));
        assertFalse(locks.canRead(FILE, h2, 250, 10));
        assertFalse(locks.canWrite(FILE, h2, 250, 10));
        assertTrue(locks.canRead(FILE, h2, 250, 0));
    }

    @Test
    void rollbackIsUnlockingWhatWasGranted() {
        assertTrue(locks.tryLock(FILE, h2, 20, 10, true));
        assertTrue(locks.tryLock(FILE, h1, 0, 10, true));
        assertFalse(locks.tryLock(FILE, h1, 25, 1, true));
        assertTrue(locks.unlock(FILE, h1, 0, 10));
        assertTrue(locks.tryLock(FILE, h2, 0, 10, true), "nothing of h1 is left");
    }

    @Test
    void waitersAreGrantedInOrderWhenTheRangeIsReleased() {
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger abandoned = new AtomicInteger();
        assertTrue(locks.tryLock(FILE, h1, 0, 10, true));
        assertNull(locks.lockOrWait(FILE, h2, 10, 10, true, granted::incrementAndGet, abandoned::incrementAndGet),
                "no conflict: granted at once");
        ByteRangeLocks.Waiter w = locks.lockOrWait(FILE, h2, 5, 1, true, granted::incrementAndGet,
                abandoned::incrementAndGet);
        assertNotNull(w);
        assertEquals(0, granted.get());
        assertTrue(locks.unlock(FILE, h1, 0, 10));
        assertEquals(1, granted.get());
        assertFalse(locks.cancel(w), "already granted");
        assertFalse(locks.tryLock(FILE, h1, 5, 1, false));
    }

    @Test
    void cancelledWaitersAreNeverGranted() {
        AtomicInteger granted = new AtomicInteger();
        assertTrue(locks.tryLock(FILE, h1, 0, 10, true));
        ByteRangeLocks.Waiter w = locks.lockOrWait(FILE, h2, 0, 10, false, granted::incrementAndGet, () -> { });
        assertTrue(locks.cancel(w));
        assertTrue(locks.unlock(FILE, h1, 0, 10));
        assertEquals(0, granted.get());
        assertEquals(0, locks.lockCount(FILE));
    }

    @Test
    void closingAnOpenReleasesItsLocksAndAbandonsItsWaiters() {
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger abandoned = new AtomicInteger();
        assertTrue(locks.tryLock(FILE, h1, 0, 10, true));
        assertTrue(locks.tryLock(FILE, h2, 50, 10, true));
        locks.lockOrWait(FILE, h1, 50, 1, true, granted::incrementAndGet, abandoned::incrementAndGet);
        locks.lockOrWait(FILE, h2, 0, 1, true, granted::incrementAndGet, abandoned::incrementAndGet);
        locks.releaseAll(FILE, h1);
        assertEquals(1, abandoned.get(), "h1's own waiter");
        assertEquals(1, granted.get(), "h2's waiter, now that h1's lock is gone");
        assertEquals(2, locks.lockCount(FILE));
        locks.releaseAll(FILE, h2);
        assertEquals(0, locks.lockCount(FILE));
    }

    @Test
    void filesAreIndependent() {
        assertTrue(locks.tryLock("a", h1, 0, 10, true));
        assertTrue(locks.tryLock("b", h2, 0, 10, true));
    }

    @Test
    void anOpenHoldsAtMostTheBoundAndTheNextOpenIsServed() {
        for (int i = 0; i < ByteRangeLocks.MAX_LOCKS_PER_OPEN; i++) {
            assertTrue(locks.tryLock(FILE, h1, 2L * i, 1, true));
        }
        SmbException e = assertThrows(SmbException.class,
                () -> locks.tryLock(FILE, h1, -10L, 1, true));
        assertEquals(NtStatus.STATUS_INSUFFICIENT_RESOURCES, e.status());
        SmbException waiting = assertThrows(SmbException.class,
                () -> locks.lockOrWait(FILE, h1, 0, 1, true, () -> { }, () -> { }));
        assertEquals(NtStatus.STATUS_INSUFFICIENT_RESOURCES, waiting.status());
        assertTrue(locks.tryLock(FILE, h2, 1, 1, true), "another open of the same file still locks");
        assertTrue(locks.unlock(FILE, h1, 0, 1));
        assertTrue(locks.tryLock(FILE, h1, -10L, 1, true), "room again after an unlock");
        locks.releaseAll(FILE, h1);
        assertEquals(1, locks.lockCount(FILE));
    }

    /**
     * A file's reads wait only on that file's own table: with another file's table held (as a long lock request on
     * it would hold it), a read, a write and a lock of this file still complete.
     */
    @Test
    @Timeout(30)
    void ioOnOneFileDoesNotWaitForAnotherFilesLockTable() throws Exception {
        assertTrue(locks.tryLock("busy", h1, 0, 10, true));
        assertTrue(locks.tryLock("quiet", h1, 0, 10, true));
        Object busyTable = locks.tableOf("busy");
        assertNotNull(busyTable);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (busyTable) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        holder.start();
        try {
            held.await();
            assertFalse(locks.canRead("quiet", h2, 5, 1));
            assertTrue(locks.canRead("quiet", h2, 10, 1));
            assertTrue(locks.canWrite("unlocked", h2, 0, 100));
            assertTrue(locks.tryLock("quiet", h2, 20, 10, true));
            assertTrue(locks.unlock("quiet", h2, 20, 10));
        } finally {
            release.countDown();
            holder.join();
        }
    }

    /** The sorted index answers as a scan of every lock would, whatever the mix of lengths and offsets. */
    @Test
    void indexedChecksAgreeWithAFullScan() {
        Random random = new Random(42);
        Object[] owners = {h1, h2, new Object()};
        List<long[]> granted = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int owner = random.nextInt(owners.length);
            long offset = random.nextInt(4) == 0 ? -1L - random.nextInt(1000) : random.nextInt(5000);
            long length = switch (random.nextInt(6)) {
                case 0 -> 0;
                case 1 -> 1 + random.nextInt(3000);
                case 2 -> random.nextInt(20) == 0 ? -1L - offset : 1 + random.nextInt(4);
                default -> 1 + random.nextInt(30);
            };
            if (!ByteRangeLocks.isValidRange(offset, length)) {
                continue;
            }
            boolean exclusive = random.nextBoolean();
            switch (random.nextInt(4)) {
                case 0 -> assertEquals(expectRead(granted, owner, offset, length),
                        locks.canRead(FILE, owners[owner], offset, length), "read " + offset + "," + length);
                case 1 -> assertEquals(expectWrite(granted, owner, offset, length),
                        locks.canWrite(FILE, owners[owner], offset, length), "write " + offset + "," + length);
                default -> {
                    boolean expected = expectGrant(granted, owner, offset, length, exclusive);
                    assertEquals(expected, locks.tryLock(FILE, owners[owner], offset, length, exclusive),
                            "lock " + offset + "," + length + " exclusive " + exclusive);
                    if (expected) {
                        granted.add(new long[] {owner, offset, length, exclusive ? 1 : 0});
                    }
                }
            }
            if (random.nextInt(5) == 0 && !granted.isEmpty()) {
                long[] l = granted.remove(random.nextInt(granted.size()));
                assertTrue(locks.unlock(FILE, owners[(int) l[0]], l[1], l[2]));
                // unlock removes an exclusive one first: keep the model in step
                if (l[3] == 0) {
                    for (int k = 0; k < granted.size(); k++) {
                        long[] g = granted.get(k);
                        if (g[0] == l[0] && g[1] == l[1] && g[2] == l[2] && g[3] == 1) {
                            granted.set(k, l);
                            break;
                        }
                    }
                }
            }
        }
    }

    private static boolean expectGrant(List<long[]> held, int owner, long offset, long length, boolean exclusive) {
        for (long[] l : held) {
            if (overlap(offset, length, l[1], l[2]) && (exclusive || (l[3] == 1 && l[0] != owner))) {
                return false;
            }
        }
        return true;
    }

    private static boolean expectRead(List<long[]> held, int owner, long offset, long length) {
        if (length == 0) {
            return true;
        }
        for (long[] l : held) {
            if (l[3] == 1 && l[0] != owner && overlap(offset, length, l[1], l[2])) {
                return false;
            }
        }
        return true;
    }

    private static boolean expectWrite(List<long[]> held, int owner, long offset, long length) {
        if (length == 0) {
            return true;
        }
        for (long[] l : held) {
            if (!(l[3] == 1 && l[0] == owner) && overlap(offset, length, l[1], l[2])) {
                return false;
            }
        }
        return true;
    }

    /** Windows' overlap rule, written out independently of the table's. */
    private static boolean overlap(long o1, long l1, long o2, long l2) {
        if (l1 == 0 && l2 == 0) {
            return false;
        }
        if (l1 == 0) {
            return Long.compareUnsigned(o1, o2) > 0 && Long.compareUnsigned(o1, o2 + l2 - 1) <= 0;
        }
        if (l2 == 0) {
            return Long.compareUnsigned(o2, o1) > 0 && Long.compareUnsigned(o2, o1 + l1 - 1) <= 0;
        }
        return Long.compareUnsigned(o1, o2 + l2 - 1) <= 0 && Long.compareUnsigned(o2, o1 + l1 - 1) <= 0;
    }

    @Test
    void locksAreCountedPerOwner() {
        assertTrue(locks.tryLock(FILE, h1, 0, 10, true));
        assertTrue(locks.tryLock(FILE, h1, 20, 10, false));
        assertTrue(locks.tryLock(FILE, h2, 40, 1, false));
        assertEquals(2, locks.lockCount(FILE, h1));
        assertEquals(1, locks.lockCount(FILE, h2));
        assertEquals(0, locks.lockCount("another file", h1));
        assertTrue(locks.unlock(FILE, h1, 0, 10));
        assertEquals(1, locks.lockCount(FILE, h1));
        locks.releaseAll(FILE, h1);
        assertEquals(0, locks.lockCount(FILE, h1));
        assertEquals(1, locks.lockCount(FILE, h2));
    }
}

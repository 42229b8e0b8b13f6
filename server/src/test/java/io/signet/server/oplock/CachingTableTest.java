package io.signet.server.oplock;

import static io.signet.protocol.smb2.LeaseState.HANDLE;
import static io.signet.protocol.smb2.LeaseState.NONE;
import static io.signet.protocol.smb2.LeaseState.READ;
import static io.signet.protocol.smb2.LeaseState.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The caching table reaches holders only through {@link BreakSink}: which breaks go out, to which channel, which
 * wait, and what a second open is granted.
 */
class CachingTableTest {
    private static final int RW = READ | WRITE;
    private static final int RH = READ | HANDLE;
    private static final int RWH = READ | WRITE | HANDLE;
    private static final int DATA = AccessMask.FILE_READ_DATA | AccessMask.FILE_WRITE_DATA;

    /** A lease break as a sink received it. */
    record LeaseBreak(LeaseKey key, int epoch, boolean ack, int from, int to) {
    }

    /** A connection as the table sees it: records the breaks sent and the timers asked for. */
    private static final class Sink implements BreakSink {
        final List<Integer> breaks = new ArrayList<>();
        final List<LeaseBreak> leaseBreaks = new ArrayList<>();
        final List<Runnable> timers = new ArrayList<>();
        final List<Long> delays = new ArrayList<>();
        boolean active = true;

        @Override
        public boolean isActive() {
            return active;
        }

        @Override
        public void sendOplockBreak(FileId fileId, int level) {
            breaks.add(level);
        }

        @Override
        public void sendLeaseBreak(LeaseKey key, int epoch, boolean ackRequired, int from, int to) {
            leaseBreaks.add(new LeaseBreak(key, epoch, ackRequired, from, to));
        }

        @Override
        public void scheduleBreakTimeout(Runnable task, long delay, TimeUnit unit) {
            timers.add(task);
            delays.add(unit.toMillis(delay));
        }
    }

    /** An open as the table sees it: its FileId, and whether it was told of a break it could not receive. */
    private static final class TestOpen implements OplockOpen {
        final FileId id;
        int breaksWithoutChannel;

        TestOpen(long n) {
            id = new FileId(n, n);
        }

        @Override
        public FileId fileId() {
            return id;
        }

        @Override
        public void breakWithoutChannel() {
            breaksWithoutChannel++;
        }
    }

    private final CachingTable table = new CachingTable(Duration.ofMillis(1500), 3, 100);
    private final CachingTable.Key key = new CachingTable.Key("share", "file");
    private final CachingTable.Key dir = new CachingTable.Key("share", "dir");
    private long nextId = 1;

    private TestOpen open() {
        return new TestOpen(nextId++);
    }

    private static CachingTable.Intent plain() {
        return new CachingTable.Intent(DATA, false, null, null);
    }

    private static CachingTable.Intent lease(String client, LeaseKey k, int state) {
        return new CachingTable.Intent(DATA, false, client, LeaseContext.v2(k, state, 0, LeaseKey.ZERO, 0));
    }

    private OplockLevel oplock(TestOpen o, Sink sink, OplockLevel level) {
        return table.register(key, o, plain(), level, false, sink, null).oplock();
    }

    private LeaseContext leaseOn(CachingTable.Key file, TestOpen o, Sink sink, String client, LeaseKey k, int state) {
        return table.register(file, o, lease(client, k, state), OplockLevel.LEASE, file == dir, sink, null).lease();
    }

    // ---- oplocks

    @Test
    void aBreakGoesToTheConnectionTheOpenWasMadeOnWhileItLivesAndWaitsForTheConfiguredTimeout() {
        Sink origin = new Sink();
        Sink other = new Sink();
        assertEquals(OplockLevel.BATCH, table.register(key, open(), plain(), OplockLevel.BATCH, false, origin,
                () -> List.of(origin, other)).oplock());
        CompletableFuture<Void> wait = table.breakForOpen(key, plain(), false, true);
        assertNotNull(wait);
        assertEquals(List.of(OplockLevel.II.code()), origin.breaks, "a batch oplock breaks to level II");
        assertTrue(other.breaks.isEmpty());
        assertEquals(List.of(1500L), origin.delays);
    }

    @Test
    void aBreakGoesToAnotherLiveChannelOfTheSessionOnceTheOriginIsGone() {
        Sink origin = new Sink();
        Sink gone = new Sink();
        Sink live = new Sink();
        table.register(key, open(), plain(), OplockLevel.EXCLUSIVE, false, origin, () -> List.of(gone, live));
        origin.active = false;
        gone.active = false;
        table.breakFor(key);
        assertTrue(origin.breaks.isEmpty());
        assertTrue(gone.breaks.isEmpty());
        assertEquals(List.of(OplockLevel.II.code()), live.breaks);
        assertEquals(1, live.timers.size());
    }

    @Test
    void aBreakWithoutAnyLiveChannelCompletesAtOnceAndTellsTheOpen() {
        Sink origin = new Sink();
        origin.active = false;
        TestOpen holder = open();
        TestOpen leased = open();
        oplock(holder, origin, OplockLevel.BATCH);
        assertNull(table.breakFor(key), "nobody can acknowledge: nothing to wait for");
        assertEquals(1, holder.breaksWithoutChannel);
        assertEquals(OplockLevel.II, table.levelOf(key, holder));
        table.release(key, holder);
        leaseOn(key, leased, origin, "c1", new LeaseKey(1, 1), RWH);
        assertNull(table.breakFor(key));
        assertEquals(1, leased.breaksWithoutChannel);
        assertEquals(READ, table.holding(key, leased).leaseState(), "lowered at once to what the break asked");
    }

    @Test
    void theTimeoutDropsTheHoldersCachingAndReleasesTheWaiter() {
        Sink origin = new Sink();
        TestOpen holder = open();
        oplock(holder, origin, OplockLevel.BATCH);
        CompletableFuture<Void> wait = table.breakForOpen(key, plain(), false, true);
        assertFalse(wait.isDone());
        origin.timers.get(0).run();
        assertTrue(wait.isDone());
        assertEquals(OplockLevel.NONE, table.levelOf(key, holder), "[MS-SMB2] 3.3.2.1: to none");
    }

    @Test
    void anAcknowledgedBreakReleasesTheWaiterAndTheSecondOpenGetsLevelII() {
        Sink origin = new Sink();
        TestOpen holder = open();
        oplock(holder, origin, OplockLevel.BATCH);
        CompletableFuture<Void> wait = table.breakForOpen(key, plain(), false, true);
        assertEquals(NtStatus.STATUS_SUCCESS, table.acknowledgeOplock(key, holder, OplockLevel.II));
        assertTrue(wait.isDone());
        assertNull(table.breakForOpen(key, plain(), false, false), "a level II holder does not stand in the way");
        assertEquals(OplockLevel.II, oplock(open(), origin, OplockLevel.BATCH), "write caching is not shared");
    }

    @Test
    void anAcknowledgmentAboveTheBreakOrWithoutOneIsRefused() {
        Sink origin = new Sink();
        TestOpen holder = open();
        oplock(holder, origin, OplockLevel.EXCLUSIVE);
        assertEquals(NtStatus.STATUS_INVALID_OPLOCK_PROTOCOL, table.acknowledgeOplock(key, holder, OplockLevel.NONE),
                "no break in progress");
        table.breakForOpen(key, new CachingTable.Intent(DATA, true, null, null), false, true);
        assertEquals(List.of(OplockLevel.NONE.code()), origin.breaks, "an overwrite breaks to none");
        assertEquals(NtStatus.STATUS_INVALID_OPLOCK_PROTOCOL, table.acknowledgeOplock(key, holder, OplockLevel.II));
        assertEquals(OplockLevel.NONE, table.levelOf(key, holder));
    }

    @Test
    void anAcknowledgmentNamingTheLeaseLevelIsAnInvalidParameterAndEndsTheBreakAtNone() {
        Sink origin = new Sink();
        TestOpen holder = open();
        oplock(holder, origin, OplockLevel.BATCH);
        CompletableFuture<Void> wait = table.breakForOpen(key, plain(), false, true);
        // [MS-SMB2] 3.3.5.22.1: SMB2_OPLOCK_LEVEL_LEASE in an oplock acknowledgment.
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, table.acknowledgeOplock(key, holder, OplockLevel.LEASE));
        assertTrue(wait.isDone(), "the break is over");
        assertEquals(OplockLevel.NONE, table.levelOf(key, holder));
    }

    @Test
    void aWriteBreaksLevelIIToNoneWithoutWaiting() {
        Sink a = new Sink();
        Sink b = new Sink();
        TestOpen first = open();
        TestOpen second = open();
        assertEquals(OplockLevel.II, oplock(first, a, OplockLevel.II));
        assertEquals(OplockLevel.II, oplock(second, b, OplockLevel.II));
        table.breakReadCaching(key, second);
        assertEquals(List.of(OplockLevel.NONE.code()), a.breaks);
        assertTrue(a.timers.isEmpty(), "a break to none from level II is not acknowledged");
        assertEquals(OplockLevel.NONE, table.levelOf(key, first));
    }

    @Test
    void statOpensNeitherBreakNorGetOplocks() {
        Sink origin = new Sink();
        oplock(open(), origin, OplockLevel.BATCH);
        CachingTable.Intent stat = new CachingTable.Intent(AccessMask.FILE_READ_ATTRIBUTES, false, null, null);
        assertNull(table.breakForOpen(key, stat, false, true));
        assertTrue(origin.breaks.isEmpty());
        assertEquals(OplockLevel.NONE, table.register(key, open(), stat, OplockLevel.BATCH, false, origin, null)
                .oplock());
    }

    // ---- leases

    @Test
    void aLeaseIsSharedByTheOpensOfItsKeyAndBrokenOnceWithAnAcknowledgment() {
        Sink a = new Sink();
        LeaseKey k = new LeaseKey(1, 2);
        TestOpen first = open();
        LeaseContext granted = leaseOn(key, first, a, "c1", k, RWH);
        assertEquals(RWH, granted.state());
        assertEquals(1, granted.epoch(), "a new lease's epoch moves on from the request's");
        assertEquals(RWH, leaseOn(key, open(), a, "c1", k, RWH).state(), "the same key shares the lease");
        assertNull(table.breakForOpen(key, lease("c1", k, RWH), false, true), "its own lease never breaks");
        CompletableFuture<Void> wait = table.breakForOpen(key, lease("c2", k, RWH), false, true);
        assertNotNull(wait, "the same key from another client is another lease");
        assertEquals(List.of(new LeaseBreak(k, 2, true, RWH, RH)), a.leaseBreaks);
        assertEquals(NtStatus.STATUS_REQUEST_NOT_ACCEPTED, table.acknowledgeLease("c1", k, RWH).status());
        assertEquals(NtStatus.STATUS_SUCCESS, table.acknowledgeLease("c1", k, RH).status());
        assertTrue(wait.isDone());
        assertEquals(NtStatus.STATUS_UNSUCCESSFUL, table.acknowledgeLease("c1", k, RH).status(), "no break now");
        assertEquals(RH, leaseOn(key, open(), a, "c2", k, RWH).state(), "no write caching beside another lease");
    }

    @Test
    void anotherClientsLeaseKeyReachesNothingOfTheVictimsLease() {
        Sink victim = new Sink();
        Sink attacker = new Sink();
        LeaseKey k = new LeaseKey(7, 7);
        TestOpen victimOpen = open();
        leaseOn(key, victimOpen, victim, "victim", k, RWH);
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, table.acknowledgeLease("attacker", k, NONE).status());
        assertFalse(table.leaseKeyNamesAnotherFile("attacker", k, dir), "the attacker has no lease under the key");
        assertTrue(table.leaseKeyNamesAnotherFile("victim", k, dir));
        table.breakForOpen(key, lease("attacker", k, RWH), false, true);
        TestOpen attackerOpen = open();
        LeaseContext got = leaseOn(key, attackerOpen, attacker, "attacker", k, RWH);
        assertEquals(1, got.epoch(), "a lease of its own, not the victim's");
        assertEquals(RWH, table.holding(key, victimOpen).leaseState(), "the victim's lease waits for its ack");
        table.acknowledgeLease("victim", k, RH);
        assertEquals(RH, table.holding(key, victimOpen).leaseState());
        assertTrue(attacker.leaseBreaks.isEmpty());
        table.release(key, attackerOpen);
        assertEquals(RH, table.holding(key, victimOpen).leaseState(), "the attacker's close ends only its lease");
    }

    @Test
    void aLeaseUpgradesOnlyToAStrictSupersetAndTheEpochCountsIt() {
        Sink a = new Sink();
        LeaseKey k = new LeaseKey(3, 3);
        assertEquals(READ, leaseOn(key, open(), a, "c1", k, READ).state());
        LeaseContext up = leaseOn(key, open(), a, "c1", k, RWH);
        assertEquals(RWH, up.state());
        assertEquals(2, up.epoch());
        assertEquals(RWH, leaseOn(key, open(), a, "c1", k, RH).state(), "no downgrade through a CREATE");
    }

    @Test
    void invalidLeaseStatesAreGrantedNothing() {
        Sink a = new Sink();
        assertEquals(NONE, leaseOn(key, open(), a, "c1", new LeaseKey(1, 0), WRITE).state());
        assertEquals(NONE, leaseOn(key, open(), a, "c1", new LeaseKey(2, 0), WRITE | HANDLE).state());
        assertEquals(NONE, leaseOn(key, open(), a, "c1", new LeaseKey(3, 0), HANDLE).state());
    }

    @Test
    void aBreakAcknowledgedAboveWhatWasRequiredMeanwhileIsBrokenAgainInSteps() {
        Sink a = new Sink();
        LeaseKey k = new LeaseKey(4, 4);
        leaseOn(key, open(), a, "c1", k, RWH);
        table.breakForOpen(key, lease("c2", new LeaseKey(9, 9), RWH), false, true); // RWH -> RH
        table.breakReadCaching(key, open()); // meanwhile: to none
        assertEquals(NtStatus.STATUS_SUCCESS, table.acknowledgeLease("c1", k, RH).status());
        assertEquals(new LeaseBreak(k, 2, true, RH, READ), a.leaseBreaks.get(1), "one step at a time");
        assertEquals(NtStatus.STATUS_SUCCESS, table.acknowledgeLease("c1", k, READ).status());
        assertEquals(new LeaseBreak(k, 2, false, READ, NONE), a.leaseBreaks.get(2));
    }

    @Test
    void leasesPerClientAreBoundedAndTheNextClientIsServed() {
        Sink a = new Sink();
        for (int i = 0; i < 3; i++) {
            assertEquals(RWH, leaseOn(new CachingTable.Key("share", "f" + i), open(), a, "greedy",
                    new LeaseKey(i, 0), RWH).state());
        }
        CachingTable.Grant refused = table.register(new CachingTable.Key("share", "f3"), open(),
                lease("greedy", new LeaseKey(3, 0), RWH), OplockLevel.LEASE, false, a, null);
        assertEquals(OplockLevel.NONE, refused.oplock());
        assertNull(refused.lease());
        assertEquals(RH, leaseOn(new CachingTable.Key("share", "f3"), open(), a, "polite", new LeaseKey(3, 0), RWH)
                .state(), "a lease (no write caching beside the greedy client's open)");
    }

    @Test
    void oneAccountFillingItsShareOfPendingBreaksLeavesOtherAccountsBreaksQueued() {
        // Server-wide room for 100 breaks, 2 for each account's caching.
        CachingTable fair = new CachingTable(Duration.ofSeconds(35), 10, 100, 2);
        Sink a = new Sink();
        List<CachingTable.Key> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CachingTable.Key f = new CachingTable.Key("share", "m" + i);
            files.add(f);
            assertEquals(OplockLevel.BATCH, fair.register(f, open(), byAccount("mallory"), OplockLevel.BATCH, false,
                    a, null).oplock());
        }
        TestOpen alices = open();
        CachingTable.Key hers = new CachingTable.Key("share", "alice");
        assertEquals(OplockLevel.BATCH, fair.register(hers, alices, byAccount("alice"), OplockLevel.BATCH, false, a,
                null).oplock());

        assertNotNull(fair.breakForOpen(files.get(0), byAccount("bob"), false, true));
        assertNotNull(fair.breakForOpen(files.get(1), byAccount("bob"), false, true));
        TestOpen third = open();
        CachingTable.Key f3 = new CachingTable.Key("share", "m3");
        assertEquals(OplockLevel.BATCH, fair.register(f3, third, byAccount("mallory"), OplockLevel.BATCH, false, a,
                null).oplock());
        assertNull(fair.breakForOpen(f3, byAccount("bob"), false, true),
                "past mallory's share her caching is lowered at once and bob does not wait");
        assertEquals(OplockLevel.II, fair.levelOf(f3, third), "lowered without an acknowledgment");

        CompletableFuture<Void> wait = fair.breakForOpen(hers, byAccount("bob"), false, true);
        assertNotNull(wait, "alice's break is queued and waited for, whatever mallory does");
        assertEquals(NtStatus.STATUS_SUCCESS, fair.acknowledgeOplock(hers, alices, OplockLevel.II));
        assertTrue(wait.isDone());
    }

    @Test
    void pastTheServerWideBoundTheOperationNeedingOneMoreBreakIsRefused() {
        // Server-wide room for 2 breaks, each account's share larger: two accounts fill it together.
        CachingTable table = new CachingTable(Duration.ofSeconds(35), 10, 2, 100);
        Sink a = new Sink();
        List<CachingTable.Key> files = new ArrayList<>();
        for (String owner : new String[] {"mallory", "eve", "alice"}) {
            CachingTable.Key f = new CachingTable.Key("share", owner);
            files.add(f);
            table.register(f, open(), byAccount(owner), OplockLevel.BATCH, false, a, null);
        }
        assertNotNull(table.breakForOpen(files.get(0), byAccount("bob"), false, true));
        assertNotNull(table.breakForOpen(files.get(1), byAccount("bob"), false, true));
        SmbException refused = org.junit.jupiter.api.Assertions.assertThrows(SmbException.class,
                () -> table.breakForOpen(files.get(2), byAccount("bob"), false, true));
        assertEquals(NtStatus.STATUS_INSUFFICIENT_RESOURCES, refused.status());
        assertEquals(2, a.breaks.size(), "the refused break is not sent");
    }

    @Test
    void aBreakNothingWaitsForLowersTheCachingAtOnceWhenTheShareIsFull() {
        CachingTable fair = new CachingTable(Duration.ofSeconds(35), 10, 100, 1);
        Sink a = new Sink();
        CachingTable.Key first = new CachingTable.Key("share", "one");
        CachingTable.Key second = new CachingTable.Key("share", "two");
        fair.register(first, open(), byAccount("mallory"), OplockLevel.BATCH, false, a, null);
        TestOpen held = open();
        fair.register(second, held, byAccount("mallory"), OplockLevel.BATCH, false, a, null);
        assertNotNull(fair.breakForOpen(first, byAccount("bob"), false, true));
        fair.breakReadCaching(second, open()); // a write: it must go on
        assertEquals(OplockLevel.NONE, fair.levelOf(second, held), "lowered without an acknowledgment");
    }

    @Test
    void pastTheHoldersShareHandleBreaksLowerTheCachingAtOnce() {
        CachingTable fair = new CachingTable(Duration.ofSeconds(35), 10, 100, 1);
        Sink a = new Sink();
        CachingTable.Key first = new CachingTable.Key("share", "one");
        CachingTable.Key second = new CachingTable.Key("share", "two");
        CachingTable.Key third = new CachingTable.Key("share", "three");
        fair.register(first, open(), byAccount("mallory"), OplockLevel.BATCH, false, a, null);
        TestOpen leased = open();
        LeaseKey k = new LeaseKey(11, 11);
        fair.register(second, leased, new CachingTable.Intent(DATA, false, "m", LeaseContext.v2(k, RH, 0,
                LeaseKey.ZERO, 0), "mallory"), OplockLevel.LEASE, false, a, null);
        fair.register(third, open(), new CachingTable.Intent(DATA, false, "m", LeaseContext.v2(new LeaseKey(12, 12),
                RH, 0, LeaseKey.ZERO, 0), "mallory"), OplockLevel.LEASE, false, a, null);
        assertNotNull(fair.breakForOpen(first, byAccount("bob"), false, true), "mallory's share is now full");

        assertNull(fair.breakHandleCaching(third, null, true), "a rename or delete does not wait");
        assertNull(fair.breakHandleCaching(second, null, false), "a CLOSE does not wait");
        assertEquals("R", fair.leaseStateOf(second, leased), "lowered without an acknowledgment");
        assertEquals(new LeaseBreak(k, 2, false, RH, READ), a.leaseBreaks.get(a.leaseBreaks.size() - 1));
    }

    private static CachingTable.Intent byAccount(String account) {
        return new CachingTable.Intent(DATA, false, null, null, account);
    }

    @Test
    void aDirectoryLeaseIsReadAndHandleAndBreaksToNoneOnAnEntryChange() {
        Sink a = new Sink();
        LeaseKey k = new LeaseKey(5, 5);
        assertEquals(RH, leaseOn(dir, open(), a, "c1", k, RWH).state(), "no write caching on a directory");
        table.breakDirectory(dir, "c1", k);
        assertTrue(a.leaseBreaks.isEmpty(), "a change made under the lease as parent does not break it");
        table.breakDirectory(dir, "c2", k);
        assertEquals(List.of(new LeaseBreak(k, 2, true, RH, NONE)), a.leaseBreaks);
        assertEquals(NtStatus.STATUS_SUCCESS, table.acknowledgeLease("c1", k, NONE).status());
    }

    @Test
    void aDirectoryLeaseBrokenToNoneIsUpgradedAgainByAnOpenAskingReadWriteAndHandle() {
        Sink a = new Sink();
        LeaseKey k = new LeaseKey(8, 8);
        assertEquals(RH, leaseOn(dir, open(), a, "c1", k, RWH).state());
        table.breakDirectory(dir, "c2", null);
        assertEquals(NtStatus.STATUS_SUCCESS, table.acknowledgeLease("c1", k, NONE).status());
        // smbtorture smb2.lease.v2_request: W is ignored on a directory, so RWH asks for RH, a strict superset.
        LeaseContext again = leaseOn(dir, open(), a, "c1", k, RWH);
        assertEquals(RH, again.state());
        assertEquals(3, again.epoch(), "granted (1), broken (2), upgraded (3)");
    }

    @Test
    void aLeaseBreakGoesToTheOldestLiveConnectionOfItsClient() {
        Sink first = new Sink();
        Sink second = new Sink();
        table.clients().add("c1", first);
        table.clients().add("c1", second);
        LeaseKey k = new LeaseKey(6, 6);
        leaseOn(key, open(), second, "c1", k, RWH);
        table.breakFor(key);
        assertEquals(1, first.leaseBreaks.size(), "the lease is the client's, not the open's connection's");
        assertTrue(second.leaseBreaks.isEmpty());
        first.active = false;
        table.acknowledgeLease("c1", k, READ);
        leaseOn(key, open(), new Sink(), "c2", new LeaseKey(7, 7), RWH);
        table.breakReadCaching(key, open());
        assertEquals(1, second.leaseBreaks.size(), "the next live connection once the first is gone");
        table.clients().remove(second);
        table.clients().remove(first);
        assertNull(table.clients().firstLive("c1"));
    }

    @Test
    void reattachPointsBreaksAtTheNewConnection() {
        Sink old = new Sink();
        Sink fresh = new Sink();
        TestOpen o = open();
        oplock(o, old, OplockLevel.BATCH);
        old.active = false;
        table.reattach(key, o, fresh, List::of);
        assertNotNull(table.breakFor(key));
        assertEquals(List.of(OplockLevel.II.code()), fresh.breaks);
        assertEquals(OplockLevel.BATCH, table.holding(key, o).oplock());
    }

    // ---- durable handles

    @Test
    void handleCachingWithNoBreakInProgressIsWhatADisconnectedDurableOpenIsKeptFor() {
        Sink origin = new Sink();
        TestOpen batch = open();
        assertEquals(OplockLevel.BATCH, oplock(batch, origin, OplockLevel.BATCH));
        assertTrue(table.keepsHandleCaching(key, batch));
        CompletableFuture<Void> wait = table.breakForOpen(key, plain(), false, true);
        assertNotNull(wait);
        assertFalse(table.keepsHandleCaching(key, batch), "its break could never be acknowledged once its client left");

        CachingTable.Key other = new CachingTable.Key("share", "other");
        TestOpen rh = open();
        assertEquals(RH, leaseOn(other, rh, new Sink(), "client", new LeaseKey(1, 2), RH).state());
        assertTrue(table.keepsHandleCaching(other, rh));
        TestOpen r = open();
        CachingTable.Key third = new CachingTable.Key("share", "third");
        assertEquals(READ, leaseOn(third, r, new Sink(), "client", new LeaseKey(3, 4), READ).state());
        assertFalse(table.keepsHandleCaching(third, r), "a read lease caches no handle");
        assertFalse(table.keepsHandleCaching(third, open()), "an open the table does not hold");
    }

    @Test
    void aReattachedHolderIsBrokenOnItsNewConnection() {
        Sink lost = new Sink();
        Sink reconnected = new Sink();
        TestOpen holder = open();
        oplock(holder, lost, OplockLevel.BATCH);
        lost.active = false;
        table.reattach(key, holder, reconnected, () -> List.of(reconnected));
        table.breakForOpen(key, plain(), false, true);
        assertTrue(lost.breaks.isEmpty());
        assertEquals(List.of(OplockLevel.II.code()), reconnected.breaks);
        assertEquals(0, holder.breaksWithoutChannel);
    }
}

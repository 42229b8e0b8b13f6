package io.signet.server.oplock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.protocol.rpc.CallContext;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.status.NtStatus;
import io.signet.server.tree.Open;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The oplock table reaches holders only through {@link BreakSink}: which channel a break goes to, and its timer. */
class OplockTableTest {
    /** A connection as the table sees it: records the breaks sent and the timers asked for. */
    private static final class Sink implements BreakSink {
        final List<Integer> breaks = new ArrayList<>();
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
        public void scheduleBreakTimeout(Runnable task, long delay, TimeUnit unit) {
            timers.add(task);
            delays.add(unit.toSeconds(delay));
        }
    }

    private final OplockTable table = new OplockTable();
    private final OplockTable.Key key = new OplockTable.Key("share", "file");
    private long nextId = 1;

    private Open open() {
        long id = nextId++;
        return new Open(new FileId(id, id), null, new RpcPipe(new CallContext("alice", "SIGNET", false), "srvsvc"));
    }

    @Test
    void aBreakGoesToTheConnectionTheOpenWasMadeOnWhileItLives() {
        Sink origin = new Sink();
        Sink other = new Sink();
        assertEquals(OplockLevel.BATCH, table.register(key, open(), origin, () -> List.of(origin, other),
                OplockLevel.BATCH));
        CompletableFuture<Void> wait = table.breakFor(key);
        assertNotNull(wait);
        assertEquals(List.of(OplockLevel.NONE.code()), origin.breaks);
        assertTrue(other.breaks.isEmpty());
        assertEquals(List.of(OplockTable.BREAK_TIMEOUT_SECONDS), origin.delays);
    }

    @Test
    void aBreakGoesToAnotherLiveChannelOfTheSessionOnceTheOriginIsGone() {
        Sink origin = new Sink();
        Sink gone = new Sink();
        Sink live = new Sink();
        table.register(key, open(), origin, () -> List.of(gone, live), OplockLevel.EXCLUSIVE);
        origin.active = false;
        gone.active = false;
        table.breakFor(key);
        assertTrue(origin.breaks.isEmpty());
        assertTrue(gone.breaks.isEmpty());
        assertEquals(List.of(OplockLevel.NONE.code()), live.breaks);
        assertEquals(1, origin.timers.size(), "the timer is the origin's, which outlives its connection");
    }

    @Test
    void theTimeoutReleasesTheWaiterWhenNoChannelIsLeft() {
        Sink origin = new Sink();
        origin.active = false;
        int[] withoutChannel = new int[1];
        OplockOpen holder = new OplockOpen() {
            @Override
            public FileId fileId() {
                return new FileId(5, 5);
            }

            @Override
            public void breakWithoutChannel() {
                withoutChannel[0]++; // an open that is not durable does nothing
            }
        };
        table.register(key, holder, origin, List::of, OplockLevel.BATCH);
        CompletableFuture<Void> wait = table.breakFor(key);
        assertTrue(origin.breaks.isEmpty(), "no channel left to carry it");
        assertEquals(1, withoutChannel[0], "the holder is told nobody can hear its break ([MS-SMB2] 3.3.4.6)");
        assertFalse(wait.isDone());
        origin.timers.get(0).run();
        assertTrue(wait.isDone());
    }

    @Test
    void aHolderThatClosesWhenNoChannelCanHearItsBreakReleasesTheWaiterAtOnce() {
        Sink origin = new Sink();
        origin.active = false;
        OplockOpen[] self = new OplockOpen[1];
        self[0] = new OplockOpen() {
            @Override
            public FileId fileId() {
                return new FileId(6, 6);
            }

            @Override
            public void breakWithoutChannel() {
                table.release(key, self[0]); // as a durable open kept for a disconnected client closes
            }
        };
        table.register(key, self[0], origin, List::of, OplockLevel.BATCH);
        assertTrue(table.holdsUnbrokenBatch(key, self[0]));
        CompletableFuture<Void> wait = table.breakFor(key);
        assertTrue(wait.isDone(), "the kept open closed, so the new open goes on without waiting for the timeout");
    }

    @Test
    void aReattachedHolderIsBrokenOnItsNewConnection() {
        Sink lost = new Sink();
        Sink reconnected = new Sink();
        Open holder = open();
        table.register(key, holder, lost, List::of, OplockLevel.BATCH);
        lost.active = false;
        assertTrue(table.reattach(key, holder, reconnected, () -> List.of(reconnected)));
        table.breakFor(key);
        assertTrue(lost.breaks.isEmpty());
        assertEquals(List.of(OplockLevel.NONE.code()), reconnected.breaks);
        assertFalse(table.holdsUnbrokenBatch(key, holder), "its batch oplock is being broken");
        assertFalse(table.reattach(key, open(), reconnected, List::of), "an open the table does not hold");
    }

    @Test
    void anAcknowledgedBreakReleasesTheWaiterAndTheSecondOpenGetsNoOplock() {
        Sink origin = new Sink();
        Open holder = open();
        table.register(key, holder, origin, null, OplockLevel.BATCH);
        CompletableFuture<Void> wait = table.breakFor(key);
        assertEquals(NtStatus.STATUS_SUCCESS, table.acknowledge(key, holder, OplockLevel.NONE));
        assertTrue(wait.isDone());
        assertEquals(OplockLevel.NONE, table.register(key, open(), origin, null, OplockLevel.BATCH));
        assertNull(table.breakFor(key), "nothing left to break");
    }

    @Test
    void theLevelAnOpenHoldsFollowsGrantBreakAndRelease() {
        Sink origin = new Sink();
        Open holder = open();
        Open other = open();
        assertEquals(OplockLevel.NONE, table.levelOf(key, holder), "not registered");
        table.register(key, holder, origin, null, OplockLevel.BATCH);
        assertEquals(OplockLevel.BATCH, table.levelOf(key, holder));
        table.register(key, other, origin, null, OplockLevel.BATCH);
        assertEquals(OplockLevel.NONE, table.levelOf(key, other), "a second open gets none");
        assertEquals(OplockLevel.BATCH, table.levelOf(key, holder), "held until acknowledged");
        assertEquals(NtStatus.STATUS_SUCCESS, table.acknowledge(key, holder, OplockLevel.NONE));
        assertEquals(OplockLevel.NONE, table.levelOf(key, holder));
        table.release(key, holder);
        assertEquals(OplockLevel.NONE, table.levelOf(key, holder));
    }
}

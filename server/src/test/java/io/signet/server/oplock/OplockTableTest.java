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
        table.register(key, open(), origin, List::of, OplockLevel.BATCH);
        CompletableFuture<Void> wait = table.breakFor(key);
        assertEquals(List.of(OplockLevel.NONE.code()), origin.breaks, "no channel left: the origin gets it");
        assertFalse(wait.isDone());
        origin.timers.get(0).run();
        assertTrue(wait.isDone());
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

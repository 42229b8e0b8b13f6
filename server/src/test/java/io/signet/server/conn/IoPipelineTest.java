package io.signet.server.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.signet.config.ServerConfig;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.status.NtStatus;
import io.signet.server.Handlers;
import io.signet.server.context.ServerContext;
import io.signet.server.oplock.BreakSink;
import io.signet.server.oplock.CachingTable;
import io.signet.server.session.Session;
import io.signet.server.session.SessionState;
import io.signet.server.tree.Open;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order {@link IoPipeline} keeps among one connection's READs and WRITEs running on the I/O threads, and between
 * them and every other message. The I/O threads are a list the test runs by hand, and the connection's thread is
 * the test's, so each interleaving is fixed.
 */
class IoPipelineTest {
    private static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final int MIB = 1024 * 1024;

    private final List<Runnable> pool = new ArrayList<>();
    private final List<ByteBuf> buffers = new ArrayList<>();
    private IoPipeline pipeline;
    private EmbeddedChannel channel;
    private Connection connection;
    private int resumed;
    private ServerContext server;

    @BeforeEach
    void setUp() throws IOException {
        server = new ServerContext(ServerConfig.builder().port(0).build(), new byte[16],
                Sid.parse("S-1-5-21-1-2-3"));
        channel = new EmbeddedChannel();
        connection = new Connection(channel, Handlers.wire(server), ImmediateEventExecutor.INSTANCE);
        pipeline = new IoPipeline(pool::add, Runnable::run, MAX_BYTES);
        pipeline.onResume(() -> resumed++);
    }

    @AfterEach
    void releaseBuffers() {
        buffers.forEach(ByteBuf::release);
    }

    private static Open open(long id) {
        return new Open(new FileId(id, id), null, null, 0);
    }

    private PipelinedRequest request(Open open, boolean write, long offset, long length) {
        return request(open, write, offset, length, out -> { });
    }

    private PipelinedRequest request(Open open, boolean write, long offset, long length, IoWork work) {
        ByteBuf message = message(write ? Smb2Command.WRITE : Smb2Command.READ);
        RequestContext ctx = new RequestContext(connection,
                Smb2Header.read(message, 0), message, new CompoundState());
        return new PipelinedRequest(ctx, open, offset, length, write, work);
    }

    /** Hands {@code r} over as the connection's thread does: response header begun, request retained. */
    private ByteBuf handOver(PipelinedRequest r) {
        ResponseBuilder out = new ResponseBuilder(channel.alloc(), null, 0);
        out.begin(new Smb2Header().command(r.write ? Smb2Command.WRITE : Smb2Command.READ), null);
        ByteBuf frame = out.buffer();
        r.handOver(pipeline, out.handOver(), null, null, 0);
        return frame;
    }

    /** A request header alone, as the transport would hand it over. */
    private ByteBuf message(Smb2Command command) {
        ByteBuf b = Unpooled.buffer(Smb2Header.SIZE);
        new Smb2Header().command(command).creditCharge(1).messageId(1).write(b);
        buffers.add(b);
        return b;
    }

    /** What the I/O thread reports when the request ends; its work is not run (no file behind these opens). */
    private void end(PipelinedRequest r) {
        assertTrue(pool.remove(r), "only a started request can end");
        pipeline.ended(r);
    }

    private static final class Recorded implements IoPipeline.Waiting {
        boolean ran;
        boolean dropped;

        @Override
        public void run() {
            ran = true;
        }

        @Override
        public void drop() {
            dropped = true;
        }
    }

    @Test
    void closeWaitsForTheSlowWriteOnItsOpenAndLaterMessagesWaitBehindIt() {
        Open open = open(1);
        PipelinedRequest write = request(open, true, 0, MIB);
        pipeline.start(write);
        assertEquals(List.of(write), pool);

        ByteBuf close = message(Smb2Command.CLOSE);
        assertTrue(pipeline.mustWait(close), "a CLOSE never overtakes I/O in flight");
        Recorded closing = new Recorded();
        pipeline.whenIdle(closing);
        assertFalse(closing.ran);
        assertTrue(pipeline.holdsFrames(), "the transport holds the frames after the CLOSE");
        assertTrue(pipeline.mustWait(message(Smb2Command.READ)), "even a READ waits behind the CLOSE");

        end(write);
        assertTrue(closing.ran, "the CLOSE runs once the WRITE has ended");
        assertFalse(pipeline.holdsFrames());
        assertFalse(pipeline.mustWait(close));
    }

    @Test
    void everyOtherCommandAndEveryChainWaitsButLoneReadsAndWritesGoOn() {
        pipeline.start(request(open(1), false, 0, MIB));
        for (Smb2Command c : new Smb2Command[] {Smb2Command.FLUSH, Smb2Command.LOCK, Smb2Command.SET_INFO,
                Smb2Command.LOGOFF, Smb2Command.TREE_DISCONNECT, Smb2Command.CANCEL, Smb2Command.QUERY_INFO}) {
            assertTrue(pipeline.mustWait(message(c)), c.toString());
        }
        assertFalse(pipeline.mustWait(message(Smb2Command.READ)));
        assertFalse(pipeline.mustWait(message(Smb2Command.WRITE)));
        ByteBuf chained = message(Smb2Command.READ);
        Smb2Header.setNextCommand(chained, 0, Smb2Header.SIZE);
        assertTrue(pipeline.mustWait(chained), "a compound chain stays in order on the connection's thread");
    }

    @Test
    void readSentWithAnOverlappingWriteStartsOnlyAfterIt() {
        Open open = open(1);
        PipelinedRequest write = request(open, true, 0, MIB);
        PipelinedRequest overlapping = request(open, false, MIB - 1, MIB);
        PipelinedRequest elsewhere = request(open, false, MIB, MIB);
        pipeline.start(write);
        pipeline.start(overlapping);
        pipeline.start(elsewhere);
        assertEquals(List.of(write, elsewhere), pool, "the READ of other bytes runs beside the WRITE");
        end(write);
        assertEquals(List.of(elsewhere, overlapping), pool);
    }

    @Test
    void writesOfOneOpenRunOneAtATimeReadsSideBySide() {
        Open a = open(1);
        Open b = open(2);
        PipelinedRequest w1 = request(a, true, 0, MIB);
        PipelinedRequest w2 = request(a, true, MIB, MIB);
        PipelinedRequest otherOpen = request(b, true, 0, MIB);
        PipelinedRequest r1 = request(a, false, 4 * MIB, MIB);
        PipelinedRequest r2 = request(a, false, 4 * MIB, MIB);
        for (PipelinedRequest r : List.of(w1, w2, otherOpen, r1, r2)) {
            pipeline.start(r);
        }
        assertEquals(List.of(w1, otherOpen, r1, r2), pool);
        end(w1);
        assertEquals(List.of(otherOpen, r1, r2, w2), pool);
    }

    @Test
    void manySmallWritesAndReadsOfOneOpenWaitOnOneRequestEachNotOnAllBeforeThem() {
        Open open = open(1);
        int n = 2048;
        List<PipelinedRequest> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PipelinedRequest w = request(open, true, 0, 1);
            started.add(w);
            pipeline.start(w);
        }
        for (int i = 0; i < n; i++) {
            PipelinedRequest r = request(open, false, 0, 1);
            started.add(r);
            pipeline.start(r);
        }
        long edges = 0;
        for (PipelinedRequest r : started) {
            edges += r.dependents.size();
            assertTrue(r.waitingOn <= 1, "a request waits on one other here");
        }
        // All pairs would be n * (n - 1) / 2 + n * n edges (six million): memory far past the bytes in flight.
        assertTrue(edges < 2L * n, edges + " edges for " + 2 * n + " requests");
        assertEquals(List.of(started.get(0)), pool, "the WRITEs run one at a time, the READs after them");
        for (int i = 0; i < n; i++) {
            end(started.get(i));
        }
        assertEquals(started.subList(n, 2 * n), pool, "every READ runs once the last WRITE it overlaps has ended");
    }

    @Test
    void aWriteWaitsForTheReadsOfItsOpenSentBeforeItAndTheWriteBeforeIt() {
        Open open = open(1);
        PipelinedRequest r1 = request(open, false, 0, MIB);
        PipelinedRequest w1 = request(open, true, 4 * MIB, MIB);
        PipelinedRequest r2 = request(open, false, 8 * MIB, MIB);
        PipelinedRequest w2 = request(open, true, 12 * MIB, MIB);
        for (PipelinedRequest r : List.of(r1, w1, r2, w2)) {
            pipeline.start(r);
        }
        assertEquals(List.of(r1, r2), pool, "READs of other bytes run at once");
        end(r2);
        end(r1);
        assertEquals(List.of(w1), pool, "w2 waits for w1 (and through it for r1) and for r2");
        end(w1);
        assertEquals(List.of(w2), pool);
    }

    @Test
    void writeAtTheEndOfFileFollowsEveryReadOfItsOpen() {
        Open open = open(1);
        PipelinedRequest read = request(open, false, 100 * MIB, 1);
        PipelinedRequest append = request(open, true, -1, MIB);
        pipeline.start(read);
        pipeline.start(append);
        assertEquals(List.of(read), pool);
        end(read);
        assertEquals(List.of(append), pool);
    }

    @Test
    void bytesInFlightAreBoundedAndTheTransportResumesBelowTheBound() {
        List<PipelinedRequest> started = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            PipelinedRequest r = request(open(i), false, 0, MIB);
            started.add(r);
            pipeline.start(r);
        }
        assertTrue(pipeline.holdsFrames(), "16 MiB in flight: the next frames wait in the transport");
        int before = resumed;
        end(started.get(0));
        assertFalse(pipeline.holdsFrames());
        assertTrue(resumed > before, "the transport is told to serve its held frames");
    }

    @Test
    void tinyRequestsCountAtLeastTheirResponseBuffer() {
        long count = MAX_BYTES / IoPipeline.MIN_BYTES;
        for (long i = 0; i < count; i++) {
            pipeline.start(request(open(i), false, 0, 1));
        }
        assertTrue(pipeline.holdsFrames(), count + " one-byte READs hold the bound");
        assertEquals(count, pipeline.inFlight());
    }

    @Test
    void disconnectDropsWhatWaitsAndReleasesTheConnectionOnlyAfterItsIo() {
        Open open = open(1);
        PipelinedRequest write = request(open, true, 0, MIB);
        PipelinedRequest queued = request(open, true, MIB, MIB);
        pipeline.start(write);
        pipeline.start(queued);
        Recorded waiting = new Recorded();
        pipeline.whenIdle(waiting);
        boolean[] released = new boolean[1];

        pipeline.closed(() -> released[0] = true);
        assertTrue(waiting.dropped, "a message waiting for the I/O is dropped at once");
        assertFalse(waiting.ran);
        assertFalse(released[0], "no open closes under I/O in flight");
        assertTrue(pipeline.holdsFrames());
        Recorded late = new Recorded();
        pipeline.whenIdle(late);
        assertTrue(late.dropped, "nothing runs after the close");

        end(write);
        assertFalse(released[0], "the second WRITE is still in flight (it will skip its I/O: the channel is gone)");
        end(queued);
        assertTrue(released[0]);
        assertEquals(0, pipeline.inFlight());
    }

    @Test
    void theIoThreadAnswersAndReleasesTheRequestAndTheResponseOnce() {
        boolean[] ran = new boolean[1];
        PipelinedRequest r = request(open(1), false, 0, 4, out -> {
            ran[0] = true;
            out.buffer().writeZero(20);
        });
        ByteBuf response = handOver(r);
        assertEquals(2, r.ctx.message().refCnt(), "the request is retained while its I/O is in flight");
        pipeline.start(r);
        pool.remove(0).run();
        assertTrue(ran[0]);
        ByteBuf sent = channel.readOutbound();
        assertTrue(sent == response, "the response frame goes out as it was built");
        assertEquals(Smb2Header.SIZE + 20, sent.readableBytes() - 4);
        sent.release();
        assertEquals(1, r.ctx.message().refCnt(), "the I/O thread released its hold on the request once");
        assertEquals(0, pipeline.inFlight());
    }

    @Test
    void ioOfAClosedConnectionIsSkippedAndItsBuffersReleasedOnce() {
        boolean[] ran = new boolean[1];
        PipelinedRequest r = request(open(1), true, 0, MIB, out -> ran[0] = true);
        ByteBuf response = handOver(r);
        channel.close();
        pipeline.start(r);
        pool.remove(0).run();
        assertFalse(ran[0], "no write after the connection is gone");
        assertEquals(0, response.refCnt());
        assertEquals(1, r.ctx.message().refCnt());
        assertTrue(channel.outboundMessages().isEmpty());
    }

    @Test
    void theResponseIsNeverSentOnceItsSessionLeftTheConnection() {
        PipelinedRequest r = request(open(1), false, 0, 4, out -> out.buffer().writeZero(20));
        r.ctx.session = new Session(7, connection); // not, or no longer, in its table
        ByteBuf response = handOver(r);
        pipeline.start(r);
        pool.remove(0).run();
        assertTrue(channel.outboundMessages().isEmpty(), "a READ's answer never follows its session's end");
        assertEquals(0, response.refCnt());
        assertEquals(1, r.ctx.message().refCnt());
    }

    /** Runs the one request on the I/O thread and returns the status of the response it sent. */
    private NtStatus runAndAnswer() {
        pool.remove(0).run();
        ByteBuf sent = channel.readOutbound();
        try {
            return NtStatus.fromCode(Smb2Header.read(sent, 4).status());
        } finally {
            sent.release();
        }
    }

    @Test
    void aWriteWhoseOpenLeftItsSessionWhileItWaitedNeverTouchesTheFile() {
        Session session = new Session(7, connection);
        session.state(SessionState.VALID);
        connection.addSession(session);
        Open open = open(1);
        session.addOpen(open);
        boolean[] ran = new boolean[1];
        PipelinedRequest r = request(open, true, 0, MIB, out -> ran[0] = true);
        r.ctx.session = session;
        handOver(r);
        pipeline.start(r);
        // A CLOSE on another channel, or a reconnect on another connection ending this session's hold on its
        // durable open ([MS-SMB2] 3.3.5.5.3, 3.3.5.9.7), while the WRITE waited for an I/O thread.
        assertTrue(session.removeOpen(open));
        assertEquals(NtStatus.STATUS_FILE_CLOSED, runAndAnswer());
        assertFalse(ran[0], "no WRITE lands after its open was closed or handed over");
        assertEquals(1, r.ctx.message().refCnt());
    }

    @Test
    void aSessionEndedWhileTheIoWaitedGetsNeitherTheIoNorAnAnswer() {
        Session session = new Session(8, connection);
        session.state(SessionState.VALID);
        connection.addSession(session);
        Open open = open(1);
        boolean[] ran = new boolean[1];
        PipelinedRequest r = request(open, true, 0, MIB, out -> ran[0] = true);
        r.ctx.session = session;
        ByteBuf response = handOver(r);
        pipeline.start(r);
        // Ended from another connection (a PreviousSessionId logon, [MS-SMB2] 3.3.5.5.3): it leaves this one's table.
        server.sessions().end(session, connection);
        pool.remove(0).run();
        assertFalse(ran[0], "the WRITE of an ended session never reaches the file");
        assertTrue(channel.outboundMessages().isEmpty());
        assertEquals(0, response.refCnt());
    }

    @Test
    void aByteRangeLockGrantedWhileTheIoWaitedRefusesIt() {
        CachingTable.Key file = new CachingTable.Key("data", "f");
        Open mine = open(1);
        mine.oplockKey(file);
        Open other = open(2);
        other.oplockKey(file);
        boolean[] ran = new boolean[2];
        PipelinedRequest write = request(mine, true, 0, 100, out -> ran[0] = true);
        PipelinedRequest read = request(mine, false, 200, 100, out -> ran[1] = true);
        handOver(write);
        handOver(read);
        pipeline.start(write);
        pipeline.start(read);
        // Another client's LOCKs are granted on its own connection while these wait ([MS-FSA] 2.1.5.2, 2.1.5.3).
        assertTrue(server.byteRangeLocks().tryLock(file, other, 50, 10, false));
        assertTrue(server.byteRangeLocks().tryLock(file, other, 250, 10, true));
        assertEquals(NtStatus.STATUS_FILE_LOCK_CONFLICT, runAndAnswer());
        assertEquals(NtStatus.STATUS_FILE_LOCK_CONFLICT, runAndAnswer());
        assertFalse(ran[0], "a WRITE never overruns a lock granted before it reached the file");
        assertFalse(ran[1], "a READ never reads through an exclusive lock granted before it reached the file");
    }

    @Test
    void aWriteBreaksReadCachingGrantedWhileItWaited() {
        CachingTable.Key file = new CachingTable.Key("data", "f");
        Open mine = open(1);
        mine.oplockKey(file);
        Open other = open(2);
        other.oplockKey(file);
        List<Integer> breaks = new ArrayList<>();
        BreakSink sink = new BreakSink() {
            @Override
            public boolean isActive() {
                return true;
            }

            @Override
            public void sendOplockBreak(FileId fileId, int level) {
                breaks.add(level);
            }

            @Override
            public void sendLeaseBreak(LeaseKey key, int epoch, boolean ackRequired, int from, int to) {
                throw new AssertionError("no lease here");
            }

            @Override
            public void scheduleBreakTimeout(Runnable task, long delay, TimeUnit unit) {
            }
        };
        boolean[] ran = new boolean[1];
        PipelinedRequest write = request(mine, true, 0, 100, out -> ran[0] = true);
        handOver(write);
        pipeline.start(write);
        // Another client's CREATE is granted a level II oplock on its own connection while the WRITE waits.
        CachingTable.Intent reading = new CachingTable.Intent(AccessMask.FILE_READ_DATA, false, null, null);
        assertEquals(OplockLevel.II, server.caching().register(file, other, reading, OplockLevel.II, false, sink,
                null).oplock());
        assertEquals(NtStatus.STATUS_SUCCESS, runAndAnswer());
        assertTrue(ran[0]);
        assertEquals(List.of(OplockLevel.NONE.code()), breaks, "[MS-FSA] 2.1.4.12: the WRITE breaks it to none");
        assertEquals(OplockLevel.NONE, server.caching().levelOf(file, other));
    }

    @Test
    void disconnectWithNothingInFlightReleasesAtOnce() {
        boolean[] released = new boolean[1];
        pipeline.closed(() -> released[0] = true);
        assertTrue(released[0]);
    }
}

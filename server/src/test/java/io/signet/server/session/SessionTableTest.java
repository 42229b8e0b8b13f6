package io.signet.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.config.ServerConfig;
import io.signet.protocol.rpc.CallContext;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.context.ServerContext;
import io.signet.server.Handlers;
import io.signet.server.conn.Connection;
import io.signet.server.tree.Open;
import io.signet.server.tree.TreeConnect;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GlobalSessionTable and Session.ChannelList: binding, logoff on one channel, loss of one channel. */
class SessionTableTest {
    private ServerContext server;
    private SessionTable table;

    @BeforeEach
    void setUp() throws IOException {
        server = new ServerContext(ServerConfig.builder().port(0).build(), new byte[16],
                io.signet.protocol.dtyp.Sid.parse("S-1-5-21-1-2-3"));
        table = server.sessions();
    }

    private Connection connection() {
        return new Connection(new EmbeddedChannel(), Handlers.wire(server), ImmediateEventExecutor.INSTANCE);
    }

    /** A session established on {@code first}, as SESSION_SETUP leaves it: in both tables, one channel. */
    private Session established(Connection first) {
        Session s = table.create(id -> new Session(id, first));
        first.addSession(s);
        assertTrue(s.addChannel(new SessionChannel(first, null, null)));
        s.state(SessionState.VALID);
        return s;
    }

    private static void bind(Session s, Connection c) {
        assertTrue(s.addChannel(new SessionChannel(c, null, null)));
        c.addSession(s);
    }

    /** A pipe open: closing it needs no file system. */
    private static Open open(Session s) {
        Open o = new Open(s.nextFileId(), null, new RpcPipe(new CallContext("alice", "SIGNET", false), "srvsvc"));
        s.addOpen(o);
        return o;
    }

    private static Session as(Session s, String user) {
        s.security(SessionSecurity.keyless(new AuthenticatedUser(user, "SIGNET", UserKind.USER), Dialect.SMB3_1_1));
        return s;
    }

    /** [MS-SMB2] 3.3.5.5.3 PreviousSessionId: the same user's earlier session ends, its opens with it. */
    @Test
    void aLogonNamingAPreviousSessionOfTheSameUserEndsIt() {
        Session previous = as(established(connection()), "alice");
        open(previous);
        Session fresh = as(established(connection()), "alice");
        table.endPrevious(previous.id(), fresh);
        assertNull(table.find(previous.id()));
        assertEquals(0, previous.openCount());
        assertSame(fresh, table.find(fresh.id()));
    }

    @Test
    void aPreviousSessionOfAnotherUserOrTheLogonsOwnIsLeftAlone() {
        Session bobs = as(established(connection()), "bob");
        Session alices = as(established(connection()), "alice");
        table.endPrevious(bobs.id(), alices);
        table.endPrevious(alices.id(), alices);
        table.endPrevious(0, alices);
        assertSame(bobs, table.find(bobs.id()));
        assertSame(alices, table.find(alices.id()));
    }

    @Test
    void aSessionIsFoundFromAnyConnectionByItsId() {
        Connection a = connection();
        Session s = established(a);
        assertSame(s, table.find(s.id()));
        assertNull(table.find(s.id() + 1000));
        assertThrows(IllegalStateException.class, () -> table.add(new Session(s.id(), a)), "ids are unique");
    }

    @Test
    void sessionIdsAreDrawnAtRandomSkippingTheReservedValuesAndIdsInUse() {
        Connection a = connection();
        // A generator that first repeats itself and returns the values [MS-SMB2] 3.3.5.5.1 reserves.
        long[] draws = {0L, -1L, 0x1234L, 0x1234L, 0L, 0x5678L};
        int[] next = {0};
        SessionTable scripted = new SessionTable(new java.util.random.RandomGenerator() {
            @Override
            public long nextLong() {
                return draws[next[0]++];
            }
        });
        assertEquals(0x1234L, scripted.create(id -> new Session(id, a)).id());
        assertEquals(0x5678L, scripted.create(id -> new Session(id, a)).id(), "an id in use is drawn again");
        assertEquals(draws.length, next[0]);

        // The real generator: consecutive sessions do not reveal each other's ids.
        long first = table.create(id -> new Session(id, a)).id();
        long second = table.create(id -> new Session(id, a)).id();
        assertNotEquals(first + 1, second);
        assertNotEquals(0L, first);
        assertNotEquals(-1L, first);
    }

    @Test
    void anOpenAddedAfterItsTreeWasDisconnectedIsClosedNotKept() {
        Session s = new Session(1);
        TreeConnect tree = s.addTree(id -> new TreeConnect(id, "IPC$", null, null, 0x1F01FF, false));
        Open early = new Open(s.nextFileId(), tree, new RpcPipe(new CallContext("alice", "SIGNET", false), "srvsvc"));
        s.addOpen(early);
        s.removeTree(tree); // TREE_DISCONNECT on one channel ...
        Open late = new Open(s.nextFileId(), tree, new RpcPipe(new CallContext("alice", "SIGNET", false), "srvsvc"));
        // ... while a CREATE in that tree finishes on another
        SmbException e = assertThrows(SmbException.class, () -> s.addOpen(late));
        assertEquals(NtStatus.STATUS_NETWORK_NAME_DELETED, e.status());
        assertNull(s.open(early.fileId()));
        assertNull(s.open(late.fileId()), "no open may outlive its tree connect");
    }

    @Test
    void aBoundChannelIsTheSessionOnItsConnection() {
        Connection a = connection();
        Connection b = connection();
        Session s = established(a);
        assertNull(b.session(s.id()), "not bound yet: not in the second connection's table");
        assertNull(s.channel(b));
        bind(s, b);
        assertSame(s, b.session(s.id()));
        assertSame(b, s.channel(b).connection());
        assertEquals(2, s.channels().size());
        assertFalse(s.addChannel(new SessionChannel(b, null, null)), "one channel per connection");
    }

    @Test
    void aSessionHasAtMostThirtyTwoChannels() {
        Session s = established(connection());
        for (int i = 1; i < Session.MAX_CHANNELS; i++) {
            assertTrue(s.addChannel(new SessionChannel(connection(), null, null)));
        }
        assertFalse(s.addChannel(new SessionChannel(connection(), null, null)));
        assertEquals(Session.MAX_CHANNELS, s.channels().size());
    }

    @Test
    void losingOneChannelKeepsTheSessionAndItsOpens() {
        Connection a = connection();
        Connection b = connection();
        Session s = established(a);
        bind(s, b);
        Open o = open(s);
        a.closed();
        assertSame(s, table.find(s.id()));
        assertSame(s, b.session(s.id()));
        assertSame(o, s.open(o.fileId()));
        assertEquals(SessionState.VALID, s.state());
        assertNull(s.channel(a));

        b.closed();
        assertNull(table.find(s.id()), "the last channel took the session with it");
        assertEquals(SessionState.EXPIRED, s.state());
        assertNull(s.open(o.fileId()));
    }

    @Test
    void logoffOnOneChannelEndsTheSessionOnAll() {
        Connection a = connection();
        Connection b = connection();
        Session s = established(a);
        bind(s, b);
        open(s);
        b.removeSession(s);
        assertNull(table.find(s.id()));
        assertNull(a.session(s.id()));
        assertNull(b.session(s.id()));
        assertEquals(0, s.openCount());
        assertEquals(SessionState.EXPIRED, s.state());
    }

    @Test
    void aSessionStillAuthenticatingEndsWithItsConnection() {
        Connection a = connection();
        Session s = table.create(id -> new Session(id, a));
        a.addSession(s);
        a.closed();
        assertNull(table.find(s.id()));
    }

    @Test
    void anOpenIsClosedByOneCallerOnly() throws Exception {
        Session s = established(connection());
        List<Open> opens = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            opens.add(open(s));
        }
        AtomicInteger removed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int t = 0; t < 4; t++) {
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (Open o : opens) {
                        if (s.removeOpen(o)) {
                            removed.incrementAndGet();
                        }
                    }
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(opens.size(), removed.get(), "each open removed exactly once across channel threads");
        assertEquals(0, s.openCount());
    }
}

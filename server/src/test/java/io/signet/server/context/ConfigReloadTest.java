package io.signet.server.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.config.ServerConfig;
import io.signet.config.ServerConfigBuilder;
import io.signet.config.ShareConfig;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.rpc.CallContext;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.AccessMask;
import io.signet.server.session.Session;
import io.signet.server.session.SessionSecurity;
import io.signet.server.session.SessionState;
import io.signet.server.tree.Open;
import io.signet.server.tree.TreeConnect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ServerContext.reload: the snapshot swap and what it does to trees and sessions of the old configuration. */
class ConfigReloadTest {
    private static final Sid MACHINE = Sid.parse("S-1-5-21-10-20-30");

    @TempDir
    Path dir;
    private Path a;
    private Path b;
    private ServerContext context;

    @BeforeEach
    void setUp() throws IOException {
        a = Files.createDirectory(dir.resolve("a"));
        b = Files.createDirectory(dir.resolve("b"));
        context = new ServerContext(base().share("a", a).share("b", b).build(), new byte[16], MACHINE);
    }

    private static ServerConfigBuilder base() {
        return ServerConfig.builder().port(0).user("alice", "pw-alice").user("bob", "pw-bob");
    }

    /** A session of {@code user} as SESSION_SETUP leaves it (without a connection: none is needed here). */
    private Session session(String user) {
        Session s = context.sessions().create(Session::new);
        s.security(SessionSecurity.keyless(new AuthenticatedUser(user, "SIGNET", UserKind.USER), Dialect.SMB3_1_1));
        s.state(SessionState.VALID);
        return s;
    }

    /** A tree connect as TREE_CONNECT makes it, with one open in it. */
    private TreeConnect connect(Session s, String shareName) {
        Share share = context.share(shareName);
        TreeConnect t = s.addTree(id -> new TreeConnect(id, share.config().name(), share.config(),
                share.fileSystem(), AccessMask.FILE_ALL_ACCESS, false));
        s.addOpen(new Open(s.nextFileId(), t, new RpcPipe(new CallContext("alice", "SIGNET", false), "srvsvc")));
        return t;
    }

    private static long opensIn(Session s, TreeConnect t) {
        return s.opens().stream().filter(o -> o.tree() == t).count();
    }

    @Test
    void aRemovedShareEndsItsTreeConnectsWithTheirOpensAndIsNoLongerServed() throws IOException {
        Session s = session("alice");
        TreeConnect onA = connect(s, "a");
        TreeConnect onB = connect(s, "b");
        Path c = Files.createDirectory(dir.resolve("c"));

        ReloadResult r = context.reload(base().share("b", b).share("c", c).build());

        assertEquals(List.of("c"), r.sharesAdded());
        assertEquals(List.of("a"), r.sharesRemoved());
        assertEquals(1, r.treesDisconnected());
        assertNull(context.share("a"), "a new TREE_CONNECT to a finds no share: STATUS_BAD_NETWORK_NAME");
        assertNotNull(context.share("c"));
        assertNull(s.tree(onA.id()), "the tree of a is gone: its next request gets STATUS_NETWORK_NAME_DELETED");
        assertEquals(0, opensIn(s, onA), "its opens were closed");
        assertFalse(context.serves("a", onA.fileSystem()));
        assertSame(onB, s.tree(onB.id()), "the tree of b is untouched");
        assertEquals(1, opensIn(s, onB));
        assertSame(s, context.sessions().find(s.id()), "the session survives");
        assertEquals(SessionState.VALID, s.state());
    }

    @Test
    void aShareWhoseOtherSettingsChangedKeepsItsFileSystemAndItsTrees() throws IOException {
        Session s = session("alice");
        TreeConnect onA = connect(s, "a");
        var before = context.share("a");
        ShareConfig restricted = new ShareConfig("a", a, false, "now for bob", true, false, null, List.of("bob"),
                true);

        ReloadResult r = context.reload(base().share(restricted).share("b", b).build());

        assertEquals(List.of("a"), r.sharesChanged());
        assertEquals(List.of(), r.sharesRemoved());
        assertSame(before.fileSystem(), context.share("a").fileSystem(), "one open-file table for old and new trees");
        assertEquals(List.of("bob"), context.share("a").config().validUsers(), "new TREE_CONNECTs get the new rule");
        assertSame(onA, s.tree(onA.id()), "the existing tree keeps what it connected with");
        assertEquals(List.of(), onA.share().validUsers());
        assertTrue(context.serves("a", onA.fileSystem()));
    }

    @Test
    void aShareGivenAnotherDirectoryIsANewShareAndEndsTheOldTrees() throws IOException {
        Session s = session("alice");
        TreeConnect onA = connect(s, "a");
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));

        ReloadResult r = context.reload(base().share("a", elsewhere).share("b", b).build());

        assertEquals(List.of("a"), r.sharesRemoved());
        assertEquals(List.of("a"), r.sharesAdded());
        assertNull(s.tree(onA.id()));
        assertEquals(elsewhere.toRealPath(), context.share("a").fileSystem().root());
    }

    @Test
    void aShareMadeReadOnlyIsANewShareToo() throws IOException {
        Session s = session("alice");
        TreeConnect onA = connect(s, "a");
        ShareConfig readOnly = new ShareConfig("a", a, true, "", true, false, null, List.of(), true);

        context.reload(base().share(readOnly).share("b", b).build());

        assertNull(s.tree(onA.id()), "a writable tree must not outlive the share turning read-only");
        assertTrue(context.share("a").fileSystem().isReadOnly());
    }

    @Test
    void aRemovedUserLosesItsSessionsAndOthersKeepTheirs() throws IOException {
        Session alice = session("alice");
        Session bob = session("bob");
        TreeConnect bobsTree = connect(bob, "a");

        ReloadResult r = context.reload(ServerConfig.builder().port(0).user("alice", "pw-alice").share("a", a)
                .share("b", b).build());

        assertEquals(List.of("bob"), r.usersRemoved());
        assertEquals(1, r.sessionsEnded());
        assertNull(context.sessions().find(bob.id()), "bob's next request: STATUS_USER_SESSION_DELETED");
        assertEquals(SessionState.EXPIRED, bob.state());
        assertEquals(0, opensIn(bob, bobsTree));
        assertSame(alice, context.sessions().find(alice.id()));
        assertEquals(SessionState.VALID, alice.state());
        assertTrue(context.authenticator() != null && context.snapshot().users().find("bob").isEmpty());
    }

    @Test
    void aChangedPasswordKeepsTheSession() throws IOException {
        Session alice = session("alice");

        ReloadResult r = context.reload(ServerConfig.builder().port(0).user("alice", "new-password")
                .user("bob", "pw-bob").share("a", a).share("b", b).build());

        assertEquals(0, r.sessionsEnded());
        assertSame(alice, context.sessions().find(alice.id()));
    }

    @Test
    void aConfigurationThatCannotBeAppliedChangesNothing() {
        Session s = session("alice");
        TreeConnect onA = connect(s, "a");
        ConfigSnapshot before = context.snapshot();
        // Valid as a configuration, but its users file is missing: found only when applied.
        ServerConfig broken = base().share("b", b).usersFile(dir.resolve("no-such-users-file")).build();

        IOException e = assertThrows(IOException.class, () -> context.reload(broken));

        assertTrue(e.getMessage().contains("no-such-users-file"), e.getMessage());
        assertSame(before, context.snapshot(), "the old snapshot stays in force");
        assertNotNull(context.share("a"));
        assertSame(onA, s.tree(onA.id()));
    }

    @Test
    void restartOnlySettingsKeepTheirRunningValue() throws IOException {
        ReloadResult r = context.reload(base().share("a", a).share("b", b).port(4450)
                .limits(context.config().limits().withMaxConnections(7)).build());

        assertEquals(List.of("port", "max connections"), r.restartOnly());
        assertEquals(0, context.config().port());
        assertEquals(context.config().limits().maxConnections(),
                ServerConfig.builder().build().limits().maxConnections());
    }

    @Test
    void eachReloadPutsInForceOneNewSnapshotAndLeavesTheOldOneWhole() throws IOException {
        ConfigSnapshot before = context.snapshot();

        context.reload(ServerConfig.builder().port(0).user("carol", "pw").share("b", b).build());

        ConfigSnapshot after = context.snapshot();
        assertNotSame(before, after);
        assertNotNull(before.share("a"), "a request holding the old snapshot sees all of it");
        assertTrue(before.users().find("alice").isPresent());
        assertNull(after.share("a"));
        assertTrue(after.users().find("carol").isPresent());
        assertTrue(after.users().find("alice").isEmpty());
        assertSame(after.config(), context.config());
    }
}

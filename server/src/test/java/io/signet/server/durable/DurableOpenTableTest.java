package io.signet.server.durable;

import java.util.List;
import io.signet.auth.UserKind;
import io.signet.auth.AuthenticatedUser;
import static io.signet.server.durable.DurableFixture.ALICE;
import static io.signet.server.durable.DurableFixture.BOB;
import static io.signet.server.durable.DurableFixture.CLIENT;
import static io.signet.server.durable.DurableFixture.CREATE;
import static io.signet.server.durable.DurableFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.config.Limits;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.DurableHandleReconnect;
import io.signet.protocol.smb2.message.DurableHandleReconnectV2;
import io.signet.protocol.smb2.message.DurableHandleRequestV2;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.oplock.CachingTable;
import io.signet.server.session.Session;
import io.signet.server.tree.Open;
import io.signet.server.tree.TreeConnect;
import io.signet.storage.ShareFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may take back a durable open kept for a disconnected client ([MS-SMB2] 3.3.5.9.7, 3.3.5.9.12), and what keeps
 * it ([MS-SMB2] 3.3.7.1), on the table itself: real files, sessions and caching table, no connection.
 */
class DurableOpenTableTest {

    @TempDir
    Path root;

    private final CachingTable caching = new CachingTable(Duration.ofSeconds(35), 100, 100);
    private Limits limits = Limits.DEFAULT;
    private final DurableOpenTable table = new DurableOpenTable(() -> limits, caching);
    private final DurableFixture fixture = new DurableFixture(caching);
    private ShareFileSystem fs;

    @BeforeEach
    void share() throws IOException {
        fs = new ShareFileSystem(Files.createDirectory(root.resolve("data")), false);
    }

    @AfterEach
    void stop() {
        table.close();
    }

    private static TreeConnect tree(Session s, String share, ShareFileSystem on) {
        return s.addTree(id -> new TreeConnect(id, share, null, on, 0x001F01FF, false));
    }

    /** A batch-oplock open of {@code name} made durable (v2, CREATE) in {@code s}, then its session lost. */
    private Open keptOpen(Session s, String name) {
        TreeConnect tree = tree(s, "data", fs);
        Open open = fixture.holdingBatch(new Open(s.nextFileId(), tree, fs.create(name, CreateDisposition.OPEN_IF, 0,
                0x0012019F, 0).handle(), 0), fs);
        assertTrue(table.grant(v2Request(), open, s, CLIENT, true).isPresent());
        s.addOpen(open);
        s.close(true);
        assertEquals(1, table.disconnectedCount(), "kept for its client");
        return open;
    }

    @Test
    void onlyTheOwnersReconnectNamingTheCreateGuidOnTheSameShareTakesItBack() throws IOException {
        Open kept = keptOpen(fixture.session(ALICE), "ledger.txt");
        FileId id = kept.fileId();

        Session mallory = fixture.session(BOB);
        assertNotFound(() -> reconnect(v2Reconnect(id, CREATE), mallory, tree(mallory, "data", fs)));
        assertNotFound(() -> reconnect(v1Reconnect(id), mallory, tree(mallory, "data", fs)));
        Session alice = fixture.session(ALICE);
        assertNotFound(() -> reconnect(v2Reconnect(id, new CreateGuid(1, 1)), alice, tree(alice, "data", fs)));
        assertNotFound(() -> reconnect(v2Reconnect(new FileId(id.persistent() + 1, 1), CREATE), alice,
                tree(alice, "data", fs)));
        ShareFileSystem otherShare = new ShareFileSystem(Files.createDirectory(root.resolve("other")), false);
        assertNotFound(() -> reconnect(v2Reconnect(id, CREATE), alice, tree(alice, "other", otherShare)));
        assertEquals(1, table.disconnectedCount(), "the refused reconnects left it kept");

        assertSame(kept, reconnect(v1Reconnect(id), alice, tree(alice, "DATA", fs)), "a DHnC may name it too");
        assertEquals(0, table.disconnectedCount());
        assertNotFound(() -> reconnect(v1Reconnect(id), alice, tree(alice, "data", fs)));
    }

    @Test
    void aBreakNoChannelCarriesClosesTheKeptOpenAndReleasesTheFile() {
        Open kept = keptOpen(fixture.session(ALICE), "held.txt");
        CachingTable.Key key = kept.oplockKey();
        assertEquals(null, caching.breakForOpen(key, new CachingTable.Intent(0x0012019F, false, null, null), false,
                true), "nobody can acknowledge it: nothing to wait for");
        assertEquals(0, table.size(), "closed");
        Session alice = fixture.session(ALICE);
        assertNotFound(() -> reconnect(v1Reconnect(kept.fileId()), alice, tree(alice, "data", fs)));
    }

    @Test
    void pastMaxDurableOpensAnOpenIsNotMadeDurable() {
        limits = limits.withMaxDurableOpens(1);
        keptOpen(fixture.session(ALICE), "one.txt");
        Session s = fixture.session(ALICE);
        Open second = new Open(s.nextFileId(), tree(s, "data", fs),
                fs.create("two.txt", CreateDisposition.OPEN_IF, 0, 0x0012019F, 0).handle(), 0);
        assertTrue(table.grant(v2Request(), second, s, CLIENT, true).isEmpty());
        second.closeQuietly();
    }

    @Test
    void anAccountAtItsCapLeavesTheOthersTheirDurableOpens() {
        limits = limits.withMaxDurableOpensPerUser(2);
        Session alice = fixture.session(ALICE);
        Open first = batchOpen(alice, "a1.txt");
        assertTrue(table.grant(v2Request(), first, alice, CLIENT, true).isPresent());
        Open second = batchOpen(alice, "a2.txt");
        assertTrue(table.grant(v2Request(), second, alice, CLIENT, true).isPresent());
        Session aliceAgain = fixture.session(new AuthenticatedUser("ALICE", "signet", UserKind.USER));
        Open third = batchOpen(aliceAgain, "a3.txt");
        assertTrue(table.grant(v2Request(), third, aliceAgain, CLIENT, true).isEmpty(),
                "the same account in another session and case is at its cap: a plain open");

        Session bob = fixture.session(BOB);
        Open bobs = batchOpen(bob, "b1.txt");
        assertTrue(table.grant(v2Request(), bobs, bob, CLIENT, true).isPresent(), "another account is served");
        assertEquals(3, table.size());

        first.closeQuietly();
        Open fourth = batchOpen(alice, "a4.txt");
        assertTrue(table.grant(v2Request(), fourth, alice, CLIENT, true).isPresent(), "a closed one gave back its place");
        List.of(second, third, bobs, fourth).forEach(Open::closeQuietly);
        assertEquals(0, table.size());
    }

    /** A file opened in {@code s} on the share, holding a batch oplock. */
    private Open batchOpen(Session s, String name) {
        return fixture.holdingBatch(new Open(s.nextFileId(), tree(s, "data", fs), fs.create(name,
                CreateDisposition.OPEN_IF, 0, 0x0012019F, 0).handle(), 0), fs);
    }

    /** A reconnect from a client with the owner's ClientGuid, naming no lease (the name counts for leases only). */
    private Open reconnect(DurableRequest req, Session session, TreeConnect tree) {
        return table.reconnect(req, session, tree, CLIENT, "some\\other-name.txt", null, false);
    }

    private static void assertNotFound(Runnable reconnect) {
        SmbException e = assertThrows(SmbException.class, reconnect::run);
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, e.status());
    }

    private static DurableRequest v2Request() {
        return DurableRequest.of(request(new DurableHandleRequestV2(0, 0, CREATE).toContext()));
    }

    private static DurableRequest v2Reconnect(FileId id, CreateGuid guid) {
        return DurableRequest.of(request(new DurableHandleReconnectV2(id, guid, 0).toContext()));
    }

    private static DurableRequest v1Reconnect(FileId id) {
        return DurableRequest.of(request(new DurableHandleReconnect(id).toContext()));
    }
}

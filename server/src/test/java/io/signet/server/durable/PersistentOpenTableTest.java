package io.signet.server.durable;

import static io.signet.server.durable.DurableFixture.ALICE;
import static io.signet.server.durable.DurableFixture.BOB;
import static io.signet.server.durable.DurableFixture.CLIENT;
import static io.signet.server.durable.DurableFixture.CREATE;
import static io.signet.server.durable.DurableFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.signet.config.Limits;
import io.signet.config.ShareConfig;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.DurableHandleReconnectV2;
import io.signet.protocol.smb2.message.DurableHandleRequestV2;
import io.signet.protocol.smb2.message.DurableHandleResponseV2;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.oplock.CachingTable;
import io.signet.server.session.Session;
import io.signet.server.tree.Open;
import io.signet.server.tree.TreeConnect;
import io.signet.storage.ShareFileSystem;
import io.signet.storage.create.FileAccessCheck;
import io.signet.storage.lock.ByteRangeLocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent opens on the table and the store ([MS-SMB2] 3.3.5.9.10 Open.IsPersistent): granted only on a
 * continuously available share to a connection that negotiated persistent handles, recorded before the response,
 * removed when closed, kept when the server stops, and restored by a new table as opens kept for their client.
 */
class PersistentOpenTableTest {
    private static final Duration MAX = Duration.ofSeconds(300);

    @TempDir
    Path root;

    private final CachingTable caching = new CachingTable(Duration.ofSeconds(35), 100, 100);
    private PersistentOpenStore store;
    private DurableOpenTable table;
    private Limits limits = Limits.DEFAULT;
    private ShareFileSystem fs;
    private ShareConfig ca;
    private final DurableFixture fixture = new DurableFixture(caching);

    @BeforeEach
    void share() throws IOException {
        Path data = Files.createDirectory(root.resolve("data"));
        fs = new ShareFileSystem(data, false);
        ca = ShareConfig.of("data", data).withContinuousAvailability(true);
        store = new PersistentOpenStore(root.resolve("state"), 100);
        table = new DurableOpenTable(() -> limits, caching, store);
    }

    @AfterEach
    void stop() {
        table.close();
    }

    @Test
    void aPersistentRequestOnACaShareIsRecordedAndItsCloseRemovesTheRecord() throws IOException {
        Session s = fixture.session(ALICE);
        Open open = batchOpen(s, ca, "a.txt");
        assertEquals(new DurableHandleResponseV2(60_000, DurableHandleRequestV2.FLAG_PERSISTENT),
                table.grant(persistentRequest(), open, s, CLIENT, true, true).orElseThrow());
        List<PersistedOpen> records = store.load(MAX);
        assertEquals(1, records.size());
        assertEquals(open.fileId().persistent(), records.get(0).state().persistentId());
        assertEquals(OplockLevel.BATCH, records.get(0).oplock());
        open.close();
        assertEquals(List.of(), store.load(MAX));
    }

    @Test
    void noPersistenceWithoutTheCapabilityOrOnAShareThatIsNotContinuouslyAvailable() throws IOException {
        Session s = fixture.session(ALICE);
        assertEquals(new DurableHandleResponseV2(60_000, 0),
                table.grant(persistentRequest(), batchOpen(s, ca, "a.txt"), s, CLIENT, true, false).orElseThrow());
        ShareConfig plain = ca.withContinuousAvailability(false);
        assertEquals(new DurableHandleResponseV2(60_000, 0),
                table.grant(persistentRequest(), batchOpen(s, plain, "b.txt"), s, CLIENT, true, true).orElseThrow());
        assertEquals(List.of(), store.load(MAX));
        assertEquals(false, Files.exists(root.resolve("state").resolve("persistent")), "nothing written");
    }

    @Test
    void aChangeOfCachingIsWrittenAndABreakWithNoChannelLeavesThePersistentOpen() throws IOException {
        Session s = fixture.session(ALICE);
        Open open = batchOpen(s, ca, "a.txt");
        table.grant(persistentRequest(), open, s, CLIENT, true, true).orElseThrow();
        s.addOpen(open);
        s.close(true);
        assertEquals(OplockLevel.BATCH, store.load(MAX).get(0).oplock());
        caching.breakFor(open.oplockKey()); // another client's open: no channel carries the break
        assertEquals(1, table.disconnectedCount(), "the persistent open stays for its client");
        table.cachingChanged(open.oplockKey());
        assertEquals(OplockLevel.II, store.load(MAX).get(0).oplock(), "a restart gives back what is held now");
    }

    @Test
    void pastMaxDurableOpensNoRecordIsLeftBehind() throws IOException {
        limits = limits.withMaxDurableOpens(1);
        Session s = fixture.session(ALICE);
        table.grant(persistentRequest(), batchOpen(s, ca, "a.txt"), s, CLIENT, true, true).orElseThrow();
        assertEquals(true, table.grant(new DurableRequest(DurableRequest.Kind.REQUEST_V2, null, new CreateGuid(6, 6),
                0, null, true), batchOpen(s, ca, "b.txt"), s, CLIENT, true, true).isEmpty());
        assertEquals(1, store.load(MAX).size(), "the refused open's record is gone");
    }

    @Test
    void aPersistentOpenNeedsNoCachingAndIsKeptForItsClientWithoutIt() {
        Session s = fixture.session(ALICE);
        Open open = uncachedOpen(s, ca, "n.txt");
        assertEquals(new DurableHandleResponseV2(60_000, DurableHandleRequestV2.FLAG_PERSISTENT),
                table.grant(persistentRequest(), open, s, CLIENT, false, true).orElseThrow());
        Open plain = uncachedOpen(s, ca.withContinuousAvailability(false), "m.txt");
        assertEquals(true, table.grant(persistentRequest(), plain, s, CLIENT, false, true).isEmpty(),
                "without continuous availability an open without handle caching is not even durable");
        s.addOpen(open);
        s.addOpen(plain);
        s.close(true);
        assertEquals(1, table.disconnectedCount(), "the persistent open is kept");
    }

    @Test
    void aStoppedServersOpenIsRestoredForItsOwnerOnlyAndARecordWithoutItsFileIsDropped() throws IOException {
        Session s = fixture.session(ALICE);
        Open open = batchOpen(s, ca, "kept.txt");
        table.grant(persistentRequest(), open, s, CLIENT, true, true).orElseThrow();
        s.addOpen(open);
        Open gone = batchOpen(s, ca, "gone.txt");
        table.grant(new DurableRequest(DurableRequest.Kind.REQUEST_V2, null, new CreateGuid(5, 5), 0, null, true),
                gone, s, CLIENT, true, true).orElseThrow();
        s.addOpen(gone);
        s.close(true);
        table.close(); // the server stops: its records stay
        caching.release(open.oplockKey(), open); // the process is gone, and its caching with it
        caching.release(gone.oplockKey(), gone);
        assertEquals(2, store.load(MAX).size());
        Files.delete(root.resolve("data").resolve("gone.txt"));

        CachingTable nextCaching = new CachingTable(Duration.ofSeconds(35), 100, 100);
        table = new DurableOpenTable(() -> Limits.DEFAULT, nextCaching, store);
        assertEquals(1, PersistentOpenRestore.restore(table, nextCaching, new ByteRangeLocks(),
                name -> name.equalsIgnoreCase("data") ? new PersistentOpenRestore.ShareTarget(ca, fs, 0x001F01FF)
                        : null, (user, share) -> FileAccessCheck.unrestricted(), MAX));
        assertEquals(1, table.disconnectedCount());
        assertEquals(1, store.load(MAX).size(), "the record without its file is removed");

        FileId id = open.fileId();
        Session bob = fixture.session(BOB);
        SmbException refused = assertThrows(SmbException.class,
                () -> table.reconnect(v2Reconnect(id), bob, tree(bob, ca), CLIENT, "kept.txt", null, true));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, refused.status());
        Session alice = fixture.session(ALICE);
        SmbException unflagged = assertThrows(SmbException.class, () -> table.reconnect(
                DurableRequest.of(request(new DurableHandleReconnectV2(id, CREATE, 0).toContext())), alice,
                tree(alice, ca), CLIENT, "kept.txt", null, true));
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, unflagged.status(), "3.3.5.9.12: the flag is needed");
        Open back = table.reconnect(v2Reconnect(id), alice, tree(alice, ca), CLIENT, "kept.txt", null, true);
        assertEquals(id.persistent(), back.fileId().persistent());
        assertEquals("kept.txt", back.handle().smbPath());
        assertEquals(OplockLevel.BATCH, nextCaching.holding(back.oplockKey(), back).oplock());
        back.close();
        assertEquals(List.of(), store.load(MAX));
    }

    /**
     * The state directory is the server's own, but a record is still read as untrusted: one whose path leads out of
     * its share (a parent step in either separator, an absolute path, a symbolic link to the outside) or names a share
     * that is not continuously available is dropped and its file removed, and the startup goes on.
     */
    @Test
    void aRecordNamingAFileOutsideItsShareIsDroppedAndTheStartGoesOn() throws IOException {
        Path outside = Files.writeString(root.resolve("outside.txt"), "secret");
        Files.createSymbolicLink(root.resolve("data").resolve("link"), root);
        Files.writeString(root.resolve("data").resolve("inside.txt"), "x");
        ShareFileSystem plainFs = new ShareFileSystem(root.resolve("data"), false);
        ShareConfig plain = ShareConfig.of("plain", root.resolve("data"));
        List<String> paths = List.of("..\\outside.txt", "../outside.txt", "\\..\\outside.txt", outside.toString(),
                "link\\outside.txt", "link/outside.txt", "inside.txt\\..\\..\\outside.txt");
        long id = 0x100;
        for (String path : paths) {
            store.write(record(id++, "data", path));
        }
        store.write(record(id++, "plain", "inside.txt")); // a share that is not continuously available
        table.close();
        CachingTable nextCaching = new CachingTable(Duration.ofSeconds(35), 100, 100);
        table = new DurableOpenTable(() -> Limits.DEFAULT, nextCaching, store);
        assertEquals(0, PersistentOpenRestore.restore(table, nextCaching, new ByteRangeLocks(), name ->
                name.equalsIgnoreCase("data") ? new PersistentOpenRestore.ShareTarget(ca, fs, 0x001F01FF)
                        : name.equalsIgnoreCase("plain") ? new PersistentOpenRestore.ShareTarget(plain, plainFs,
                                0x001F01FF) : null, (user, share) -> FileAccessCheck.unrestricted(), MAX));
        assertEquals(0, table.size());
        assertEquals(List.of(), store.load(MAX), "every refused record is removed");
        assertEquals("secret", Files.readString(outside));
    }

    private static PersistedOpen record(long persistentId, String share, String path) {
        DurableState state = new DurableState(persistentId, DurableState.Version.V2, CREATE, CLIENT, "alice",
                "SIGNET", share, path, Duration.ofSeconds(60), null, true);
        return new PersistedOpen(state, 0x0012019F, 7, 0x40, OplockLevel.NONE, null); // read/write, NON_DIRECTORY
    }

    @Test
    void aPersistentReconnectNamingNoOpenByFileIdFindsItByTheClientsCreateGuid() {
        Session s = fixture.session(ALICE);
        Open open = batchOpen(s, ca, "kept.txt");
        table.grant(persistentRequest(), open, s, CLIENT, true, true).orElseThrow();
        s.addOpen(open);
        s.close(true);
        FileId other = new FileId(open.fileId().persistent() + 1, 7); // as a client that lost the FileId sends it

        Session alice = fixture.session(ALICE);
        assertNotFound(() -> table.reconnect(v2Reconnect(other), alice, tree(alice, ca), CLIENT, "kept.txt", null,
                false), "without SMB2_GLOBAL_CAP_PERSISTENT_HANDLES");
        assertNotFound(() -> table.reconnect(v2Reconnect(other), alice, tree(alice, ca.withContinuousAvailability(
                false)), CLIENT, "kept.txt", null, true), "on a share that is not continuously available");
        assertNotFound(() -> table.reconnect(DurableRequest.of(request(new DurableHandleReconnectV2(other, CREATE, 0)
                .toContext())), alice, tree(alice, ca), CLIENT, "kept.txt", null, true), "without the flag");
        assertNotFound(() -> table.reconnect(v2Reconnect(other), alice, tree(alice, ca), new CreateGuid(99, 99),
                "kept.txt", null, true), "the same CreateGuid from another client");
        Session bob = fixture.session(BOB);
        assertNotFound(() -> table.reconnect(v2Reconnect(other), bob, tree(bob, ca), CLIENT, "kept.txt", null, true),
                "another account naming the owner's GUIDs");
        assertEquals(1, table.disconnectedCount(), "the refusals left it kept");

        Open back = table.reconnect(v2Reconnect(other), alice, tree(alice, ca), CLIENT, "kept.txt", null, true);
        assertEquals(open.fileId().persistent(), back.fileId().persistent(), "the open, under its own FileId");
        assertEquals(0, table.disconnectedCount());
        back.close();
    }

    private static void assertNotFound(Runnable reconnect, String why) {
        SmbException e = assertThrows(SmbException.class, reconnect::run, why);
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, e.status(), why);
    }

    private TreeConnect tree(Session s, ShareConfig share) {
        return s.addTree(id -> new TreeConnect(id, share.name(), share, fs, 0x001F01FF, false));
    }

    private Open batchOpen(Session s, ShareConfig share, String name) {
        return fixture.holdingBatch(new Open(s.nextFileId(), tree(s, share), fs.create(name,
                CreateDisposition.OPEN_IF, 0, 0x0012019F, 0).handle(), 0), fs);
    }

    private Open uncachedOpen(Session s, ShareConfig share, String name) {
        Open open = new Open(s.nextFileId(), tree(s, share), fs.create(name, CreateDisposition.OPEN_IF, 0,
                0x0012019F, 0).handle(), 0);
        open.oplockKey(new CachingTable.Key(fs, open.handle().fileKey()));
        return open;
    }

    private static DurableRequest persistentRequest() {
        return DurableRequest.of(request(new DurableHandleRequestV2(0, DurableHandleRequestV2.FLAG_PERSISTENT,
                CREATE).toContext()));
    }

    private static DurableRequest v2Reconnect(FileId id) {
        return DurableRequest.of(request(new DurableHandleReconnectV2(id, CREATE,
                DurableHandleRequestV2.FLAG_PERSISTENT).toContext()));
    }
}

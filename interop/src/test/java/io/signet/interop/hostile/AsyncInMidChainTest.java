package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.openRoot;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static io.signet.interop.hostile.LeaseSupport.RH;
import static io.signet.interop.hostile.LeaseSupport.create;
import static io.signet.interop.hostile.LeaseSupport.createMessage;
import static io.signet.interop.hostile.LeaseSupport.nextBreak;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawMessages;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.fscc.FileRenameInformation;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.LeaseState;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.ChangeNotifyRequest;
import io.signet.protocol.smb2.message.CloseRequest;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseBreakAck;
import io.signet.protocol.smb2.message.LeaseBreakNotification;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import io.signet.protocol.smb2.message.LockElement;
import io.signet.protocol.smb2.message.LockRequest;
import io.signet.protocol.smb2.message.QueryInfoRequest;
import io.signet.protocol.smb2.message.SetInfoRequest;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A request other than CREATE that would go asynchronous inside a compound chain ([MS-SMB2] 3.3.5.2.7: the server MAY
 * fail it; 3.3.4.2 interim responses): in the middle of the chain, Windows answers it STATUS_INTERNAL_ERROR and runs
 * the rest of the chain (smbtorture smb2.compound.interim2); as the last request it goes asynchronous as usual
 * (smb2.compound.interim1). A CHANGE_NOTIFY or blocking LOCK failed that way leaves nothing behind: a later change
 * sends no notify response, the open keeps no watch the failed NOTIFY started (its next NOTIFY waits instead of
 * reporting that change), the connection's async list has room, and the lock is not granted when its range is freed.
 */
class AsyncInMidChainTest extends HostileServer {
    private static final int STATUS_INTERNAL_ERROR = 0xC00000E5;
    private static final int GENERIC_READ_WRITE = 0x0012019F;
    private static final int FILE_BASIC_INFORMATION = 4;
    private static final int LIST_AND_READ_ATTRIBUTES = 0x00100081;
    private static final int CHANGE_FILE_NAME = ChangeNotifyRequest.FILE_NOTIFY_CHANGE_FILE_NAME;

    // --- CHANGE_NOTIFY ---------------------------------------------------------------------------------------------

    @Test
    void aNotifyInTheMiddleOfARelatedChainFailsAndTheChainGoesOn() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            // CREATE a directory + NOTIFY + QUERY_INFO on FileId ANY: smbtorture's smb2.compound.interim2.
            List<RawResponse> answers = chain(client, List.of(
                    message(client, Smb2Command.CREATE, tree, createDirectory("watched")),
                    related(message(client, Smb2Command.CHANGE_NOTIFY, tree, notify(FileId.ANY))),
                    related(message(client, Smb2Command.QUERY_INFO, tree, basicInfo(FileId.ANY)))));

            assertEquals(3, answers.size(), "all three answered in one frame: " + answers);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(0));
            assertStatus(STATUS_INTERNAL_ERROR, answers.get(1));
            assertSync(answers.get(1));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(2));
            FileId dir = CreateResponse.decode(answers.get(0).buf()).fileId();

            assertNoNotifyAfterAChange(client, tree, "watched\\new.txt");
            assertNoWatchLeft(client, tree, dir);
        }
    }

    @Test
    void aNotifyInTheMiddleOfAnUnrelatedChainFailsAndTheChainGoesOn() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            FileId root = openRoot(client, tree);
            List<RawResponse> answers = chain(client, List.of(
                    message(client, Smb2Command.CHANGE_NOTIFY, tree, notify(root)),
                    message(client, Smb2Command.QUERY_INFO, tree, basicInfo(root))));

            assertEquals(2, answers.size(), "both answered in one frame: " + answers);
            assertStatus(STATUS_INTERNAL_ERROR, answers.get(0));
            assertSync(answers.get(0));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(1));

            assertNoNotifyAfterAChange(client, tree, "new.txt");
            assertNoWatchLeft(client, tree, root);
        }
    }

    @Test
    void aNotifyAtTheEndOfARelatedChainGoesAsynchronous() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            List<RawResponse> answers = chain(client, List.of(
                    message(client, Smb2Command.CREATE, tree, createDirectory("watched")),
                    related(message(client, Smb2Command.CHANGE_NOTIFY, tree, notify(FileId.ANY)))));

            assertEquals(2, answers.size(), "the CREATE and the NOTIFY's interim response: " + answers);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(0));
            assertInterim(answers.get(1));

            assertNotifiedOfAChange(client, tree, "watched\\new.txt");
        }
    }

    @Test
    void aNotifyAtTheEndOfAnUnrelatedChainGoesAsynchronous() throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            FileId root = openRoot(client, tree);
            List<RawResponse> answers = chain(client, List.of(
                    message(client, Smb2Command.QUERY_INFO, tree, basicInfo(root)),
                    message(client, Smb2Command.CHANGE_NOTIFY, tree, notify(root))));

            assertEquals(2, answers.size(), answers.toString());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(0));
            assertInterim(answers.get(1));

            assertNotifiedOfAChange(client, tree, "new.txt");
        }
    }

    /**
     * With room for one asynchronous request per connection, two NOTIFYs withdrawn in the middle of chains leave that
     * room free: a NOTIFY sent alone still goes asynchronous instead of failing STATUS_INSUFFICIENT_RESOURCES.
     */
    @Test
    void aWithdrawnNotifyLeavesNothingOnTheConnectionsAsyncList() throws IOException {
        server.close();
        server = SignetServer.builder().share("data", share).user(VICTIM, VICTIM_PASSWORD).port(0)
                .bindAddress("127.0.0.1").limits(l -> l.withMaxAsyncRequestsPerConnection(1)).start();
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            FileId root = openRoot(client, tree);
            for (int i = 0; i < 2; i++) {
                List<RawResponse> answers = chain(client, List.of(
                        message(client, Smb2Command.CHANGE_NOTIFY, tree, notify(root)),
                        message(client, Smb2Command.ECHO, 0, body -> new EchoRequest().encode(body))));
                assertStatus(STATUS_INTERNAL_ERROR, answers.get(0));
            }
            assertNoWatchLeft(client, tree, root);
        }
    }

    /**
     * A NOTIFY in the middle fails before it is parked, not from the connection's full async list: with its one
     * asynchronous place held by another NOTIFY it is still STATUS_INTERNAL_ERROR, and the watch its poll started is
     * gone with it (the next NOTIFY on the directory waits rather than reporting a change made since).
     */
    @Test
    void aNotifyInTheMiddleFailsBeforeItIsParkedAndLeavesNoWatch() throws IOException {
        server.close();
        server = SignetServer.builder().share("data", share).user(VICTIM, VICTIM_PASSWORD).port(0)
                .bindAddress("127.0.0.1").limits(l -> l.withMaxAsyncRequestsPerConnection(1)).start();
        try (RawSmb2Client client = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int tree = treeConnect(client, "data");
            FileId root = openRoot(client, tree);
            RawResponse made = client.call(Smb2Command.CREATE.code(), tree, createDirectory("watched"));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, made);
            FileId dir = CreateResponse.decode(made.buf()).fileId();
            long parked = client.nextMessageId();
            client.send(client.sign(message(client, Smb2Command.CHANGE_NOTIFY, tree, notify(root))));
            assertInterim(client.receiveCompound().get(0)); // the connection's one asynchronous place

            List<RawResponse> answers = chain(client, List.of(
                    message(client, Smb2Command.CHANGE_NOTIFY, tree, notify(dir)),
                    message(client, Smb2Command.ECHO, 0, body -> new EchoRequest().encode(body))));
            assertEquals(2, answers.size(), answers.toString());
            assertStatus(STATUS_INTERNAL_ERROR, answers.get(0));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(1));

            ByteBuf cancel = client.newRequest(Smb2Command.CANCEL.code(), tree, parked);
            cancel.writeShortLE(4); // StructureSize
            cancel.writeShortLE(0); // Reserved
            client.send(client.sign(cancel));
            RawResponse cancelled = client.receive();
            assertEquals(Smb2Command.CHANGE_NOTIFY.code(), cancelled.header().commandCode());
            assertStatus(HostileSupport.STATUS_CANCELLED, cancelled);

            client.send(client.sign(message(client, Smb2Command.CREATE, tree,
                    RawMessages.createNewFile("watched\\new.txt"))));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, client.receive());
            assertNoWatchLeft(client, tree, dir);
        }
    }

    // --- blocking LOCK ---------------------------------------------------------------------------------------------

    @Test
    void aBlockingLockInTheMiddleOfARelatedChainFailsAndIsNeverGranted() throws IOException {
        try (RawSmb2Client holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client waiter = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeW = treeConnect(waiter, "data");
            FileId held = open(holder, treeH);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(holder, treeH, held, immediate()));

            // CREATE + blocking LOCK + QUERY_INFO on FileId ANY.
            List<RawResponse> answers = chain(waiter, List.of(
                    message(waiter, Smb2Command.CREATE, treeW, openFile()),
                    related(message(waiter, Smb2Command.LOCK, treeW, lockBody(FileId.ANY, blocking()))),
                    related(message(waiter, Smb2Command.QUERY_INFO, treeW, basicInfo(FileId.ANY)))));

            assertEquals(3, answers.size(), "all three answered in one frame: " + answers);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(0));
            assertStatus(STATUS_INTERNAL_ERROR, answers.get(1));
            assertSync(answers.get(1));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(2));

            assertLockNeverGranted(holder, treeH, held, waiter);
        }
    }

    @Test
    void aBlockingLockInTheMiddleOfAnUnrelatedChainFailsAndIsNeverGranted() throws IOException {
        try (RawSmb2Client holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client waiter = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeW = treeConnect(waiter, "data");
            FileId held = open(holder, treeH);
            FileId wanted = open(waiter, treeW);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(holder, treeH, held, immediate()));

            List<RawResponse> answers = chain(waiter, List.of(
                    message(waiter, Smb2Command.LOCK, treeW, lockBody(wanted, blocking())),
                    message(waiter, Smb2Command.ECHO, 0, body -> new EchoRequest().encode(body))));

            assertEquals(2, answers.size(), "both answered in one frame: " + answers);
            assertStatus(STATUS_INTERNAL_ERROR, answers.get(0));
            assertSync(answers.get(0));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(1));

            assertLockNeverGranted(holder, treeH, held, waiter);
            // The waiter's open holds no lock either: it may take the range now.
            assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(waiter, treeW, wanted, immediate()));
        }
    }

    /**
     * The blocking LOCK in the middle is failed before it waits, not taken back after: with the connection's only
     * asynchronous place held by a NOTIFY it is still STATUS_INTERNAL_ERROR, as Windows answers it, rather than
     * STATUS_INSUFFICIENT_RESOURCES from a wait it was never to start. (A waiter registered and then taken back could
     * be granted in between by another connection's unlock, marking its LockSequence succeeded.)
     */
    @Test
    void aBlockingLockInTheMiddleFailsBeforeItWaits() throws IOException {
        server.close();
        server = SignetServer.builder().share("data", share).user(VICTIM, VICTIM_PASSWORD).port(0)
                .bindAddress("127.0.0.1").limits(l -> l.withMaxAsyncRequestsPerConnection(1)).start();
        try (RawSmb2Client holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client waiter = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeW = treeConnect(waiter, "data");
            FileId held = open(holder, treeH);
            FileId wanted = open(waiter, treeW);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(holder, treeH, held, immediate()));
            FileId root = openRoot(waiter, treeW);
            waiter.send(waiter.sign(message(waiter, Smb2Command.CHANGE_NOTIFY, treeW, notify(root))));
            assertInterim(waiter.receiveCompound().get(0)); // the connection's one asynchronous place

            List<RawResponse> answers = chain(waiter, List.of(
                    message(waiter, Smb2Command.LOCK, treeW, lockBody(wanted, blocking())),
                    message(waiter, Smb2Command.ECHO, 0, body -> new EchoRequest().encode(body))));
            assertEquals(2, answers.size(), answers.toString());
            assertStatus(STATUS_INTERNAL_ERROR, answers.get(0));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(1));
            assertLockNeverGranted(holder, treeH, held, waiter);
        }
    }

    @Test
    void aBlockingLockAtTheEndOfARelatedChainWaitsAndIsGranted() throws IOException {
        try (RawSmb2Client holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client waiter = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeW = treeConnect(waiter, "data");
            FileId held = open(holder, treeH);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(holder, treeH, held, immediate()));

            List<RawResponse> answers = chain(waiter, List.of(
                    message(waiter, Smb2Command.CREATE, treeW, openFile()),
                    related(message(waiter, Smb2Command.LOCK, treeW, lockBody(FileId.ANY, blocking())))));

            assertEquals(2, answers.size(), answers.toString());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(0));
            assertInterim(answers.get(1));

            assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(holder, treeH, held, unlock()));
            RawResponse granted = waiter.receive();
            assertEquals(Smb2Command.LOCK.code(), granted.header().commandCode());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, granted);
            assertStatus(0xC0000055, lock(holder, treeH, held, immediate())); // STATUS_LOCK_NOT_GRANTED: it is held
        }
    }

    @Test
    void aBlockingLockAtTheEndOfAnUnrelatedChainWaitsAndIsGranted() throws IOException {
        try (RawSmb2Client holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client waiter = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeW = treeConnect(waiter, "data");
            FileId held = open(holder, treeH);
            FileId wanted = open(waiter, treeW);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(holder, treeH, held, immediate()));

            List<RawResponse> answers = chain(waiter, List.of(
                    message(waiter, Smb2Command.ECHO, 0, body -> new EchoRequest().encode(body)),
                    message(waiter, Smb2Command.LOCK, treeW, lockBody(wanted, blocking()))));

            assertEquals(2, answers.size(), answers.toString());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, answers.get(0));
            assertInterim(answers.get(1));

            assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(holder, treeH, held, unlock()));
            RawResponse granted = waiter.receive();
            assertEquals(Smb2Command.LOCK.code(), granted.header().commandCode());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, granted);
        }
    }

    // --- SET_INFO waiting on a break ------------------------------------------------------------------------------

    /**
     * CREATE + SET_INFO (rename) + CLOSE, as clients rename a file, while another client caches the file's handle: the
     * rename waits for that lease to break ([MS-FSA] 2.1.5.14.11) and, like a CREATE waiting on a break, holds the
     * rest of the chain rather than failing: the CLOSE runs after the rename, on the renamed file.
     */
    @Test
    void aRenameWaitingOnABreakInTheMiddleHoldsTheRestOfTheChain() throws IOException {
        Files.writeString(share.resolve("cached.txt"), "x");
        LeaseKey key = new LeaseKey(0xCAC, 0xCAC);
        try (RawSmb2Client holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client renamer = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeR = treeConnect(renamer, "data");
            create(holder, treeH, "cached.txt", OplockLevel.LEASE.code(), LeaseContext.v2(key, RH, 0, LeaseKey.ZERO, 0),
                    0);

            List<RawResponse> first = chain(renamer, List.of(
                    createMessage(renamer, treeR, "cached.txt", OplockLevel.NONE.code(), null, 0),
                    related(message(renamer, Smb2Command.SET_INFO, treeR, rename("renamed.txt"))),
                    related(message(renamer, Smb2Command.CLOSE, treeR,
                            body -> new CloseRequest(0, FileId.ANY).encode(body)))));
            assertEquals(2, first.size(), "the CREATE and the rename's interim response: " + first);
            assertStatus(RawSmb2Client.STATUS_SUCCESS, first.get(0));
            assertInterim(first.get(1));

            LeaseBreakNotification n = LeaseBreakNotification.decode(nextBreak(holder).buf());
            assertEquals(LeaseState.READ, n.newState(), "the handle caching goes");
            assertStatus(RawSmb2Client.STATUS_SUCCESS, holder.call(Smb2Command.OPLOCK_BREAK.code(), treeH,
                    body -> new LeaseBreakAck(0, key, LeaseState.READ, 0).encode(body)));
            RawResponse renamed = renamer.receive();
            assertEquals(Smb2Command.SET_INFO.code(), renamed.header().commandCode());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, renamed);
            RawResponse closed = renamer.receive();
            assertEquals(Smb2Command.CLOSE.code(), closed.header().commandCode(), "the CLOSE comes after the rename");
            assertStatus(RawSmb2Client.STATUS_SUCCESS, closed);
            assertTrue(Files.exists(share.resolve("renamed.txt")), "renamed");
        }
    }

    private static Consumer<ByteBuf> rename(String to) {
        return body -> {
            ByteBuf info = Unpooled.buffer();
            new FileRenameInformation(false, 0, to).encode(info);
            new SetInfoRequest(QueryInfoRequest.INFO_FILE, 10, 0, FileId.ANY, info).encode(body);
            info.release();
        };
    }

    // --- what remains ----------------------------------------------------------------------------------------------

    /**
     * A file created under the watched directory through the same connection: a parked NOTIFY would be answered
     * while the CREATE runs, before its response. Then an ECHO: it and the CREATE are all that come back.
     */
    private static void assertNoNotifyAfterAChange(RawSmb2Client client, int tree, String name) throws IOException {
        List<RawResponse> after = changeThenEcho(client, tree, name);
        assertEquals(List.of(Smb2Command.CREATE.code(), Smb2Command.ECHO.code()), commands(after),
                "no CHANGE_NOTIFY response may follow a change: " + after);
        assertStatus(RawSmb2Client.STATUS_SUCCESS, after.get(0));
    }

    /**
     * The withdrawn request started no watch on the open: had it, the change just made would be queued there and the
     * next NOTIFY would answer it at once; it waits instead.
     */
    private static void assertNoWatchLeft(RawSmb2Client client, int tree, FileId dir) throws IOException {
        client.send(client.sign(message(client, Smb2Command.CHANGE_NOTIFY, tree, notify(dir))));
        List<RawResponse> alone = client.receiveCompound(); // receive() would skip an interim response
        assertEquals(1, alone.size());
        assertInterim(alone.get(0));
    }

    private static void assertNotifiedOfAChange(RawSmb2Client client, int tree, String name) throws IOException {
        List<RawResponse> after = new ArrayList<>(changeThenEcho(client, tree, name));
        after.add(client.receive());
        List<RawResponse> notified = after.stream()
                .filter(r -> r.header().commandCode() == Smb2Command.CHANGE_NOTIFY.code()).toList();
        assertEquals(1, notified.size(), "the parked NOTIFY answers the change: " + after);
        assertStatus(RawSmb2Client.STATUS_SUCCESS, notified.get(0));
        assertTrue(notified.get(0).header().hasFlag(Smb2Header.FLAG_ASYNC_COMMAND), "its final async response");
    }

    /** Sends CREATE of {@code name}, then ECHO, and returns the next two messages. */
    private static List<RawResponse> changeThenEcho(RawSmb2Client client, int tree, String name) throws IOException {
        client.send(client.sign(message(client, Smb2Command.CREATE, tree, RawMessages.createNewFile(name))));
        client.send(client.sign(message(client, Smb2Command.ECHO, 0, body -> new EchoRequest().encode(body))));
        return List.of(client.receive(), client.receive());
    }

    /**
     * The holder frees the range: a withdrawn lock that still waited would be granted now, inside the UNLOCK. The
     * holder can take the range again at once, and the waiter's next response is its ECHO's, not a LOCK's.
     */
    private static void assertLockNeverGranted(RawSmb2Client holder, int treeH, FileId held, RawSmb2Client waiter)
            throws IOException {
        assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(holder, treeH, held, unlock()));
        assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(holder, treeH, held, immediate()));
        RawResponse next = waiter.call(Smb2Command.ECHO.code(), 0, body -> new EchoRequest().encode(body));
        assertEquals(Smb2Command.ECHO.code(), next.header().commandCode(), "no LOCK response may come: " + next);
        assertStatus(RawSmb2Client.STATUS_SUCCESS, lock(holder, treeH, held, unlock()));
    }

    // --- messages --------------------------------------------------------------------------------------------------

    private static List<RawResponse> chain(RawSmb2Client client, List<ByteBuf> messages) throws IOException {
        client.sendCompound(messages);
        return client.receiveCompound();
    }

    private static ByteBuf message(RawSmb2Client client, Smb2Command command, int tree, Consumer<ByteBuf> body) {
        ByteBuf m = client.newRequest(command.code(), tree);
        body.accept(m);
        return m;
    }

    private static ByteBuf related(ByteBuf message) {
        return RawMessages.related(message);
    }

    private static Consumer<ByteBuf> createDirectory(String name) {
        return body -> new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION,
                LIST_AND_READ_ATTRIBUTES, 0, allShares(), CreateDisposition.CREATE.code(), CreateOptions.DIRECTORY_FILE,
                name, List.of()).encode(body);
    }

    private static Consumer<ByteBuf> openFile() {
        return body -> new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION,
                GENERIC_READ_WRITE, 0, allShares(), CreateDisposition.OPEN_IF.code(), CreateOptions.NON_DIRECTORY_FILE,
                "locked.dat", List.of()).encode(body);
    }

    private static FileId open(RawSmb2Client client, int tree) throws IOException {
        RawResponse r = client.call(Smb2Command.CREATE.code(), tree, openFile());
        assertStatus(RawSmb2Client.STATUS_SUCCESS, r);
        return CreateResponse.decode(r.buf()).fileId();
    }

    private static Consumer<ByteBuf> notify(FileId dir) {
        return body -> new ChangeNotifyRequest(0, 4096, dir, CHANGE_FILE_NAME).encode(body);
    }

    private static Consumer<ByteBuf> basicInfo(FileId file) {
        return body -> new QueryInfoRequest(QueryInfoRequest.INFO_FILE, FILE_BASIC_INFORMATION, 4096, 0, 0, file,
                Unpooled.EMPTY_BUFFER).encode(body);
    }

    private static LockElement blocking() {
        return new LockElement(0, 10, LockElement.EXCLUSIVE_LOCK);
    }

    private static LockElement immediate() {
        return new LockElement(0, 10, LockElement.EXCLUSIVE_LOCK | LockElement.FAIL_IMMEDIATELY);
    }

    private static LockElement unlock() {
        return new LockElement(0, 10, LockElement.UNLOCK);
    }

    private static Consumer<ByteBuf> lockBody(FileId file, LockElement element) {
        return body -> new LockRequest(0, file, List.of(element)).encode(body);
    }

    private static RawResponse lock(RawSmb2Client client, int tree, FileId file, LockElement element)
            throws IOException {
        return client.call(Smb2Command.LOCK.code(), tree, lockBody(file, element));
    }

    private static int allShares() {
        return ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE | ShareAccess.FILE_SHARE_DELETE;
    }

    private static List<Integer> commands(List<RawResponse> responses) {
        return responses.stream().map(r -> r.header().commandCode()).toList();
    }

    private static void assertSync(RawResponse r) {
        assertTrue(!r.header().hasFlag(Smb2Header.FLAG_ASYNC_COMMAND), "answered without going asynchronous: " + r);
    }

    private static void assertInterim(RawResponse r) {
        assertStatus(RawSmb2Client.STATUS_PENDING, r);
        assertTrue(r.header().hasFlag(Smb2Header.FLAG_ASYNC_COMMAND), "an interim response: " + r);
    }
}

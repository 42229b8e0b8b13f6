package io.signet.interop;

import static io.signet.interop.raw.RawSmb2Client.STATUS_INVALID_PARAMETER;
import static io.signet.interop.raw.RawSmb2Client.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawMessages;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.fsctl.ZeroDataInformation;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.fsctl.CtlCode;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CancelRequest;
import io.signet.protocol.fscc.FileNotifyInformation;
import io.signet.protocol.smb2.message.ChangeNotifyRequest;
import io.signet.protocol.smb2.message.ChangeNotifyResponse;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.EchoRequest;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.smb2.message.LockElement;
import io.signet.protocol.smb2.message.LockRequest;
import io.signet.protocol.smb2.message.ReadRequest;
import io.signet.protocol.smb2.message.ReadResponse;
import io.signet.server.SignetServer;
import io.signet.server.transport.FrameDecoder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One user cannot take the server from the others: requests that would make the server spend memory or time out of
 * proportion to what they cost the sender are refused, and the next request, of the same user or another, is
 * served. Raw requests against the real server, checked by what comes back, never by timing.
 */
class ResourceBoundsInteropTest {
    private static final int EIGHT_MIB = 8 * 1024 * 1024;
    /** [MS-SMB2] 2.1: the Direct TCP length field has 24 bits. */
    private static final int MAX_FRAME = 0xFF_FFFF;
    private static final int READS = 60;
    /** The server's bound on one connection's pending requests. */
    private static final int PENDING_PER_CONNECTION = 512;
    private static final int STATUS_PENDING = 0x00000103;
    private static final int STATUS_INSUFFICIENT_RESOURCES = 0xC000009A;
    private static final int STATUS_CANCELLED = 0xC0000120;

    @TempDir
    Path share;
    @TempDir
    Path state;

    private SignetServer server;
    private final List<RawSmb2Client> clients = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = SignetServer.builder().share("data", share).user("alice", "secret")
                .port(0).bindAddress("127.0.0.1").stateDir(state).start();
    }

    @AfterEach
    void stopServer() throws IOException {
        for (RawSmb2Client c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * 60 READs of 8 MiB (a credit charge of 7,680, within the 8,192-credit window) cost the sender about 7 KB;
     * answered in full they would make a 480 MiB frame, which a Direct TCP header cannot even describe. The first READ that would take the responses past one frame, and every one
     * after it, fails with STATUS_INVALID_PARAMETER; the rest of the chain is still answered ([MS-SMB2] 3.3.5.2.7),
     * all of it in one frame that fits, and the connection goes on.
     */
    /**
     * A client with no account cannot make the server buffer a large partial frame: before a session is established
     * a frame header announcing more than {@link FrameDecoder#PRE_AUTH_MAX_FRAME_SIZE} bytes closes the connection
     * at once, while a logged-on client still sends 8 MiB frames (the compound test below).
     */
    @Test
    void aLargeFrameBeforeLogonClosesTheConnectionAtItsHeader() throws IOException {
        try (RawSmb2Client stranger = RawSmb2Client.connect(server.port())) {
            byte[] header = {0, 0x7F, 0, 0}; // 8,323,072 bytes announced, a few sent
            stranger.sendRaw(header);
            stranger.sendRaw(new byte[4096]);
            assertTrue(stranger.receiveUnlessClosed().isEmpty(), "the connection must be closed");
        }
        try (RawSmb2Client alice = RawSmb2Client.connect(server.port())) {
            alice.negotiate(Dialect.SMB3_1_1);
            assertEquals(RawSmb2Client.STATUS_SUCCESS, alice.sessionSetup("alice", "secret").status());
        }
    }

    @Test
    void aCompoundOfLargeReadsIsAnsweredWithinOneFrame() throws IOException {
        writeFile("big.bin", EIGHT_MIB);
        RawSmb2Client c = logOn();
        int tree = treeConnect(c);
        FileId file = open(c, tree, "big.bin");
        collectCredits(c, READS * 128 + 1);

        List<ByteBuf> chain = new ArrayList<>();
        for (int i = 0; i < READS; i++) {
            chain.add(read(c, tree, file, EIGHT_MIB));
        }
        chain.add(read(c, tree, file, 4096));
        c.sendCompound(chain);
        List<RawResponse> responses = c.receiveCompound();

        assertEquals(READS + 1, responses.size());
        int frame = responses.stream().mapToInt(r -> r.bytes().length).sum();
        assertTrue(frame <= MAX_FRAME, "a frame of " + frame + " bytes");
        assertEquals(STATUS_SUCCESS, responses.get(0).status(), responses.get(0).toString());
        assertEquals(EIGHT_MIB, ReadResponse.decode(responses.get(0).buf()).data().readableBytes());
        for (int i = 1; i < READS; i++) {
            assertEquals(STATUS_INVALID_PARAMETER, responses.get(i).status(), "READ " + i + ": " + responses.get(i));
            assertTrue(responses.get(i).signatureValid(), "READ " + i + " is answered like any request");
        }
        RawResponse last = responses.get(READS);
        assertEquals(STATUS_SUCCESS, last.status(), "the small READ after them still fits: " + last);
        assertEquals(4096, ReadResponse.decode(last.buf()).data().readableBytes());

        RawResponse echo = c.call(Smb2Command.ECHO.code(), 0, body -> new EchoRequest().encode(body));
        assertEquals(STATUS_SUCCESS, echo.status(), "the connection goes on");
    }

    /**
     * [MS-SMB2] allows 65,535 elements in one LOCK, each a conflict check against the file's locks. Like Samba, the
     * server takes at most 255: a request of 256 is refused before any element is applied, one of 255 is granted.
     */
    @Test
    void aLockOfMoreThanTwoHundredFiftyFiveElementsIsRefused() throws IOException {
        RawSmb2Client c = logOn();
        int tree = treeConnect(c);
        FileId file = create(c, tree, "locked.bin");

        RawResponse refused = c.call(Smb2Command.LOCK.code(), tree, locks(file, 0, 256));
        assertEquals(STATUS_INVALID_PARAMETER, refused.status(), refused.toString());

        RawResponse granted = c.call(Smb2Command.LOCK.code(), tree, locks(file, 0, 255));
        assertEquals(STATUS_SUCCESS, granted.status(), granted.toString());
        RawResponse none = c.call(Smb2Command.LOCK.code(), tree, locks(file, 255, 1));
        assertEquals(STATUS_SUCCESS, none.status(), "the refused request left no lock behind: " + none);
    }

    /**
     * Every pending CHANGE_NOTIFY is held by the server until something changes; one connection keeps at most 512
     * requests pending, and the next is refused with STATUS_INSUFFICIENT_RESOURCES ([MS-SMB2] 3.3.4.2). Another user's
     * watch on the same directory is still taken, and completed by a change.
     */
    @Test
    void pendingRequestsOfOneConnectionAreBoundedAndOthersStillWatch() throws IOException {
        RawSmb2Client c = logOn();
        int tree = treeConnect(c);
        FileId dir = createWith(c, tree, "watched", CreateDisposition.CREATE.code(), CreateOptions.DIRECTORY_FILE);
        for (int i = 0; i < PENDING_PER_CONNECTION; i++) {
            c.send(c.sign(changeNotify(c, tree, dir)));
            RawResponse interim = c.receiveCompound().get(0);
            assertEquals(STATUS_PENDING, interim.status(), "CHANGE_NOTIFY " + i + ": " + interim);
        }
        c.send(c.sign(changeNotify(c, tree, dir)));
        RawResponse refused = c.receiveCompound().get(0);
        assertEquals(STATUS_INSUFFICIENT_RESOURCES, refused.status(), refused.toString());
        RawResponse echo = c.call(Smb2Command.ECHO.code(), 0, body -> new EchoRequest().encode(body));
        assertEquals(STATUS_SUCCESS, echo.status(), "the connection goes on");

        RawSmb2Client other = logOn();
        int otherTree = treeConnect(other);
        FileId otherDir = createWith(other, otherTree, "watched", CreateDisposition.OPEN.code(),
                CreateOptions.DIRECTORY_FILE);
        other.send(other.sign(changeNotify(other, otherTree, otherDir)));
        assertEquals(STATUS_PENDING, other.receiveCompound().get(0).status(), "another user's watch is taken");
        other.send(other.sign(createRequest(other, otherTree, "watched\\new.txt")));
        Map<Integer, RawResponse> byCommand = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            RawResponse r = other.receiveCompound().get(0);
            byCommand.put(r.header().commandCode(), r);
        }
        assertEquals(STATUS_SUCCESS, byCommand.get(Smb2Command.CREATE.code()).status(), byCommand.toString());
        assertEquals(List.of(new FileNotifyInformation(FileNotifyInformation.FILE_ACTION_ADDED, "new.txt")),
                changes(byCommand.get(Smb2Command.CHANGE_NOTIFY.code())), "the completed watch");
    }

    /**
     * Zeroing 4 GiB reads all of it (java.nio cannot find holes), which takes seconds: it must not hold the thread
     * other connections are served on. It goes asynchronous, STATUS_PENDING first, and proceeds in steps queued behind
     * other work, so an ECHO sent after the interim response is answered before the zeroing ends.
     */
    @Test
    void zeroingALargeRangeGoesAsynchronousAndLetsOtherWorkThrough() throws IOException {
        long size = 4L << 30;
        try (RandomAccessFile f = new RandomAccessFile(share.resolve("sparse.bin").toFile(), "rw")) {
            f.setLength(size);
        }
        RawSmb2Client c = logOn();
        int tree = treeConnect(c);
        FileId file = open(c, tree, "sparse.bin");

        ByteBuf zero = c.newRequest(Smb2Command.IOCTL.code(), tree);
        ByteBuf range = Unpooled.buffer();
        new ZeroDataInformation(0, size).encode(range);
        new IoctlRequest(CtlCode.FSCTL_SET_ZERO_DATA, file, range, 0, Unpooled.EMPTY_BUFFER, 0,
                IoctlRequest.IS_FSCTL).encode(zero);
        range.release();
        c.send(c.sign(zero));
        RawResponse interim = c.receiveCompound().get(0);
        assertEquals(STATUS_PENDING, interim.status(), "answered at once, as pending: " + interim);

        ByteBuf echo = c.newRequest(Smb2Command.ECHO.code(), 0);
        new EchoRequest().encode(echo);
        c.send(c.sign(echo));
        RawResponse first = c.receive();
        assertEquals(Smb2Command.ECHO.code(), first.header().commandCode(), "the ECHO overtakes the zeroing: " + first);
        RawResponse done = c.receive();
        assertEquals(Smb2Command.IOCTL.code(), done.header().commandCode());
        assertEquals(STATUS_SUCCESS, done.status(), done.toString());
        assertEquals(size, Files.size(share.resolve("sparse.bin")), "the file did not grow");
    }

    /**
     * Watches are found by directory: a change completes the watch of its own directory and the WATCH_TREE watch of
     * an ancestor, and leaves the watch of an unrelated directory pending (a CANCEL then finds it still there).
     */
    @Test
    void aChangeCompletesTheWatchesOfItsDirectoryAndAncestorsOnly() throws IOException {
        RawSmb2Client c = logOn();
        int tree = treeConnect(c);
        FileId top = createWith(c, tree, "top", CreateDisposition.CREATE.code(), CreateOptions.DIRECTORY_FILE);
        FileId sub = createWith(c, tree, "top\\sub", CreateDisposition.CREATE.code(), CreateOptions.DIRECTORY_FILE);
        FileId elsewhere = createWith(c, tree, "elsewhere", CreateDisposition.CREATE.code(),
                CreateOptions.DIRECTORY_FILE);
        long treeWatch = watch(c, tree, top, ChangeNotifyRequest.WATCH_TREE);
        long subWatch = watch(c, tree, sub, 0);
        long topOnly = watch(c, tree, top, 0);
        long unrelated = watch(c, tree, elsewhere, ChangeNotifyRequest.WATCH_TREE);

        c.send(c.sign(createRequest(c, tree, "top\\sub\\new.txt")));
        Map<Long, RawResponse> answers = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            RawResponse r = c.receive();
            answers.put(r.header().messageId(), r);
        }
        assertEquals(List.of(new FileNotifyInformation(FileNotifyInformation.FILE_ACTION_ADDED, "sub\\new.txt")),
                changes(answers.get(treeWatch)), "WATCH_TREE on an ancestor names it from there: " + answers);
        assertEquals(List.of(new FileNotifyInformation(FileNotifyInformation.FILE_ACTION_ADDED, "new.txt")),
                changes(answers.get(subWatch)), "the directory itself: " + answers);
        assertTrue(answers.values().stream().anyMatch(r -> r.header().commandCode() == Smb2Command.CREATE.code()
                && r.status() == STATUS_SUCCESS), "the CREATE: " + answers);

        for (long pending : new long[] {topOnly, unrelated}) {
            ByteBuf cancel = c.newRequest(Smb2Command.CANCEL.code(), tree, pending);
            new CancelRequest().encode(cancel);
            c.send(c.sign(cancel));
            RawResponse cancelled = c.receive();
            assertEquals(pending, cancelled.header().messageId());
            assertEquals(STATUS_CANCELLED, cancelled.status(), "still pending until cancelled: " + cancelled);
        }
    }

    /** The [MS-FSCC] 2.7.1 entries of a successful CHANGE_NOTIFY response. */
    private static List<FileNotifyInformation> changes(RawResponse r) {
        assertEquals(STATUS_SUCCESS, r.status(), r.toString());
        ByteBuf msg = r.buf();
        return FileNotifyInformation.decode(ChangeNotifyResponse.decode(msg).data());
    }

    /** Sends a CHANGE_NOTIFY for file names and returns its message id once the server has answered it pending. */
    private static long watch(RawSmb2Client c, int tree, FileId dir, int flags) throws IOException {
        ByteBuf request = c.newRequest(Smb2Command.CHANGE_NOTIFY.code(), tree);
        long id = request.getLongLE(Smb2Header.OFFSET_MESSAGE_ID);
        new ChangeNotifyRequest(flags, 4096, dir, ChangeNotifyRequest.FILE_NOTIFY_CHANGE_FILE_NAME).encode(request);
        c.send(c.sign(request));
        RawResponse interim = c.receiveCompound().get(0);
        assertEquals(STATUS_PENDING, interim.status(), interim.toString());
        return id;
    }

    private static ByteBuf changeNotify(RawSmb2Client c, int tree, FileId dir) {
        ByteBuf request = c.newRequest(Smb2Command.CHANGE_NOTIFY.code(), tree);
        new ChangeNotifyRequest(0, 4096, dir, ChangeNotifyRequest.FILE_NOTIFY_CHANGE_FILE_NAME).encode(request);
        return request;
    }

    private static ByteBuf createRequest(RawSmb2Client c, int tree, String name) {
        ByteBuf request = c.newRequest(Smb2Command.CREATE.code(), tree);
        RawMessages.createNewFile(name).accept(request);
        return request;
    }

    /** {@code count} exclusive, fail-immediately locks of one byte each, on every other byte from {@code first}. */
    private static Consumer<ByteBuf> locks(FileId file, int first, int count) {
        List<LockElement> elements = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            elements.add(new LockElement(2L * i, 1, LockElement.EXCLUSIVE_LOCK | LockElement.FAIL_IMMEDIATELY));
        }
        return body -> new LockRequest(0, file, elements).encode(body);
    }

    private void writeFile(String name, int size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(share.resolve(name).toFile(), "rw")) {
            f.setLength(size);
            f.write(new byte[] {1, 2, 3});
        }
        assertEquals(size, Files.size(share.resolve(name)));
    }

    private RawSmb2Client logOn() throws IOException {
        RawSmb2Client c = RawSmb2Client.connect(server.port());
        clients.add(c);
        c.negotiate(Dialect.SMB3_1_1);
        RawResponse setup = c.sessionSetup("alice", "secret");
        assertEquals(STATUS_SUCCESS, setup.status(), setup.toString());
        return c;
    }

    private static int treeConnect(RawSmb2Client c) throws IOException {
        RawResponse r = c.treeConnect("data");
        assertEquals(STATUS_SUCCESS, r.status(), r.toString());
        return r.header().treeId();
    }

    /** Asks for credits with ECHOs until the client may spend at least {@code wanted} at once. */
    private static void collectCredits(RawSmb2Client c, int wanted) throws IOException {
        int granted = 0;
        for (int i = 0; i < 64 && granted < wanted; i++) {
            ByteBuf echo = c.newRequest(Smb2Command.ECHO.code(), 0);
            echo.setShortLE(Smb2Header.OFFSET_CREDITS, 1024);
            new EchoRequest().encode(echo);
            c.send(c.sign(echo));
            RawResponse r = c.receive();
            assertEquals(STATUS_SUCCESS, r.status(), r.toString());
            granted += r.header().credits() - 1;
        }
        assertTrue(granted >= wanted, "the server granted " + granted + " credits");
    }

    private static ByteBuf read(RawSmb2Client c, int tree, FileId file, int length) {
        ByteBuf request = c.newRequest(Smb2Command.READ.code(), tree, Math.max(1, (length - 1) / 65536 + 1));
        new ReadRequest(0, 0, length, 0, file, 0, 0, 0, Unpooled.EMPTY_BUFFER).encode(request);
        return request;
    }

    private static FileId open(RawSmb2Client c, int tree, String name) throws IOException {
        return createWith(c, tree, name, CreateDisposition.OPEN.code(), CreateOptions.NON_DIRECTORY_FILE);
    }

    private static FileId create(RawSmb2Client c, int tree, String name) throws IOException {
        return createWith(c, tree, name, CreateDisposition.CREATE.code(), CreateOptions.NON_DIRECTORY_FILE);
    }

    private static FileId createWith(RawSmb2Client c, int tree, String name, int disposition, int options)
            throws IOException {
        RawResponse r = c.call(Smb2Command.CREATE.code(), tree,
                body -> new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION,
                        0x0012019F, // FILE_GENERIC_READ | FILE_GENERIC_WRITE
                        0, ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE
                                | ShareAccess.FILE_SHARE_DELETE,
                        disposition, options, name, List.of()).encode(body));
        assertEquals(STATUS_SUCCESS, r.status(), "CREATE " + name + ": " + r);
        return CreateResponse.decode(r.buf()).fileId();
    }
}

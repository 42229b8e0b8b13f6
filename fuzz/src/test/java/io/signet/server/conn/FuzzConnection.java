package io.signet.server.conn;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.signet.auth.ntlm.NtlmInitiator;
import io.signet.config.ServerConfig;
import io.signet.config.SigningPolicy;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.NegotiateRequest;
import io.signet.protocol.smb2.message.SessionSetupRequest;
import io.signet.protocol.smb2.message.SessionSetupResponse;
import io.signet.protocol.smb2.message.TreeConnectRequest;
import io.signet.protocol.status.NtStatus;
import io.signet.server.context.ServerContext;
import io.signet.server.Handlers;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One connection of a real {@link ServerContext} on an {@link EmbeddedChannel}, fed frames as the transport hands
 * them over (after Direct TCP framing): the server's request path from {@link Connection#process} on, with its real
 * handlers, share and IPC$ pipes, and no socket. Responses are read back and released.
 *
 * <p>Every buffer the connection allocates comes from an allocator that remembers it, so {@link #close()} can
 * check that each was released: a leak is found at once, not when the collector gets to it.
 */
final class FuzzConnection implements AutoCloseable {
    static final String USER = "alice";
    static final String PASSWORD = "secret";
    static final int SMB2_1 = 0x0210;
    private static Path SHARE;
    static final ServerContext SERVER = newServer();
    private static final ConnectionServices SERVICES = Handlers.wire(SERVER);

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Connection connection;
    private long nextMessageId;
    private long sessionId;
    private int treeId;
    private FileId fileId;

    FuzzConnection() {
        channel.config().setAllocator(alloc);
        connection = new Connection(channel, SERVICES, channel.eventLoop());
    }

    private static ServerContext newServer() {
        try {
            Path root = Files.createTempDirectory("signet-fuzz");
            Path share = Files.createDirectories(root.resolve("share"));
            SHARE = share;
            Files.writeString(share.resolve("existing.txt"), "some data in a file");
            Files.createDirectories(share.resolve("dir"));
            // Signing AUTO: a client that does not ask for signing gets an unsigned session, so fuzzed requests
            // after the logon reach the handlers without a signature only a real client could compute.
            ServerConfig config = SignetServer.builder().share("data", share).user(USER, PASSWORD).port(0)
                    .bindAddress("127.0.0.1").signing(SigningPolicy.AUTO).stateDir(root.resolve("state")).build();
            return new ServerContext(config, new byte[16], Sid.parse("S-1-5-21-1-2-3"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Processes one frame (the bytes after the 4-byte Direct TCP header) and returns the responses' count. */
    List<ByteBuf> process(byte[] frame) {
        ByteBuf in = Unpooled.wrappedBuffer(frame);
        try {
            connection.process(in);
        } finally {
            in.release();
        }
        channel.runPendingTasks();
        List<ByteBuf> out = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            out.add((ByteBuf) o);
        }
        return out;
    }

    /** Processes a frame and releases what came back. */
    void send(byte[] frame) {
        process(frame).forEach(ByteBuf::release);
    }

    /** False once the server closed the connection: a real client's later bytes would never reach it. */
    boolean isOpen() {
        return channel.isActive();
    }

    long messageId() {
        return nextMessageId++;
    }

    long sessionId() {
        return sessionId;
    }

    int treeId() {
        return treeId;
    }

    FileId fileId() {
        return fileId;
    }

    /** A request with the next message id, this connection's session and tree, and {@code body}. */
    byte[] request(int command, int flags, Consumer<ByteBuf> body) {
        ByteBuf b = Unpooled.buffer();
        new Smb2Header().commandCode(command).creditCharge(1).credits(16).flags(flags).messageId(messageId())
                .sessionId(sessionId).treeId(treeId).write(b);
        body.accept(b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    /** NEGOTIATE for SMB 2.1 without asking for signing: no preauth hash, no signature needed later. */
    void negotiate() {
        send(request(Smb2Command.NEGOTIATE.code(), 0,
                new NegotiateRequest(0x0001, 0, new byte[16], new int[] {SMB2_1}, List.of())::encode));
    }

    /** NTLMv2 logon of alice, raw NTLMSSP in SESSION_SETUP ([MS-SMB2] 3.3.5.5), then TREE_CONNECT and a CREATE. */
    void logOn() {
        NtlmInitiator ntlm = new NtlmInitiator(USER, "", PASSWORD, "FUZZ");
        ByteBuf challenge = single(process(request(Smb2Command.SESSION_SETUP.code(), 0,
                sessionSetup(ntlm.negotiate()))));
        try {
            Smb2Header h = Smb2Header.read(challenge, 4);
            expect(h, NtStatus.STATUS_MORE_PROCESSING_REQUIRED);
            sessionId = h.sessionId();
            byte[] token = SessionSetupResponse.decode(challenge.slice(4, challenge.readableBytes() - 4))
                    .securityBuffer();
            send(request(Smb2Command.SESSION_SETUP.code(), 0, sessionSetup(ntlm.authenticate(token))));
        } finally {
            challenge.release();
        }
        ByteBuf tree = single(process(request(Smb2Command.TREE_CONNECT.code(), 0,
                new TreeConnectRequest(0, "\\\\127.0.0.1\\data")::encode)));
        try {
            Smb2Header h = Smb2Header.read(tree, 4);
            expect(h, NtStatus.STATUS_SUCCESS);
            treeId = h.treeId();
        } finally {
            tree.release();
        }
        if (!openFile()) {
            // An earlier input may have left the file read-only, with a descriptor that denies alice, or renamed
            // into a directory: the share outlives one input. Start the file afresh.
            resetFile();
            if (!openFile()) {
                throw new IllegalStateException("CREATE of " + FILE + " refused on a fresh file");
            }
        }
    }

    private static final String FILE = "existing.txt";

    private boolean openFile() {
        ByteBuf created = single(process(request(Smb2Command.CREATE.code(), 0,
                new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION,
                        0x0012019F, 0x80, 7, CreateDisposition.OPEN_IF.code(), 0, FILE, List.of())::encode)));
        try {
            if (Smb2Header.read(created, 4).status() != NtStatus.STATUS_SUCCESS.code()) {
                return false;
            }
            fileId = CreateResponse.decode(created.slice(4, created.readableBytes() - 4)).fileId();
            return true;
        } finally {
            created.release();
        }
    }

    private static void resetFile() {
        try {
            Path file = SHARE.resolve(FILE);
            if (Files.isDirectory(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (var walk = Files.walk(file)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.deleteIfExists(file);
            Files.writeString(file, "some data in a file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Consumer<ByteBuf> sessionSetup(byte[] token) {
        return new SessionSetupRequest(0, 0, 0, 0, Unpooled.wrappedBuffer(token))::encode;
    }

    private static ByteBuf single(List<ByteBuf> responses) {
        if (responses.size() != 1) {
            responses.forEach(ByteBuf::release);
            throw new IllegalStateException(responses.size() + " responses to one request");
        }
        return responses.get(0);
    }

    private static void expect(Smb2Header h, NtStatus status) {
        if (h.status() != status.code()) {
            throw new IllegalStateException("logon step answered 0x" + Integer.toHexString(h.status()));
        }
    }

    /** The connection is lost: its session ends and its opens close; then every buffer must have been released. */
    @Override
    public void close() {
        connection.closed();
        channel.runPendingTasks();
        channel.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    /** An allocator that remembers what it handed out. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {
        private final List<ByteBuf> allocated = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(b);
            return b;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(b);
            return b;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        void assertAllReleased() {
            for (ByteBuf b : allocated) {
                if (b.refCnt() != 0) {
                    throw new AssertionError("a buffer of " + b.capacity() + " bytes was not released: "
                            + io.netty.buffer.ByteBufUtil.hexDump(b, 0, Math.min(64, b.writerIndex())));
                }
            }
        }
    }
}

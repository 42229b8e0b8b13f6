package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msdtyp.FileTime;
import com.hierynomus.msfscc.FileAttributes;
import com.hierynomus.msfscc.fileinformation.FileBasicInformation;
import com.hierynomus.msfscc.fileinformation.FileStreamInformation;
import com.hierynomus.msfscc.fileinformation.FileStreamInformationItem;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import io.signet.interop.support.ExternalCommand;
import io.signet.interop.support.ServerLog;
import io.signet.interop.support.Smbclient;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import jcifs.CIFSContext;
import jcifs.CIFSException;
import jcifs.SmbConstants;
import jcifs.config.PropertyConfiguration;
import jcifs.context.BaseContext;
import jcifs.smb.NtlmPasswordAuthenticator;
import jcifs.smb.SmbException;
import jcifs.smb.SmbFile;
import jcifs.smb.SmbRandomAccessFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows file semantics seen by real clients: share modes and byte-range locks between two different clients, named
 * streams through smbclient, DOS attributes and creation time across a server restart, and server-side copy
 * (FSCTL_SRV_COPYCHUNK) with smbclient's {@code scopy}.
 */
class FileSemanticsInteropTest {
    /** [MS-ERREF] 2.3.1 NTSTATUS values. */
    private static final int STATUS_SHARING_VIOLATION = 0xC0000043;
    private static final int STATUS_FILE_LOCK_CONFLICT = 0xC0000054;
    private static final int COPY_SIZE = 64 * 1024 * 1024;
    private static final List<String> SMBCLIENT_OPTIONS = List.of("-U", "alice%secret",
            "--option=client signing=required");

    @TempDir
    Path share;
    @TempDir
    Path state;
    @TempDir
    Path local;

    private SignetServer server;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = start();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void exclusiveOpenBySmbjRefusesJcifsUntilClosed() throws Exception {
        byte[] content = randomBytes(4096);
        Files.write(share.resolve("exclusive.bin"), content);
        DiskShare diskA = smbjShare();
        CIFSContext b = jcifsContext();
        int mark = ServerLog.mark();

        File a = diskA.openFile("exclusive.bin", EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE), null,
                EnumSet.noneOf(SMB2ShareAccess.class), SMB2CreateDisposition.FILE_OPEN, null);
        try (SmbFile file = new SmbFile(base() + "exclusive.bin", b)) {
            SmbException refused = assertThrows(SmbException.class, () -> {
                try (InputStream in = file.openInputStream(0, SmbConstants.O_RDONLY,
                        SmbConstants.FILE_SHARE_READ | SmbConstants.FILE_SHARE_WRITE)) {
                    in.read();
                }
            }, "jcifs opened for read a file smbj holds open with no sharing");
            assertEquals(STATUS_SHARING_VIOLATION, refused.getNtStatus(),
                    "NTSTATUS of the refused open: " + refused + "\n" + ServerLog.dump(mark));
        } finally {
            a.close();
        }

        try (SmbFile file = new SmbFile(base() + "exclusive.bin", b);
             InputStream in = file.openInputStream(0, SmbConstants.O_RDONLY,
                     SmbConstants.FILE_SHARE_READ | SmbConstants.FILE_SHARE_WRITE)) {
            assertArrayEquals(content, in.readAllBytes(), "jcifs read after smbj closed its exclusive open");
        }
    }

    @Test
    void exclusiveLockBySmbjBlocksJcifsWriteUntilUnlocked() throws Exception {
        byte[] original = randomBytes(200);
        Files.write(share.resolve("locked.bin"), original);
        DiskShare diskA = smbjShare();
        CIFSContext b = jcifsContext();
        byte[] patch = new byte[10];
        Arrays.fill(patch, (byte) 0x5A);
        int mark = ServerLog.mark();

        try (File a = diskA.openFile("locked.bin", EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE),
                null, EnumSet.of(SMB2ShareAccess.FILE_SHARE_READ, SMB2ShareAccess.FILE_SHARE_WRITE),
                SMB2CreateDisposition.FILE_OPEN, null);
             SmbFile file = new SmbFile(base() + "locked.bin", b);
             SmbRandomAccessFile raf = file.openRandomAccess("rw",
                     SmbConstants.FILE_SHARE_READ | SmbConstants.FILE_SHARE_WRITE)) {
            a.requestLock().exclusiveLock(0, 100, true).send();

            raf.seek(10);
            SmbException conflict = assertThrows(SmbException.class, () -> raf.write(patch),
                    "jcifs wrote into bytes smbj holds an exclusive lock on");
            assertEquals(STATUS_FILE_LOCK_CONFLICT, conflict.getNtStatus(),
                    "NTSTATUS of the refused write: " + conflict + "\n" + ServerLog.dump(mark));
            assertArrayEquals(original, Files.readAllBytes(share.resolve("locked.bin")),
                    "the refused write changed the file");

            a.requestLock().unlock(0, 100).send();
            raf.seek(10);
            raf.write(patch);
        }
        byte[] expected = original.clone();
        System.arraycopy(patch, 0, expected, 10, patch.length);
        assertArrayEquals(expected, Files.readAllBytes(share.resolve("locked.bin")), "file after the unlocked write");
    }

    @Test
    void namedStreamRoundTripsThroughSmbclientAndIsReadBySmbj() throws IOException {
        byte[] main = randomBytes(1000);
        byte[] stream = randomBytes(70_000);
        Files.write(local.resolve("main.bin"), main);
        Files.write(local.resolve("stream.bin"), stream);
        Smbclient smbclient = new Smbclient(server.port(), local);

        int mark = ServerLog.mark();
        ExternalCommand.Result result = smbclient.run(SMBCLIENT_OPTIONS, "put main.bin file.txt; "
                + "put stream.bin \"file.txt:mystream\"; get \"file.txt:mystream\" out.bin");
        Smbclient.assertSucceeded(result, mark);
        assertArrayEquals(stream, Files.readAllBytes(local.resolve("out.bin")), "stream fetched back with get");
        assertArrayEquals(main, Files.readAllBytes(share.resolve("file.txt")),
                "the unnamed data stream after writing the named stream");

        DiskShare disk = smbjShare();
        try (File f = disk.openFile("file.txt:mystream", EnumSet.of(AccessMask.GENERIC_READ), null,
                SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null);
             InputStream in = f.getInputStream()) {
            assertArrayEquals(stream, in.readAllBytes(), "smbj read of file.txt:mystream");
        }
        try (File f = disk.openFile("file.txt", EnumSet.of(AccessMask.GENERIC_READ), null, SMB2ShareAccess.ALL,
                SMB2CreateDisposition.FILE_OPEN, null)) {
            Map<String, Long> streams = f.getFileInformation(FileStreamInformation.class).getStreamList().stream()
                    .collect(Collectors.toMap(FileStreamInformationItem::getName, FileStreamInformationItem::getSize));
            assertEquals(Map.of("::$DATA", (long) main.length, ":mystream:$DATA", (long) stream.length), streams,
                    "FileStreamInformation of file.txt");
        }
    }

    @Test
    void creationTimeAndAttributesSurviveARestart() throws Exception {
        FileTime created = FileTime.fromInstant(Instant.parse("2003-04-05T06:07:08.1234567Z"));
        long attributes = FileAttributes.FILE_ATTRIBUTE_HIDDEN.getValue()
                | FileAttributes.FILE_ATTRIBUTE_ARCHIVE.getValue();

        DiskShare disk = smbjShare();
        try (File f = disk.openFile("attrs.txt", EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE,
                        AccessMask.FILE_WRITE_ATTRIBUTES), null, SMB2ShareAccess.ALL,
                SMB2CreateDisposition.FILE_CREATE, null)) {
            f.write("attributes".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0);
            f.setFileInformation(new FileBasicInformation(created, FileBasicInformation.DONT_SET,
                    FileBasicInformation.DONT_SET, FileBasicInformation.DONT_SET, attributes));
        }
        FileBasicInformation before = basicInfo(disk, "attrs.txt");
        assertEquals(created.getWindowsTimeStamp(), before.getCreationTime().getWindowsTimeStamp(),
                "creation time before the restart: " + before.getCreationTime());
        assertEquals(attributes, before.getFileAttributes() & attributes, "HIDDEN|ARCHIVE before the restart");

        closeClients();
        server.close();
        server = start();

        FileBasicInformation after = basicInfo(smbjShare(), "attrs.txt");
        assertEquals(created.getWindowsTimeStamp(), after.getCreationTime().getWindowsTimeStamp(),
                "creation time after the restart: " + after.getCreationTime() + ", set " + created);
        assertEquals(FileAttributes.FILE_ATTRIBUTE_HIDDEN.getValue(),
                after.getFileAttributes() & FileAttributes.FILE_ATTRIBUTE_HIDDEN.getValue(),
                "HIDDEN after the restart: attributes 0x" + Long.toHexString(after.getFileAttributes()));
        assertEquals(FileAttributes.FILE_ATTRIBUTE_ARCHIVE.getValue(),
                after.getFileAttributes() & FileAttributes.FILE_ATTRIBUTE_ARCHIVE.getValue(),
                "ARCHIVE after the restart: attributes 0x" + Long.toHexString(after.getFileAttributes()));
    }

    @Test
    void smbclientScopyCopiesOnTheServer() throws IOException {
        byte[] content = randomBytes(COPY_SIZE);
        Files.write(local.resolve("src.bin"), content);

        int mark = ServerLog.mark();
        Smbclient direct = new Smbclient(server.port(), local);
        Smbclient.assertSucceeded(direct.run(SMBCLIENT_OPTIONS, "put src.bin src.bin"), mark);
        assertEquals(COPY_SIZE, Files.size(share.resolve("src.bin")), "size of the uploaded source");

        try (CountingRelay relay = new CountingRelay(server.port())) {
            mark = ServerLog.mark();
            ExternalCommand.Result copy = new Smbclient(relay.port(), local).run(SMBCLIENT_OPTIONS,
                    "scopy src.bin dst.bin");
            Smbclient.assertSucceeded(copy, mark);
            long crossed = relay.total();
            assertTrue(crossed > 1000, "the relay saw only " + crossed + " bytes: smbclient did not go through it");
            assertTrue(crossed < 2 * 1024 * 1024, "scopy moved " + crossed + " bytes over the wire for a "
                    + COPY_SIZE + "-byte file: the copy was not done on the server\n" + copy.output());
        }
        assertArrayEquals(content, Files.readAllBytes(share.resolve("dst.bin")), "destination of scopy");
        assertArrayEquals(content, Files.readAllBytes(share.resolve("src.bin")), "source after scopy");
    }

    private SignetServer start() throws IOException {
        return SignetServer.builder().share("data", share).user("alice", "secret")
                .port(0).bindAddress("127.0.0.1").stateDir(state).start();
    }

    private String base() {
        return "smb://127.0.0.1:" + server.port() + "/data/";
    }

    private DiskShare smbjShare() throws IOException {
        SMBClient client = new SMBClient(SmbConfig.builder().withSigningRequired(true)
                .withTimeout(30, TimeUnit.SECONDS).build());
        toClose.add(client);
        Connection connection = client.connect("127.0.0.1", server.port());
        toClose.add(connection);
        Session session = connection.authenticate(new AuthenticationContext("alice", "secret".toCharArray(), ""));
        DiskShare disk = (DiskShare) session.connectShare("data");
        toClose.add(disk);
        return disk;
    }

    private CIFSContext jcifsContext() throws CIFSException {
        Properties p = new Properties();
        p.setProperty("jcifs.smb.client.minVersion", "SMB202");
        p.setProperty("jcifs.smb.client.maxVersion", "SMB311");
        p.setProperty("jcifs.smb.client.signingEnforced", "true");
        p.setProperty("jcifs.resolveOrder", "DNS");
        p.setProperty("jcifs.smb.client.dfs.disabled", "true");
        p.setProperty("jcifs.smb.client.responseTimeout", "30000");
        CIFSContext context = new BaseContext(new PropertyConfiguration(p))
                .withCredentials(new NtlmPasswordAuthenticator("", "alice", "secret"));
        toClose.add(context::close);
        return context;
    }

    private void closeClients() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    private static FileBasicInformation basicInfo(DiskShare disk, String name) {
        try (File f = disk.openFile(name, EnumSet.of(AccessMask.FILE_READ_ATTRIBUTES), null, SMB2ShareAccess.ALL,
                SMB2CreateDisposition.FILE_OPEN, null)) {
            return f.getFileInformation(FileBasicInformation.class);
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** A loopback TCP relay to the server that counts the bytes it carries in both directions. */
    static final class CountingRelay implements AutoCloseable {
        private final ServerSocket listener;
        private final int target;
        private final AtomicLong bytes = new AtomicLong();
        private final List<Socket> sockets = new ArrayList<>();

        CountingRelay(int target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::acceptLoop, "relay-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        long total() {
            return bytes.get();
        }

        private void acceptLoop() {
            try {
                while (true) {
                    Socket client = listener.accept();
                    Socket upstream = new Socket();
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
                    synchronized (sockets) {
                        sockets.add(client);
                        sockets.add(upstream);
                    }
                    pump(client, upstream);
                    pump(upstream, client);
                }
            } catch (IOException closed) {
                // the listener was closed
            }
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[64 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        bytes.addAndGet(n);
                        out.write(buf, 0, n);
                    }
                } catch (IOException e) {
                    // one side went away
                } finally {
                    try {
                        to.shutdownOutput();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }, "relay-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }
}

package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msfscc.FileNotifyAction;
import com.hierynomus.msfscc.directory.FileNotifyInformation;
import com.hierynomus.mssmb2.SMB2CompletionFilter;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.messages.SMB2ChangeNotifyResponse;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.Directory;
import com.hierynomus.smbj.share.DiskShare;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CHANGE_NOTIFY through smbj against a server with three shares: a file made directly on disk (java.nio, not SMB)
 * completes an outstanding notify, the server holds one inotify instance whatever the number of shares, and a
 * pending notify ends with STATUS_NOTIFY_CLEANUP when its open closes, its tree disconnects or its session logs off.
 */
class ChangeNotifyInteropTest {
    /** [MS-ERREF] 2.3.1. */
    private static final long STATUS_SUCCESS = 0;
    private static final long STATUS_NOTIFY_CLEANUP = 0x0000010BL;
    private static final List<String> SHARES = List.of("one", "two", "three");

    @TempDir
    Path base;
    @TempDir
    Path state;

    private SignetServer server;
    private SMBClient client;
    private Session session;
    private final List<DiskShare> shares = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        SignetServer.Builder b = SignetServer.builder().user("alice", "secret").port(0).bindAddress("127.0.0.1")
                .stateDir(state);
        for (String name : SHARES) {
            b.share(name, Files.createDirectory(base.resolve(name)));
        }
        server = b.start();
        client = new SMBClient(SmbConfig.builder().withTimeout(30, TimeUnit.SECONDS).build());
        Connection connection = client.connect("127.0.0.1", server.port());
        session = connection.authenticate(new AuthenticationContext("alice", "secret".toCharArray(), ""));
        for (String name : SHARES) {
            shares.add((DiskShare) session.connectShare(name));
        }
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private static Directory root(DiskShare share) {
        return share.openDirectory("", EnumSet.of(AccessMask.GENERIC_READ), null, SMB2ShareAccess.ALL,
                SMB2CreateDisposition.FILE_OPEN, null);
    }

    private static Future<SMB2ChangeNotifyResponse> watch(Directory dir) {
        return dir.watchAsync(EnumSet.of(SMB2CompletionFilter.FILE_NOTIFY_CHANGE_FILE_NAME,
                SMB2CompletionFilter.FILE_NOTIFY_CHANGE_DIR_NAME), true);
    }

    @Test
    void aFileMadeOnDiskCompletesTheNotifyOfItsShareAndTheServerUsesOneInotifyInstance() throws Exception {
        long before = inotifyInstances();
        List<Future<SMB2ChangeNotifyResponse>> pending = new ArrayList<>();
        for (DiskShare share : shares) {
            pending.add(watch(root(share)));
        }
        awaitServed(); // the three requests are pending on the server before the file appears
        Files.writeString(base.resolve("two").resolve("local.txt"), "made by another program");

        SMB2ChangeNotifyResponse response = pending.get(1).get(30, TimeUnit.SECONDS);
        assertEquals(STATUS_SUCCESS, response.getHeader().getStatusCode());
        List<FileNotifyInformation> changes = response.getFileNotifyInfoList();
        assertEquals(FileNotifyAction.FILE_ACTION_ADDED, changes.get(0).getAction());
        assertEquals("local.txt", changes.get(0).getFileName());
        assertFalse(pending.get(0).isDone(), "the other shares saw nothing");
        assertFalse(pending.get(2).isDone());
        assertEquals(before + 1, inotifyInstances(), "one inotify instance for the server's three shares");
    }

    @Test
    void aPendingNotifyEndsWithNotifyCleanupOnCloseTreeDisconnectAndLogoff() throws Exception {
        Directory closed = root(shares.get(0));
        Future<SMB2ChangeNotifyResponse> onClose = watch(closed);
        Future<SMB2ChangeNotifyResponse> onTreeDisconnect = watch(root(shares.get(1)));
        Future<SMB2ChangeNotifyResponse> onLogoff = watch(root(shares.get(2)));
        awaitServed();

        closed.close();
        assertEquals(STATUS_NOTIFY_CLEANUP, onClose.get(30, TimeUnit.SECONDS).getHeader().getStatusCode());
        shares.get(1).close();
        assertEquals(STATUS_NOTIFY_CLEANUP, onTreeDisconnect.get(30, TimeUnit.SECONDS).getHeader().getStatusCode());
        session.logoff();
        assertEquals(STATUS_NOTIFY_CLEANUP, onLogoff.get(30, TimeUnit.SECONDS).getHeader().getStatusCode());
    }

    /**
     * The server serves one connection's requests in order: once a later request on the same connection is answered,
     * the CHANGE_NOTIFYs sent before it have been taken and are pending.
     */
    private void awaitServed() {
        shares.get(2).folderExists("");
    }

    private static long inotifyInstances() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("inotify");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}

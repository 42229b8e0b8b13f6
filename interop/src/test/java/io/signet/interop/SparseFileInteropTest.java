package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msfscc.fileinformation.FileBasicInformation;
import com.hierynomus.msfscc.fileinformation.FileIdBothDirectoryInformation;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskEntry;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import io.signet.server.SignetServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparse files and reparse point controls through smbj: what smbtorture's sparse tests do not look at (the attribute
 * in a directory listing, FileBasicInformation not setting it, an allocated-range answer that does not fit, the
 * reparse point controls).
 */
class SparseFileInteropTest {
    private static final int FSCTL_SET_SPARSE = 0x000900C4;
    private static final int FSCTL_SET_ZERO_DATA = 0x000980C8;
    private static final int FSCTL_QUERY_ALLOCATED_RANGES = 0x000940CF;
    private static final int FSCTL_GET_REPARSE_POINT = 0x000900A8;
    private static final int FSCTL_SET_REPARSE_POINT = 0x000900A4;
    private static final int FSCTL_DELETE_REPARSE_POINT = 0x000900AC;
    private static final long FILE_ATTRIBUTE_SPARSE_FILE = 0x200;
    /** [MS-ERREF] 2.3.1 NTSTATUS values. */
    private static final long STATUS_BUFFER_OVERFLOW = 0x80000005L;
    private static final long STATUS_BUFFER_TOO_SMALL = 0xC0000023L;
    private static final long STATUS_ACCESS_DENIED = 0xC0000022L;
    private static final long STATUS_VOLUME_NOT_UPGRADED = 0xC000029CL;
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path share;
    @TempDir
    Path state;

    private SignetServer server;
    private SMBClient client;
    private DiskShare disk;

    @BeforeEach
    void start() throws Exception {
        server = SignetServer.builder().share("data", share).user("alice", "secret")
                .port(0).bindAddress("127.0.0.1").stateDir(state).start();
        client = new SMBClient(SmbConfig.builder().withTimeout(30, TimeUnit.SECONDS).build());
        Connection connection = client.connect("127.0.0.1", server.port());
        Session session = connection.authenticate(new AuthenticationContext("alice", "secret".toCharArray(), ""));
        disk = (DiskShare) session.connectShare("data");
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private File open(String name, AccessMask... access) {
        return disk.openFile(name, EnumSet.copyOf(Arrays.asList(access)), null, SMB2ShareAccess.ALL,
                SMB2CreateDisposition.FILE_OPEN_IF, null);
    }

    private static byte[] range(long offset, long length) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(offset).putLong(length).array();
    }

    private static long status(Runnable call) {
        return assertThrows(SMBApiException.class, call::run).getStatusCode();
    }

    @Test
    void theSparseAttributeShowsEverywhereAndFileBasicInformationCannotSetIt() {
        try (File f = open("plain.bin", AccessMask.GENERIC_ALL)) {
            FileBasicInformation b = f.getFileInformation(FileBasicInformation.class);
            f.setFileInformation(new FileBasicInformation(b.getCreationTime(), b.getLastAccessTime(),
                    b.getLastWriteTime(), b.getChangeTime(), FILE_ATTRIBUTE_SPARSE_FILE | 0x20));
            assertEquals(0, f.getFileInformation(FileBasicInformation.class).getFileAttributes()
                    & FILE_ATTRIBUTE_SPARSE_FILE, "SET_INFO FileBasicInformation ignores SPARSE_FILE");
        }
        try (File f = open("sparse.bin", AccessMask.GENERIC_ALL)) {
            f.ioctl(FSCTL_SET_SPARSE, true, new byte[0], 0, 0);
            assertEquals(FILE_ATTRIBUTE_SPARSE_FILE, f.getFileInformation().getBasicInformation().getFileAttributes()
                    & FILE_ATTRIBUTE_SPARSE_FILE, "FileAllInformation");
        }
        for (FileIdBothDirectoryInformation e : disk.list("")) {
            long expected = e.getFileName().equals("sparse.bin") ? FILE_ATTRIBUTE_SPARSE_FILE : 0;
            if (e.getFileName().endsWith(".bin")) {
                assertEquals(expected, e.getFileAttributes() & FILE_ATTRIBUTE_SPARSE_FILE, e.getFileName());
            }
        }
    }

    @Test
    void allocatedRangesThatDoNotFitOverflowAndNoneFittingIsTooSmall() {
        try (File f = open("ranges.bin", AccessMask.GENERIC_ALL)) {
            byte[] data = new byte[CHUNK];
            Arrays.fill(data, (byte) 0x42);
            for (int i = 0; i < 5; i++) {
                f.write(data, 2L * i * CHUNK);     // data, hole, data, hole, ...: 5 ranges once sparse
            }
            f.ioctl(FSCTL_SET_SPARSE, true, new byte[] {1}, 0, 1);
            byte[] all = f.ioctl(FSCTL_QUERY_ALLOCATED_RANGES, true, range(0, 10L * CHUNK), 0, 16, 5 * 16);
            ByteBuffer expected = ByteBuffer.allocate(5 * 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 5; i++) {
                expected.putLong(2L * i * CHUNK).putLong(CHUNK);
            }
            assertArrayEquals(expected.array(), all);
            assertEquals(STATUS_BUFFER_OVERFLOW, status(() -> f.ioctl(FSCTL_QUERY_ALLOCATED_RANGES, true,
                    range(0, 10L * CHUNK), 0, 16, 2 * 16)));
            assertEquals(STATUS_BUFFER_TOO_SMALL, status(() -> f.ioctl(FSCTL_QUERY_ALLOCATED_RANGES, true,
                    range(0, 10L * CHUNK), 0, 16, 15)));

            f.ioctl(FSCTL_SET_ZERO_DATA, true, range(0, 9L * CHUNK), 0, 16);   // FileOffset 0, BeyondFinalZero
            byte[] none = f.ioctl(FSCTL_QUERY_ALLOCATED_RANGES, true, range(0, 10L * CHUNK), 0, 16, 15);
            assertEquals(0, none == null ? 0 : none.length, "no range left: success whatever the buffer");
            assertEquals(9L * CHUNK, f.getFileInformation().getStandardInformation().getEndOfFile());
        }
    }

    @Test
    void reparsePointControlsAnswerAsAVolumeWithoutReparsePoints() {
        disk.mkdir("dir");
        try (File f = open("f.txt", AccessMask.GENERIC_ALL);
             DiskEntry d = disk.open("dir", EnumSet.of(AccessMask.GENERIC_READ), null, SMB2ShareAccess.ALL,
                     SMB2CreateDisposition.FILE_OPEN, null)) {
            for (DiskEntry e : new DiskEntry[] {f, d}) {
                assertEquals(STATUS_VOLUME_NOT_UPGRADED,
                        status(() -> e.ioctl(FSCTL_GET_REPARSE_POINT, true, new byte[0], 0, 0, 16384)));
            }
            // IO_REPARSE_TAG_SYMLINK with no data: refused before the data would be looked at
            byte[] header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0xA000000C).array();
            assertEquals(STATUS_VOLUME_NOT_UPGRADED,
                    status(() -> f.ioctl(FSCTL_SET_REPARSE_POINT, true, header, 0, 8)));
            assertEquals(STATUS_VOLUME_NOT_UPGRADED,
                    status(() -> f.ioctl(FSCTL_DELETE_REPARSE_POINT, true, header, 0, 8)));
            assertEquals(STATUS_ACCESS_DENIED, status(() -> d.ioctl(FSCTL_SET_REPARSE_POINT, true, header, 0, 8)));
            f.write(new byte[] {1, 2, 3}, 0);    // the open is still usable
            assertEquals(3, f.getFileInformation().getStandardInformation().getEndOfFile());
        }
    }
}

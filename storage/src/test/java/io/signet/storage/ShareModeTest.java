package io.signet.storage;

import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.signet.protocol.smb2.CreateDisposition.OPEN;
import static io.signet.protocol.smb2.CreateDisposition.OPEN_IF;
import static io.signet.protocol.smb2.CreateDisposition.OVERWRITE;
import static io.signet.protocol.smb2.ShareAccess.FILE_SHARE_DELETE;
import static io.signet.protocol.smb2.ShareAccess.FILE_SHARE_READ;
import static io.signet.protocol.smb2.ShareAccess.FILE_SHARE_WRITE;
import static io.signet.storage.StorageTestSupport.readAll;
import static io.signet.storage.StorageTestSupport.status;
import static io.signet.storage.StorageTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Share modes: [MS-FSA] 2.1.5.1.2.1 across opens of the same stream, per stream, released on close. */
class ShareModeTest {
    private static final int R = AccessMask.FILE_READ_DATA;
    private static final int W = AccessMask.FILE_WRITE_DATA;
    private static final int D = AccessMask.DELETE;
    private static final int ATTR = AccessMask.FILE_READ_ATTRIBUTES | AccessMask.SYNCHRONIZE;

    @TempDir
    Path root;
    private ShareFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(root.resolve("f.txt"), "data");
        fs = new ShareFileSystem(root, false);
    }

    private FileHandle open(String path, int access, int share) {
        return fs.create(path, OPEN, 0, access, share, 0).handle();
    }

    /** The access with the R/W/D rights selected by bits 1/2/4 of {@code bits}; attribute access when none. */
    private static int access(int bits) {
        int a = ATTR;
        a |= (bits & 1) != 0 ? R : 0;
        a |= (bits & 2) != 0 ? W : 0;
        a |= (bits & 4) != 0 ? D : 0;
        return a;
    }

    /** Whether a right in {@code bits} (1 read, 2 write, 4 delete) is missing from {@code share}. */
    private static boolean unshared(int bits, int share) {
        return (bits & ~share) != 0;
    }

    @Test
    void newOpenAccessAgainstExistingShareMode() {
        for (int share = 0; share < 8; share++) {
            for (int bits = 0; bits < 8; bits++) {
                try (FileHandle first = open("f.txt", R | W | D, share)) {
                    boolean conflict = unshared(bits, share);
                    String what = "existing share " + share + ", new access bits " + bits;
                    if (conflict) {
                        int a = access(bits);
                        assertEquals(NtStatus.STATUS_SHARING_VIOLATION,
                                status(() -> open("f.txt", a, ShareAccess.ALL)), what);
                    } else {
                        open("f.txt", access(bits), ShareAccess.ALL).close();
                    }
                }
            }
        }
    }

    @Test
    void existingAccessAgainstNewShareMode() {
        for (int bits = 0; bits < 8; bits++) {
            for (int share = 0; share < 8; share++) {
                try (FileHandle first = open("f.txt", access(bits), ShareAccess.ALL)) {
                    boolean conflict = unshared(bits, share);
                    String what = "existing access bits " + bits + ", new share " + share;
                    int s = share;
                    if (conflict) {
                        assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> open("f.txt", R | W | D, s)),
                                what);
                    } else {
                        open("f.txt", R | W | D, s).close();
                    }
                }
            }
        }
    }

    @Test
    void executeCountsAsReadAndAppendAsWrite() {
        try (FileHandle h = open("f.txt", AccessMask.FILE_EXECUTE, FILE_SHARE_WRITE | FILE_SHARE_DELETE)) {
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> open("f.txt", R, ShareAccess.ALL)));
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> open("f.txt", W, FILE_SHARE_WRITE)));
        }
        try (FileHandle h = open("f.txt", AccessMask.FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_DELETE)) {
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> open("f.txt", W, ShareAccess.ALL)));
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> open("f.txt", R, FILE_SHARE_READ)));
        }
    }

    @Test
    void attributeOnlyOpensNeverConflict() {
        try (FileHandle exclusive = open("f.txt", R | W | D, 0);
             FileHandle attrs = open("f.txt", ATTR | AccessMask.READ_CONTROL | AccessMask.WRITE_DAC, 0)) {
            assertFalse(attrs.isDirectory());
        }
        try (FileHandle attrs = open("f.txt", ATTR, 0);
             FileHandle exclusive = open("f.txt", R | W | D, 0)) {
            assertFalse(exclusive.isDirectory());
        }
    }

    @Test
    void genericRightsAreMappedBeforeTheCheck() {
        try (FileHandle h = open("f.txt", AccessMask.GENERIC_READ, FILE_SHARE_READ)) {
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION,
                    status(() -> open("f.txt", AccessMask.GENERIC_WRITE, ShareAccess.ALL)));
            open("f.txt", AccessMask.GENERIC_READ, FILE_SHARE_READ).close();
        }
    }

    @Test
    void closingReleasesTheShareMode() {
        FileHandle first = open("f.txt", R, 0);
        assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> open("f.txt", R, ShareAccess.ALL)));
        first.close();
        open("f.txt", R, 0).close();
        open("f.txt", R | W | D, 0).close();
    }

    @Test
    void aRefusedOverwriteLeavesTheDataAndNoOpenBehind() throws IOException {
        try (FileHandle reader = open("f.txt", R, FILE_SHARE_READ)) {
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() ->
                    fs.create("f.txt", OVERWRITE, 0, R | W, ShareAccess.ALL, 0)));
            assertEquals("data", Files.readString(root.resolve("f.txt")));
            assertEquals(1, fs.openFiles().openCount(ShareFileSystem.fileKey(root.resolve("f.txt"))));
        }
    }

    @Test
    void eachStreamHasItsOwnShareModes() {
        fs.create("f.txt:s1", OPEN_IF, 0, R | W, ShareAccess.ALL, 0).handle().close();
        fs.create("f.txt:s2", OPEN_IF, 0, R | W, ShareAccess.ALL, 0).handle().close();
        try (FileHandle base = open("f.txt", R | W, 0);
             FileHandle s1 = open("f.txt:s1", R | W, 0);
             FileHandle s2 = open("f.txt:S2", R | W, 0)) {
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> open("f.txt", R, ShareAccess.ALL)));
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> open("f.txt:s1", R, ShareAccess.ALL)));
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> open("f.txt:s2", W, ShareAccess.ALL)));
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION,
                    status(() -> open("f.txt::$DATA", R, ShareAccess.ALL)));
        }
    }

    @Test
    void directoriesShareToo() throws IOException {
        Files.createDirectory(root.resolve("d"));
        try (FileHandle dir = fs.create("d", OPEN, CreateOptions.DIRECTORY_FILE, R, FILE_SHARE_WRITE, 0).handle()) {
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() ->
                    fs.create("d", OPEN, CreateOptions.DIRECTORY_FILE, R, ShareAccess.ALL, 0)));
            fs.create("d", OPEN, CreateOptions.DIRECTORY_FILE, ATTR, 0, 0).handle().close();
        }
    }

    @Test
    void theOldCreateSharesEverything() {
        try (FileHandle a = fs.create("f.txt", OPEN, 0, R | W | D, 0).handle();
             FileHandle b = fs.create("f.txt", OPEN, 0, R | W | D, 0).handle()) {
            assertEquals(ShareAccess.ALL, a.shareAccess());
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> open("f.txt", R, FILE_SHARE_READ)));
        }
    }

    @Test
    void openIfCreatesAFileForAnOpenThatOnlyReads() throws IOException {
        try (FileHandle h = fs.create("new.txt", OPEN_IF, 0, R, ShareAccess.ALL, 0).handle()) {
            assertTrue(Files.exists(root.resolve("new.txt")));
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(() -> h.data().write(0, utf8("x"))));
        }
    }

    @Test
    void unknownShareBitsAreInvalid() {
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> open("f.txt", R, 8)));
    }

    @Test
    void aDeletePendingFileRefusesNewOpensBeforeTheSharingCheck() {
        try (FileHandle h = open("f.txt", D, 0)) {
            h.deletion().setDeletePending(true);
            assertEquals(NtStatus.STATUS_DELETE_PENDING, status(() -> open("f.txt", R, ShareAccess.ALL)));
        }
        assertFalse(Files.exists(root.resolve("f.txt")));
    }

    @Test
    void renameNeedsEveryOtherOpenToShareDelete() {
        try (FileHandle mover = open("f.txt", D, ShareAccess.ALL);
             FileHandle other = open("f.txt", ATTR, FILE_SHARE_READ)) {
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> mover.renaming().rename("g.txt", false)));
        }
        try (FileHandle mover = open("f.txt", D, 0)) {
            mover.renaming().rename("g.txt", false);
            assertEquals("g.txt", mover.smbPath());
        }
    }

    @Test
    void renameIsRefusedByAnOpenOfTheTargetDirectoryThatDoesNotShareWriteOrHoldsDelete() throws IOException {
        Files.createDirectory(root.resolve("d"));
        Files.writeString(root.resolve("d").resolve("a.txt"), "x");
        int dirAccess = R | W | D;
        // rename.c share_delete_and_delete_access: the directory shares everything but holds DELETE.
        try (FileHandle dir = fs.create("d", OPEN, CreateOptions.DIRECTORY_FILE, dirAccess, ShareAccess.ALL, 0)
                .handle();
             FileHandle f = open("d\\a.txt", R | W | D, 0)) {
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> f.renaming().rename("d\\b.txt", false)));
        }
        // no_share_delete_but_delete_access: the directory shares nothing.
        try (FileHandle dir = fs.create("d", OPEN, CreateOptions.DIRECTORY_FILE, R | W, 0, 0).handle();
             FileHandle f = open("d\\a.txt", R | W | D, 0)) {
            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, status(() -> f.renaming().rename("d\\b.txt", false)));
        }
        // share_delete_no_delete_access: sharing everything without DELETE lets the rename through.
        try (FileHandle dir = fs.create("d", OPEN, CreateOptions.DIRECTORY_FILE, R | W, ShareAccess.ALL, 0)
                .handle();
             FileHandle f = open("d\\a.txt", R | W | D, 0)) {
            f.renaming().rename("d\\b.txt", false);
            assertTrue(Files.exists(root.resolve("d").resolve("b.txt")));
        }
    }

    @Test
    void concurrentExclusiveOpensAdmitOneAtATime() throws Exception {
        int threads = 8;
        int rounds = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        FileHandle h;
                        try {
                            h = open("f.txt", R | W, 0);
                        } catch (SmbException e) {
                            assertEquals(NtStatus.STATUS_SHARING_VIOLATION, e.status());
                            continue;
                        }
                        granted.incrementAndGet();
                        if (inside.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        inside.decrementAndGet();
                        h.close();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, overlaps.get());
        assertTrue(granted.get() > 0);
        assertEquals(0, fs.openFiles().openCount(ShareFileSystem.fileKey(root.resolve("f.txt"))));
        try (FileHandle h = open("f.txt", R, 0)) {
            assertEquals("data", readAll(h));
        }
    }
}

package io.signet.server.notify;

import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_ADDED;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_REMOVED;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_DIR_NAME;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_FILE_NAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.signet.config.NotifySettings;
import io.signet.protocol.fscc.FileNotifyInformation;
import io.signet.protocol.status.NtStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes made on disk, outside SMB, through the server's one {@link LocalChangeWatcher}. */
class LocalChangeWatcherTest {
    /** The platform reports within milliseconds; this only bounds a broken watcher. */
    private static final long WAIT_SECONDS = 20;

    @TempDir
    Path root;

    private ChangeNotifier notifier = new ChangeNotifier(NotifySettings.DEFAULT);

    @AfterEach
    void stop() {
        notifier.close();
    }

    /** A request that can be awaited. */
    static final class Awaited implements NotifyWaiter {
        private final CountDownLatch done = new CountDownLatch(1);
        private final ChangeNotifierTest.Waiter inner = new ChangeNotifierTest.Waiter();

        @Override
        public boolean finished() {
            return done.getCount() == 0;
        }

        @Override
        public void complete(NtStatus status, Consumer<ByteBuf> body) {
            inner.complete(status, body);
            done.countDown();
        }

        List<FileNotifyInformation> await() throws InterruptedException {
            assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS), "the change was not reported");
            assertEquals(NtStatus.STATUS_SUCCESS, inner.status);
            return inner.entries;
        }
    }

    private Awaited watch(Object open, Path dir, boolean tree, int filter) {
        assertNull(notifier.poll(open, dir, tree, filter, 4096));
        Awaited w = new Awaited();
        notifier.park(open, w, 4096);
        return w;
    }

    @Test
    void aFileCreatedOnDiskCompletesAnOutstandingNotify() throws Exception {
        Awaited w = watch(new Object(), root, false, FILE_NOTIFY_CHANGE_FILE_NAME);
        Files.createFile(root.resolve("made-locally.txt"));
        assertEquals(List.of(new FileNotifyInformation(FILE_ACTION_ADDED, "made-locally.txt")), w.await());
    }

    @Test
    void watchTreeSeesDiskChangesBelowItAndTellsDirectoriesFromFiles() throws Exception {
        Path sub = Files.createDirectories(root.resolve("a").resolve("b"));
        Object open = new Object();
        Awaited w = watch(open, root, true, FILE_NOTIFY_CHANGE_DIR_NAME);
        Files.createDirectory(sub.resolve("c"));
        assertEquals(List.of(new FileNotifyInformation(FILE_ACTION_ADDED, "a\\b\\c")), w.await());
        Awaited removed = new Awaited();
        notifier.park(open, removed, 4096);
        Files.createFile(sub.resolve("file")); // FILE_NAME: not asked for
        Files.delete(sub.resolve("c"));
        assertEquals(List.of(new FileNotifyInformation(FILE_ACTION_REMOVED, "a\\b\\c")), removed.await());
    }

    @Test
    void whatIsPutInANewDirectoryBeforeItIsWatchedIsStillReportedOnce() throws Exception {
        Object open = new Object();
        Awaited first = watch(open, root, true, FILE_NOTIFY_CHANGE_FILE_NAME);
        Path made = Files.createDirectory(root.resolve("new"));
        Files.createFile(made.resolve("inside.txt")); // most likely before the watcher has seen "new"
        assertEquals(List.of(new FileNotifyInformation(FILE_ACTION_ADDED, "new\\inside.txt")), first.await());
        Awaited next = new Awaited();
        notifier.park(open, next, 4096);
        Files.createFile(made.resolve("later.txt"));
        assertEquals(List.of(new FileNotifyInformation(FILE_ACTION_ADDED, "new\\later.txt")), next.await(),
                "the new directory is watched from then on, and inside.txt was not queued a second time");
    }

    @Test
    void theServersOwnChangeIsNotReportedTwice() throws Exception {
        Object open = new Object();
        Awaited w = watch(open, root, false, FILE_NOTIFY_CHANGE_FILE_NAME);
        Path made = Files.createFile(root.resolve("through-smb"));
        notifier.added(made, false); // what the CREATE handler reports after making the file
        assertEquals(List.of(new FileNotifyInformation(FILE_ACTION_ADDED, "through-smb")), w.await());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (notifier.echoesDropped() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(notifier.echoesDropped() > 0, "the disk event was seen and recognised as the echo");
        assertNull(notifier.poll(open, root, false, FILE_NOTIFY_CHANGE_FILE_NAME, 4096), "nothing more was queued");
    }

    @Test
    void oneServerHoldsOneInotifyInstanceWhateverTheNumberOfSharesAndWatches() throws Exception {
        long before = inotifyInstances();
        for (String share : List.of("one", "two", "three")) {
            Path dir = Files.createDirectories(root.resolve(share).resolve("sub"));
            watch(new Object(), dir.getParent(), true, FILE_NOTIFY_CHANGE_FILE_NAME);
            watch(new Object(), dir, false, FILE_NOTIFY_CHANGE_FILE_NAME);
        }
        assertEquals(before + 1, inotifyInstances());
        assertEquals(6, notifier.localWatcher().watchedCount(), "three roots and their subdirectories");
        notifier.close();
        assertEquals(before, inotifyInstances());
    }

    @Test
    void watchesGoWithTheLastOpenAndStayWithinNotifyMaxWatches() throws Exception {
        notifier.close();
        notifier = new ChangeNotifier(NotifySettings.DEFAULT.withMaxWatches(2));
        for (int i = 0; i < 5; i++) {
            Files.createDirectories(root.resolve("d" + i));
        }
        Object tree = new Object();
        Awaited w = watch(tree, root, true, FILE_NOTIFY_CHANGE_FILE_NAME);
        assertEquals(2, notifier.localWatcher().watchedCount());
        notifier.added(root.resolve("d4").resolve("f"), false); // a change made through SMB is still reported
        assertEquals(List.of(new FileNotifyInformation(FILE_ACTION_ADDED, "d4\\f")), w.await());
        notifier.closed(tree);
        assertEquals(0, notifier.localWatcher().watchedCount());
    }

    @Test
    void withoutAnInotifyInstanceSmbChangesAreStillReported() throws Exception {
        notifier.close();
        int[] attempts = {0};
        notifier = new ChangeNotifier(NotifySettings.DEFAULT, () -> {
            attempts[0]++;
            throw new IOException("User limit of inotify instances reached or too many open files");
        });
        Object first = new Object();
        Awaited w = watch(first, root, false, FILE_NOTIFY_CHANGE_FILE_NAME);
        watch(new Object(), root, true, FILE_NOTIFY_CHANGE_FILE_NAME);
        assertTrue(notifier.localWatcher().unavailable());
        assertEquals(1, attempts[0], "tried once, not on every watch");
        notifier.added(root.resolve("through-smb"), false);
        assertEquals(List.of(new FileNotifyInformation(FILE_ACTION_ADDED, "through-smb")), w.await());
    }

    @Test
    void notifyLocalChangesOffUsesNoInotifyInstance() throws Exception {
        notifier.close();
        long before = inotifyInstances();
        notifier = new ChangeNotifier(NotifySettings.DEFAULT.withLocalChanges(false));
        watch(new Object(), root, true, FILE_NOTIFY_CHANGE_FILE_NAME);
        assertNull(notifier.localWatcher());
        assertEquals(before, inotifyInstances());
    }

    /** The process's inotify instances: descriptors that link to "anon_inode:inotify". */
    private static long inotifyInstances() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("inotify");
                } catch (IOException e) {
                    return false; // the descriptor of the listing itself, closed meanwhile
                }
            }).count();
        }
    }
}

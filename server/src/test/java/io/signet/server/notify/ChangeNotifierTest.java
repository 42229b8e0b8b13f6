package io.signet.server.notify;

import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_ADDED;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_ADDED_STREAM;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_MODIFIED;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_MODIFIED_STREAM;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_REMOVED;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_RENAMED_NEW_NAME;
import static io.signet.protocol.fscc.FileNotifyInformation.FILE_ACTION_RENAMED_OLD_NAME;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_ATTRIBUTES;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_CREATION;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_DIR_NAME;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_EA;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_FILE_NAME;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_LAST_ACCESS;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_LAST_WRITE;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_SECURITY;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_SIZE;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_STREAM_NAME;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_STREAM_SIZE;
import static io.signet.protocol.smb2.message.ChangeNotifyRequest.FILE_NOTIFY_CHANGE_STREAM_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.config.NotifySettings;
import io.signet.protocol.fscc.FileBasicInformation;
import io.signet.protocol.fscc.FileNotifyInformation;
import io.signet.protocol.smb2.CreateAction;
import io.signet.protocol.status.NtStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** [MS-SMB2] 3.3.5.19 / [MS-FSA] 2.1.5.10 change notification, SMB-made changes only (no disk watcher). */
class ChangeNotifierTest {
    private static final int ALL = 0xFFF;
    private static final Path DIR = Path.of("/share/dir");
    private static final NotifySettings SMB_ONLY = NotifySettings.DEFAULT.withLocalChanges(false);

    /** A request as the table sees it: records its one completion and decodes its entries. */
    static final class Waiter implements NotifyWaiter {
        NtStatus status;
        List<FileNotifyInformation> entries;
        int completions;

        @Override
        public boolean finished() {
            return status != null;
        }

        @Override
        public void complete(NtStatus status, Consumer<ByteBuf> body) {
            completions++;
            this.status = status;
            if (body == null) {
                entries = List.of();
                return;
            }
            ByteBuf out = Unpooled.buffer();
            try {
                body.accept(out);
                // [MS-SMB2] 2.2.36: StructureSize (2), OutputBufferOffset (2), OutputBufferLength (4), Buffer.
                entries = FileNotifyInformation.decode(out.slice(8, out.getIntLE(4)));
            } finally {
                out.release();
            }
        }
    }

    private final ChangeNotifier notifier = new ChangeNotifier(SMB_ONLY);
    private final Object open = new Object();

    private Waiter park(Object o, boolean tree, int filter, long length) {
        assertNull(notifier.poll(o, DIR, tree, filter, length));
        Waiter w = new Waiter();
        notifier.park(o, w, length);
        return w;
    }

    private Waiter park(int filter) {
        return park(open, false, filter, 1000);
    }

    private static FileNotifyInformation entry(int action, String name) {
        return new FileNotifyInformation(action, name);
    }

    static Stream<Arguments> filterClasses() {
        Path f = DIR.resolve("f");
        return Stream.of(
                Arguments.of(FILE_NOTIFY_CHANGE_FILE_NAME, FILE_ACTION_ADDED, "f",
                        (Consumer<ChangeNotifier>) n -> n.added(f, false)),
                Arguments.of(FILE_NOTIFY_CHANGE_DIR_NAME, FILE_ACTION_ADDED, "f",
                        (Consumer<ChangeNotifier>) n -> n.added(f, true)),
                Arguments.of(FILE_NOTIFY_CHANGE_ATTRIBUTES, FILE_ACTION_MODIFIED, "f",
                        (Consumer<ChangeNotifier>) n -> n.basicInfoSet(f, new FileBasicInformation(0, 0, 0, 0, 2))),
                Arguments.of(FILE_NOTIFY_CHANGE_SIZE, FILE_ACTION_MODIFIED, "f",
                        (Consumer<ChangeNotifier>) n -> n.changed(f, FILE_NOTIFY_CHANGE_SIZE)),
                Arguments.of(FILE_NOTIFY_CHANGE_LAST_WRITE, FILE_ACTION_MODIFIED, "f",
                        (Consumer<ChangeNotifier>) n -> n.basicInfoSet(f, new FileBasicInformation(0, 0, 7, 0, 0))),
                Arguments.of(FILE_NOTIFY_CHANGE_LAST_ACCESS, FILE_ACTION_MODIFIED, "f",
                        (Consumer<ChangeNotifier>) n -> n.basicInfoSet(f, new FileBasicInformation(0, 7, 0, 0, 0))),
                Arguments.of(FILE_NOTIFY_CHANGE_CREATION, FILE_ACTION_MODIFIED, "f",
                        (Consumer<ChangeNotifier>) n -> n.basicInfoSet(f, new FileBasicInformation(7, 0, 0, 0, 0))),
                Arguments.of(FILE_NOTIFY_CHANGE_EA, FILE_ACTION_MODIFIED, "f",
                        (Consumer<ChangeNotifier>) n -> n.changed(f, ChangeNotifier.EA)),
                Arguments.of(FILE_NOTIFY_CHANGE_SECURITY, FILE_ACTION_MODIFIED, "f",
                        (Consumer<ChangeNotifier>) n -> n.changed(f, ChangeNotifier.SECURITY)),
                Arguments.of(FILE_NOTIFY_CHANGE_STREAM_NAME, FILE_ACTION_ADDED_STREAM, "f:s",
                        (Consumer<ChangeNotifier>) n -> n.created(f, false, false, CreateAction.CREATED, "s")),
                Arguments.of(FILE_NOTIFY_CHANGE_STREAM_SIZE, FILE_ACTION_MODIFIED_STREAM, "f:s",
                        (Consumer<ChangeNotifier>) n -> n.streamChanged(f, "s", FILE_ACTION_MODIFIED_STREAM,
                                FILE_NOTIFY_CHANGE_STREAM_SIZE)),
                Arguments.of(FILE_NOTIFY_CHANGE_STREAM_WRITE, FILE_ACTION_MODIFIED_STREAM, "f:s",
                        (Consumer<ChangeNotifier>) n -> n.streamChanged(f, "s", FILE_ACTION_MODIFIED_STREAM,
                                FILE_NOTIFY_CHANGE_STREAM_WRITE)));
    }

    @ParameterizedTest(name = "filter 0x{0}")
    @MethodSource("filterClasses")
    void eachFilterClassReportsItsChangesAndOnlyThose(int filter, int action, String name,
                                                      Consumer<ChangeNotifier> change) {
        Waiter wanting = park(open, false, filter, 1000);
        Object other = new Object();
        Waiter notWanting = park(other, false, ALL & ~filter, 1000);
        change.accept(notifier);
        assertEquals(NtStatus.STATUS_SUCCESS, wanting.status);
        assertEquals(List.of(entry(action, name)), wanting.entries);
        assertNull(notWanting.status, "a watch without that filter bit is not completed");
        assertNull(notifier.poll(other, DIR, false, ALL, 1000), "nor is anything queued for it");
    }

    @Test
    void aWriteIsModifiedForTheDataAndModifiedStreamForANamedStream() {
        Waiter data = park(open, false, FILE_NOTIFY_CHANGE_SIZE, 1000);
        Object streamOpen = new Object();
        Waiter stream = park(streamOpen, false, FILE_NOTIFY_CHANGE_STREAM_WRITE, 1000);
        notifier.written(DIR.resolve("f"), "");
        notifier.written(DIR.resolve("f"), "s");
        assertEquals(List.of(entry(FILE_ACTION_MODIFIED, "f")), data.entries);
        assertEquals(List.of(entry(FILE_ACTION_MODIFIED_STREAM, "f:s")), stream.entries);
    }

    @Test
    void watchTreeSeesTheSubtreeWithRelativeNamesAndAPlainWatchDoesNot() {
        Object plain = new Object();
        Waiter tree = park(open, true, ALL, 1000);
        Waiter direct = park(plain, false, ALL, 1000);
        notifier.added(DIR.resolve("a").resolve("b").resolve("c.txt"), false);
        assertEquals(List.of(entry(FILE_ACTION_ADDED, "a\\b\\c.txt")), tree.entries);
        assertNull(direct.status);
        notifier.changed(DIR, ChangeNotifier.ATTRIBUTES); // the watched directory itself: its parent's change
        assertNull(direct.status);
        notifier.removed(DIR.resolve("x"), false);
        assertEquals(List.of(entry(FILE_ACTION_REMOVED, "x")), direct.entries);
    }

    @Test
    void changesBetweenRequestsAreQueuedAndAnsweredAtOnce() {
        Waiter first = park(FILE_NOTIFY_CHANGE_FILE_NAME);
        notifier.added(DIR.resolve("one"), false);
        assertEquals(List.of(entry(FILE_ACTION_ADDED, "one")), first.entries);
        notifier.added(DIR.resolve("two"), false); // no request pending
        notifier.removed(DIR.resolve("two"), false);
        ChangeNotifier.Answer queued = notifier.poll(open, DIR, false, FILE_NOTIFY_CHANGE_FILE_NAME, 1000);
        assertEquals(NtStatus.STATUS_SUCCESS, queued.status());
        assertEquals(List.of(entry(FILE_ACTION_ADDED, "two"), entry(FILE_ACTION_REMOVED, "two")), queued.entries());
        assertNull(notifier.poll(open, DIR, false, FILE_NOTIFY_CHANGE_FILE_NAME, 1000), "the queue was emptied");
    }

    @Test
    void theFirstRequestFixesFilterAndTree() {
        Waiter first = park(open, false, FILE_NOTIFY_CHANGE_ATTRIBUTES, 1000);
        notifier.cancel(open, first);
        assertEquals(NtStatus.STATUS_CANCELLED, first.status);
        Waiter second = park(open, true, ALL, 1000); // asks for more: the open keeps its first filter
        notifier.added(DIR.resolve("n"), false);
        notifier.added(DIR.resolve("sub").resolve("n"), false);
        assertNull(second.status);
        notifier.changed(DIR.resolve("n"), FILE_NOTIFY_CHANGE_ATTRIBUTES);
        assertEquals(List.of(entry(FILE_ACTION_MODIFIED, "n")), second.entries);
    }

    @Test
    void severalOutstandingRequestsCompleteInOrder() {
        Waiter a = park(FILE_NOTIFY_CHANGE_FILE_NAME);
        Waiter b = new Waiter();
        notifier.park(open, b, 1000);
        notifier.added(DIR.resolve("1"), false);
        assertEquals(List.of(entry(FILE_ACTION_ADDED, "1")), a.entries);
        assertNull(b.status);
        notifier.added(DIR.resolve("2"), false);
        assertEquals(List.of(entry(FILE_ACTION_ADDED, "2")), b.entries);
        assertEquals(1, a.completions);
    }

    @Test
    void aRenameWithinTheDirectoryIsOnePairInOneResponse() {
        Waiter w = park(FILE_NOTIFY_CHANGE_FILE_NAME);
        notifier.renamed(new Object(), DIR.resolve("old"), DIR.resolve("new"), false);
        assertEquals(List.of(entry(FILE_ACTION_RENAMED_OLD_NAME, "old"), entry(FILE_ACTION_RENAMED_NEW_NAME, "new")),
                w.entries);
    }

    @Test
    void aMoveBetweenDirectoriesIsRemovedAndAddedAndTheFileIsModifiedWhenItsOpenCloses() {
        Object fileOpen = new Object();
        Waiter w = park(open, true, ALL, 1000);
        notifier.renamed(fileOpen, DIR.resolve("a").resolve("f"), DIR.resolve("f"), false);
        assertEquals(List.of(entry(FILE_ACTION_REMOVED, "a\\f")), w.entries);
        assertEquals(List.of(entry(FILE_ACTION_ADDED, "f")), notifier.poll(open, DIR, true, ALL, 1000).entries());
        notifier.afterClose(fileOpen, DIR.resolve("f"), false, false);
        assertEquals(List.of(entry(FILE_ACTION_MODIFIED, "f")), notifier.poll(open, DIR, true, ALL, 1000).entries());
        notifier.afterClose(fileOpen, DIR.resolve("f"), false, false);
        assertNull(notifier.poll(open, DIR, true, ALL, 1000), "once");
    }

    @Test
    void queuedBytesBeyondTheFirstRequestsBufferOverflowToEnumDir() {
        Waiter first = park(open, false, FILE_NOTIFY_CHANGE_FILE_NAME, 100);
        notifier.cancel(open, first);
        for (int i = 0; i < 10; i++) {
            notifier.added(DIR.resolve("file-" + i), false); // 12 + 12 bytes each, padded: 24; 10 of them > 100
        }
        ChangeNotifier.Answer answer = notifier.poll(open, DIR, false, FILE_NOTIFY_CHANGE_FILE_NAME, 100);
        assertEquals(NtStatus.STATUS_NOTIFY_ENUM_DIR, answer.status());
        assertEquals(List.of(), answer.entries());
        assertNull(notifier.poll(open, DIR, false, FILE_NOTIFY_CHANGE_FILE_NAME, 100), "the overflow was reported");
    }

    @Test
    void queuedChangesBeyondTheConfiguredCountOverflowToEnumDir() {
        ChangeNotifier bounded = new ChangeNotifier(SMB_ONLY.withMaxQueuedChanges(3));
        assertNull(bounded.poll(open, DIR, false, ALL, 65536));
        for (int i = 0; i < 3; i++) {
            bounded.added(DIR.resolve("f" + i), false);
        }
        assertEquals(NtStatus.STATUS_SUCCESS, bounded.poll(open, DIR, false, ALL, 65536).status());
        for (int i = 0; i < 4; i++) {
            bounded.added(DIR.resolve("f" + i), false);
        }
        assertEquals(NtStatus.STATUS_NOTIFY_ENUM_DIR, bounded.poll(open, DIR, false, ALL, 65536).status());
    }

    @Test
    void changesLargerThanTheRequestsOutputBufferAnswerEnumDir() {
        Waiter w = park(open, false, FILE_NOTIFY_CHANGE_FILE_NAME, 10);
        notifier.added(DIR.resolve("longer-than-ten-bytes"), false);
        assertEquals(NtStatus.STATUS_NOTIFY_ENUM_DIR, w.status);
        assertEquals(List.of(), w.entries);
    }

    @Test
    void closingTheOpenEndsItsRequestsWithNotifyCleanupAndDropsTheWatch() {
        Waiter a = park(FILE_NOTIFY_CHANGE_FILE_NAME);
        Waiter b = new Waiter();
        notifier.park(open, b, 1000);
        notifier.closed(open); // CLOSE, TREE_DISCONNECT and LOGOFF all close the open
        assertEquals(NtStatus.STATUS_NOTIFY_CLEANUP, a.status);
        assertEquals(NtStatus.STATUS_NOTIFY_CLEANUP, b.status);
        assertEquals(0, notifier.watchCount());
        notifier.added(DIR.resolve("late"), false);
        assertEquals(1, a.completions);
    }

    @Test
    void markingTheDirectoryForDeletionAnswersDeletePending() {
        Waiter w = park(FILE_NOTIFY_CHANGE_FILE_NAME);
        notifier.deletePending(DIR);
        assertEquals(NtStatus.STATUS_DELETE_PENDING, w.status);
    }

    @Test
    void aRequestWhoseSessionWentIsSkipped() {
        Waiter gone = park(FILE_NOTIFY_CHANGE_FILE_NAME);
        gone.status = NtStatus.STATUS_USER_SESSION_DELETED; // finished(): nobody reads its answer any more
        Waiter live = new Waiter();
        notifier.park(open, live, 1000);
        notifier.added(DIR.resolve("x"), false);
        assertEquals(0, gone.completions);
        assertEquals(List.of(entry(FILE_ACTION_ADDED, "x")), live.entries);
    }

    @Test
    void createReportsByWhatItDid() {
        Waiter w = park(open, false, ALL, 1000);
        BiConsumer<CreateAction, Boolean> create = (action, base) ->
                notifier.created(DIR.resolve("c"), false, base, action, "");
        create.accept(CreateAction.OPENED, false);
        assertNull(w.status, "opening what exists changes nothing");
        create.accept(CreateAction.OVERWRITTEN, false);
        assertEquals(List.of(entry(FILE_ACTION_MODIFIED, "c")), w.entries);
        assertTrue(notifier.watchCount() == 1);
    }
}

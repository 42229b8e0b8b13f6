package io.signet.storage;

import io.signet.protocol.fscc.FileBasicInformation;
import io.signet.protocol.fscc.FileTime;
import io.signet.storage.metadata.WriteTimeTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static io.signet.storage.StorageTestSupport.READ;
import static io.signet.storage.StorageTestSupport.READ_WRITE;
import static io.signet.storage.StorageTestSupport.open;
import static io.signet.storage.StorageTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * LastWriteTime as Windows moves it ({@code OpenWriteTime}): delayed after the first write, then fixed until the
 * close; made at once by FLUSH, end of file and basic information; kept by a client-set value or -1. The share reads
 * a clock the test moves, so no test waits.
 */
class WriteTimeTest {
    private static final long SECOND = 10_000_000L;
    private static final long DELAY = WriteTimeTable.UPDATE_DELAY;

    @TempDir
    Path root;
    ShareFileSystem fs;
    /** The share's clock, a FILETIME. */
    long now = FileTime.fromInstant(Instant.parse("2030-01-01T00:00:00Z"));
    long original;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(root.resolve("f.txt"), "abc");
        fs = new ShareFileSystem(root, false, "", () -> now);
        original = lastWrite("f.txt");
    }

    private long lastWrite(String path) {
        return lastWrite(fs, path);
    }

    private static void write(FileHandle h) {
        h.data().write(0, utf8("x"));
    }

    @Test
    void theFirstWriteMovesLastWriteTimeOnlyWhenItsUpdateFallsDue() {
        try (FileHandle h = open(fs, "f.txt", READ_WRITE)) {
            long writtenAt = now;
            write(h);
            assertEquals(original, h.metadata().stat().lastWriteTime(), "not at the write");
            now += DELAY - 1;
            assertEquals(original, lastWrite("f.txt"), "not before the delay, nor for another open");
            now += 1;
            assertEquals(writtenAt + DELAY, h.metadata().stat().lastWriteTime(), "when the update falls due");
            now += 5 * SECOND;
            assertEquals(writtenAt + DELAY, h.metadata().statAtClose().lastWriteTime(),
                    "a close with no write since the update leaves it");
        }
        assertEquals(FileTime.fromInstant(Instant.parse("2030-01-01T00:00:02Z")), lastWrite("f.txt"),
                "kept in the file system after the close");
    }

    @Test
    void writesAfterTheDelayedUpdateMoveTheTimeAtTheClose() {
        long due = now + DELAY;
        try (FileHandle h = open(fs, "f.txt", READ_WRITE)) {
            write(h);
            now += 3 * SECOND;
            assertEquals(due, h.metadata().stat().lastWriteTime());
            write(h);
            now += 3 * SECOND;
            assertEquals(due, h.metadata().stat().lastWriteTime(), "the second write waits for the close");
            now += 2 * SECOND;
            assertEquals(now, h.metadata().statAtClose().lastWriteTime(), "the close moves it to its own time");
        }
        assertEquals(now, lastWrite("f.txt"));
    }

    @Test
    void aCloseWithoutPostQueryMakesThePendingUpdateToo() {
        FileHandle h = open(fs, "f.txt", READ_WRITE);
        write(h);
        now += SECOND;
        h.close();
        assertEquals(now, lastWrite("f.txt"), "the update still pending is made at the close");
    }

    @Test
    void flushMakesThePendingUpdateAtOnceAndTheCloseLeavesIt() {
        try (FileHandle h = open(fs, "f.txt", READ_WRITE)) {
            h.data().flush();
            assertEquals(original, h.metadata().stat().lastWriteTime(), "a flush without a write changes nothing");
            write(h);
            now += SECOND / 2;
            h.data().flush();
            long flushedAt = now;
            assertEquals(flushedAt, h.metadata().stat().lastWriteTime());
            now += 5 * SECOND;
            assertEquals(flushedAt, h.metadata().statAtClose().lastWriteTime());
        }
    }

    @Test
    void settingTheSameEndOfFileAfterAWriteMakesTheUpdateAtOnce() {
        try (FileHandle h = open(fs, "f.txt", READ_WRITE)) {
            h.data().setEndOfFile(3);
            assertEquals(original, h.metadata().stat().lastWriteTime(), "no write, same size: nothing");
            write(h);
            now += SECOND;
            h.data().setEndOfFile(3);
            assertEquals(now, h.metadata().stat().lastWriteTime());
        }
    }

    @Test
    void aNewEndOfFileMovesTheTimeAtOnceEvenWithoutAWrite() {
        try (FileHandle h = open(fs, "f.txt", READ_WRITE)) {
            h.data().setEndOfFile(10);
            assertEquals(now, h.metadata().stat().lastWriteTime());
        }
        assertEquals(now, lastWrite("f.txt"));
    }

    @Test
    void basicInformationWithEveryFieldZeroMakesAWritesUpdateAtOnce() {
        try (FileHandle h = open(fs, "f.txt", READ_WRITE)) {
            write(h);
            now += SECOND;
            h.metadata().setBasicInfo(new FileBasicInformation(0, 0, 0, 0, 0));
            assertEquals(now, h.metadata().stat().lastWriteTime());
        }
    }

    @Test
    void aTimeSetThroughAnotherOpenOutlastsTheWritersClose() {
        long chosen = now + 86_400 * SECOND;
        try (FileHandle writer = open(fs, "f.txt", READ_WRITE)) {
            write(writer);
            writer.data().setEndOfFile(1);
            try (FileHandle setter = open(fs, "f.txt", READ_WRITE)) {
                setter.metadata().setBasicInfo(new FileBasicInformation(0, 0, chosen, 0, 0));
            }
            now += 5 * SECOND;
            assertEquals(chosen, writer.metadata().statAtClose().lastWriteTime());
        }
        assertEquals(chosen, lastWrite("f.txt"));
    }

    @Test
    void aTimeSetThroughTheOpenStaysThroughItsWritesAndClose() {
        long chosen = FileTime.fromInstant(Instant.parse("2001-02-03T04:05:06.1234567Z"));
        try (FileHandle h = open(fs, "f.txt", READ_WRITE)) {
            h.metadata().setBasicInfo(new FileBasicInformation(0, 0, chosen, 0, 0));
            write(h);
            h.data().setEndOfFile(7);
            h.data().flush();
            now += 5 * SECOND;
            assertEquals(chosen, h.metadata().statAtClose().lastWriteTime());
        }
        assertEquals(chosen, lastWrite("f.txt"));
    }

    @Test
    void minusOneFreezesTheTimeAndMinusTwoThawsIt() {
        try (FileHandle h = open(fs, "f.txt", READ_WRITE)) {
            h.metadata().setBasicInfo(new FileBasicInformation(0, 0, FileBasicInformation.STOP_UPDATING, 0, 0));
            write(h);
            now += 5 * SECOND;
            assertEquals(original, h.metadata().stat().lastWriteTime(), "frozen: the write leaves it");
            h.metadata().setBasicInfo(new FileBasicInformation(0, 0, FileBasicInformation.RESUME_UPDATING, 0, 0));
            assertEquals(original, h.metadata().stat().lastWriteTime(), "thawing alone changes nothing");
            long writtenAt = now;
            write(h);
            now += DELAY;
            assertEquals(writtenAt + DELAY, h.metadata().stat().lastWriteTime(), "thawed: writes move it again");
        }
    }

    @Test
    void aFrozenOpenDoesNotStopAnotherOpensUpdates() {
        try (FileHandle frozen = open(fs, "f.txt", READ_WRITE);
             FileHandle writer = open(fs, "f.txt", READ_WRITE)) {
            frozen.metadata().setBasicInfo(new FileBasicInformation(0, 0, FileBasicInformation.STOP_UPDATING, 0, 0));
            long writtenAt = now;
            write(writer);
            now += DELAY;
            assertEquals(writtenAt + DELAY, frozen.metadata().stat().lastWriteTime());
        }
    }

    @Test
    void anOverwriteEndsTheTimeAWriterHolds() throws IOException {
        try (FileHandle writer = open(fs, "f.txt", READ_WRITE)) {
            write(writer);
            Files.setLastModifiedTime(root.resolve("f.txt"), java.nio.file.attribute.FileTime.from(
                    Instant.parse("2020-01-01T00:00:00Z")));
            assertEquals(original, writer.metadata().stat().lastWriteTime(), "held through the write");
            try (FileHandle overwriting = fs.create("f.txt", io.signet.protocol.smb2.CreateDisposition.OVERWRITE, 0,
                    READ_WRITE, 0).handle()) {
                long overwrittenAt = FileTime.fromInstant(
                        Files.getLastModifiedTime(root.resolve("f.txt")).toInstant());
                assertEquals(overwrittenAt, overwriting.metadata().stat().lastWriteTime());
                assertEquals(overwrittenAt, writer.metadata().stat().lastWriteTime());
            }
        }
    }

    @Test
    void aDirectoryListingReportsTheHeldTime() {
        try (FileHandle h = open(fs, "f.txt", READ_WRITE); FileHandle dir = open(fs, "", READ)) {
            write(h);
            DirectoryCursor c = dir.directoryCursor();
            c.restart("f.txt");
            assertEquals(original, c.next().metadata().lastWriteTime());
        }
    }

    @Test
    void aLastWriteTimeTheFileSystemCannotKeepIsStoredAndSurvivesARestart() throws IOException {
        StorageTestSupport.assumeUserXattrs(root);
        // 2446-05-10T22:38:55Z (time_t 15032385535) and the last FILETIME year: past the JDK's nanosecond range.
        for (long chosen : new long[]{FileTime.fromInstant(Instant.ofEpochSecond(15_032_385_535L)),
                FileTime.fromInstant(Instant.parse("+30000-01-01T00:00:00Z"))}) {
            try (FileHandle h = open(fs, "f.txt", READ_WRITE)) {
                h.metadata().setBasicInfo(new FileBasicInformation(chosen, 0, chosen, 0, 0));
                assertEquals(chosen, h.metadata().stat().lastWriteTime());
            }
            ShareFileSystem restarted = new ShareFileSystem(root, false);
            assertEquals(chosen, lastWrite(restarted, "f.txt"));
            try (FileHandle dir = open(restarted, "", READ)) {
                DirectoryCursor c = dir.directoryCursor();
                c.restart("f.txt");
                assertEquals(chosen, c.next().metadata().lastWriteTime(), "listed too");
            }
        }
        try (FileHandle h = open(fs, "f.txt", READ_WRITE)) {
            long due = now + DELAY;
            write(h);
            now += DELAY;
            assertEquals(due, h.metadata().stat().lastWriteTime(), "a write moves it as any other");
        }
        assertEquals(now, lastWrite("f.txt"));
        assertEquals(now, lastWrite(new ShareFileSystem(root, false), "f.txt"), "and the stored one is gone");
    }

    private static long lastWrite(ShareFileSystem share, String path) {
        try (FileHandle h = open(share, path, READ)) {
            return h.metadata().stat().lastWriteTime();
        }
    }
}

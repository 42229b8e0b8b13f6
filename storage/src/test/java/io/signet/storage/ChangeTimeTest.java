package io.signet.storage;

import io.signet.protocol.fscc.FileBasicInformation;
import io.signet.storage.metadata.ChangeTimeOverride;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.signet.storage.StorageTestSupport.ALL;
import static io.signet.storage.StorageTestSupport.open;
import static io.signet.storage.StorageTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChangeTimeTest {
    /** A ChangeTime a month ahead, as smbtorture's "complex" files have. */
    private static final long CHOSEN = io.signet.protocol.fscc.FileTime.fromInstant(
            Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));

    @TempDir
    Path root;
    ShareFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(root.resolve("f.txt"), "abc");
        Files.createDirectory(root.resolve("d"));
        fs = new ShareFileSystem(root, false);
    }

    private static void setChangeTime(FileHandle h, long changeTime, int attributes) {
        h.metadata().setBasicInfo(new FileBasicInformation(0, 0, 0, changeTime, attributes));
    }

    @Test
    void aSetChangeTimeIsReportedEverywhereAndSurvivesARestart() {
        try (FileHandle h = open(fs, "f.txt", ALL)) {
            setChangeTime(h, CHOSEN, 0);
            assertEquals(CHOSEN, h.metadata().stat().changeTime());
            assertEquals(CHOSEN, h.metadata().infoContext().metadata().changeTime());
        }
        ShareFileSystem restarted = new ShareFileSystem(root, false);
        try (FileHandle dir = open(restarted, "", ALL)) {
            DirectoryCursor c = dir.directoryCursor();
            c.restart("f.txt");
            assertEquals(CHOSEN, c.next().metadata().changeTime());
        }
        try (FileHandle d = open(restarted, "d", ALL)) {
            setChangeTime(d, CHOSEN, 0);
            assertEquals(CHOSEN, d.metadata().stat().changeTime(), "directories keep one too");
        }
    }

    @Test
    void theSettingOpenKeepsItThroughItsOwnChanges() {
        try (FileHandle h = open(fs, "f.txt", ALL)) {
            setChangeTime(h, CHOSEN, io.signet.protocol.fscc.FileAttributes.READONLY);
            assertEquals(CHOSEN, h.metadata().stat().changeTime(), "set together with READONLY (a chmod)");
            setChangeTime(h, 0, io.signet.protocol.fscc.FileAttributes.NORMAL);
            h.data().write(0, utf8("more"));
            h.data().setEndOfFile(2);
            assertEquals(CHOSEN, h.metadata().stat().changeTime(), "[MS-FSA] Open.UserSetChangeTime");
        }
    }

    @Test
    void aChangeThroughAnotherOpenAdvancesIt() {
        try (FileHandle setter = open(fs, "f.txt", ALL); FileHandle writer = open(fs, "f.txt", ALL)) {
            setChangeTime(setter, CHOSEN, 0);
            writer.data().write(0, utf8("x"));
            long now = io.signet.protocol.fscc.FileTime.fromInstant(Instant.now());
            long reported = writer.metadata().stat().changeTime();
            assertNotEquals(CHOSEN, reported);
            assertTrue(Math.abs(now - reported) < 50_000_000L, "ChangeTime is now again");
        }
    }

    @Test
    void minusOneFreezesItAndMinusTwoLetsItAdvance() throws InterruptedException {
        try (FileHandle h = open(fs, "f.txt", ALL)) {
            long before = h.metadata().stat().changeTime();
            setChangeTime(h, FileBasicInformation.STOP_UPDATING, 0);
            h.data().write(0, utf8("x"));
            assertEquals(before, h.metadata().stat().changeTime());
            setChangeTime(h, FileBasicInformation.RESUME_UPDATING, 0);
            Thread.sleep(30);   // past the file system's timestamp granularity
            h.data().write(0, utf8("y"));
            assertNotEquals(before, h.metadata().stat().changeTime());
        }
    }

    @Test
    void aChangeMadeOutsideTheServerWins() throws Exception {
        try (FileHandle h = open(fs, "f.txt", ALL)) {
            setChangeTime(h, CHOSEN, 0);
            Thread.sleep(ChangeTimeOverride.SLACK / 10_000 + 20);
            Files.setLastModifiedTime(root.resolve("f.txt"), FileTime.from(Instant.now()));   // a local touch
            assertNotEquals(CHOSEN, h.metadata().stat().changeTime());
        }
    }

    @Test
    void renamingAdvancesIt() {
        try (FileHandle setter = open(fs, "f.txt", ALL); FileHandle renamer = open(fs, "f.txt", ALL)) {
            setChangeTime(setter, CHOSEN, 0);
            renamer.renaming().rename("g.txt", false);
            assertNotEquals(CHOSEN, renamer.metadata().stat().changeTime());
        }
    }

    @Test
    void theOverrideRule() {
        ChangeTimeOverride o = new ChangeTimeOverride(5, 100);
        assertEquals(5, o.effective(100));
        assertEquals(101, o.effective(101));
        assertTrue(o.holds(99));
    }
}

package io.signet.storage.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryNameIndexTest {
    /** A directory time no real change will produce, so tests can hide a change from the time check. */
    private static final FileTime PINNED = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path dir;
    private final AtomicLong clock = new AtomicLong();
    private DirectoryNameIndex index;

    @BeforeEach
    void setUp() throws IOException {
        Files.createFile(dir.resolve("Readme.TXT"));
        Files.setLastModifiedTime(dir, PINNED);
        index = new DirectoryNameIndex(clock::get);
    }

    @Test
    void findsTheActualNameIgnoringCase() throws IOException {
        assertEquals("Readme.TXT", index.find(dir, "README.txt"));
        assertEquals("Readme.TXT", index.find(dir, "readme.txt"));
        assertNull(index.find(dir, "readme.md"));
    }

    @Test
    void anotherProgramsChangeIsSeenOnceTheDirectoryTimeMoves() throws IOException {
        assertNull(index.find(dir, "new.txt"));
        Files.createFile(dir.resolve("NEW.txt"));
        Files.setLastModifiedTime(dir, FileTime.fromMillis(PINNED.toMillis() + 1));
        assertEquals("NEW.txt", index.find(dir, "new.txt"));
    }

    @Test
    void aChangeThatKeepsTheDirectoryTimeIsSeenAfterTheAgeLimit() throws IOException {
        assertNull(index.find(dir, "new.txt"));
        Files.createFile(dir.resolve("NEW.txt"));
        Files.setLastModifiedTime(dir, PINNED);    // as if made within the same timestamp tick
        assertNull(index.find(dir, "new.txt"), "the listing is trusted while the directory time is unchanged");
        clock.addAndGet(DirectoryNameIndex.MAX_AGE_NANOS + 1);
        assertEquals("NEW.txt", index.find(dir, "new.txt"));
    }

    @Test
    void signetsOwnCreationUpdatesTheListingWithoutListingAgain() throws IOException {
        assertNull(index.find(dir, "a.txt"));
        FileTime before = DirectoryNameIndex.modified(dir);
        Files.createFile(dir.resolve("A.txt"));
        index.created(dir, "A.txt", before);
        FileTime recorded = DirectoryNameIndex.modified(dir);
        // Another program's file, hidden from the time check: seen only if the directory were listed again.
        Files.createFile(dir.resolve("B.txt"));
        Files.setLastModifiedTime(dir, recorded);
        assertEquals("A.txt", index.find(dir, "a.TXT"));
        assertNull(index.find(dir, "b.txt"), "the patched listing was used");
    }

    @Test
    void aCreationAfterAnUnseenChangeDropsTheListing() throws IOException {
        assertNull(index.find(dir, "x.txt"));
        Files.createFile(dir.resolve("X.txt"));                        // another program ...
        Files.setLastModifiedTime(dir, FileTime.fromMillis(PINNED.toMillis() + 5));
        FileTime before = DirectoryNameIndex.modified(dir);            // ... before Signet's own creation
        Files.createFile(dir.resolve("own.txt"));
        index.created(dir, "own.txt", before);
        assertEquals("X.txt", index.find(dir, "x.TXT"), "the listing was retaken, not patched");
        assertEquals("own.txt", index.find(dir, "OWN.TXT"));
    }

    @Test
    void forgetMakesTheNextLookupListAgain() throws IOException {
        assertEquals("Readme.TXT", index.find(dir, "readme.txt"));
        Files.move(dir.resolve("Readme.TXT"), dir.resolve("Other.TXT"));
        Files.setLastModifiedTime(dir, PINNED);
        index.forget(dir);
        assertNull(index.find(dir, "readme.txt"));
        assertEquals("Other.TXT", index.find(dir, "other.txt"));
    }

    @Test
    void ofNamesDifferingOnlyInCaseTheSmallestIsFound() throws IOException {
        Files.createFile(dir.resolve("readme.txt"));
        Files.setLastModifiedTime(dir, FileTime.fromMillis(PINNED.toMillis() + 9));
        assertEquals("Readme.TXT", index.find(dir, "README.TXT"));
    }
}

package io.signet.server.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The records of persistent opens in the state directory: written whole, read defensively, removed for good. */
class PersistentOpenStoreTest {
    private static final Duration MAX = Duration.ofSeconds(300);

    @TempDir
    Path state;

    @Test
    void nothingIsWrittenUntilTheFirstRecordAndRecordsReadBackAndGo() throws IOException {
        PersistentOpenStore store = new PersistentOpenStore(state, 100);
        assertEquals(List.of(), store.load(MAX));
        assertFalse(Files.exists(state.resolve("persistent")), "no persistent open, no directory");
        PersistedOpen a = PersistedOpenTest.sample(0x10, "a.txt");
        PersistedOpen b = PersistedOpenTest.sample(0x20, "b.txt");
        store.write(a);
        store.write(b);
        store.write(a); // written again: replaced, not doubled
        assertEquals(2, store.load(MAX).size());
        assertTrue(store.load(MAX).containsAll(List.of(a, b)));
        store.remove(0x10);
        store.remove(0x30); // none: nothing happens
        assertEquals(List.of(b), store.load(MAX));
        assertEquals(List.of("0000000000000020.open"), names());
    }

    @Test
    void damagedForeignAndMisnamedFilesAreIgnoredAndLeftAloneWhileTheGoodOnesAreRead() throws IOException {
        PersistentOpenStore store = new PersistentOpenStore(state, 100);
        PersistedOpen good = PersistedOpenTest.sample(0x10, "good.txt");
        store.write(good);
        Path dir = state.resolve("persistent");
        Files.writeString(dir.resolve("0000000000000011.open"), "garbage");
        Files.write(dir.resolve("0000000000000012.open"), new byte[] {(byte) 0xC3, 0x28}); // not UTF-8
        // A valid record under another open's name is not trusted either.
        Files.writeString(dir.resolve("0000000000000013.open"), PersistedOpenTest.sample(0x14, "x").encode());
        Files.writeString(dir.resolve("notes.txt"), "someone else's file");
        Files.createDirectory(dir.resolve("0000000000000015.open"));
        Files.writeString(dir.resolve("0000000000000016.open.tmp"), "a write cut short");
        assertEquals(List.of(good), store.load(MAX));
        List<String> left = names();
        assertFalse(left.contains("0000000000000016.open.tmp"), "the store's own leftover is removed");
        assertTrue(left.containsAll(List.of("0000000000000011.open", "0000000000000012.open",
                "0000000000000013.open", "notes.txt")), "the others are left as they are: " + left);
    }

    @Test
    void atMostMaxRecordsAreRead() throws IOException {
        PersistentOpenStore store = new PersistentOpenStore(state, 2);
        for (long id = 1; id <= 5; id++) {
            store.write(PersistedOpenTest.sample(id, "f" + id));
        }
        assertEquals(2, store.load(MAX).size());
    }

    @Test
    void aRecordIsWrittenWhole() throws IOException {
        PersistentOpenStore store = new PersistentOpenStore(state, 10);
        PersistedOpen open = PersistedOpenTest.sample(0xabc, "whole.txt");
        store.write(open);
        assertEquals(open.encode(), Files.readString(state.resolve("persistent").resolve("0000000000000abc.open"),
                StandardCharsets.UTF_8));
        assertEquals(List.of("0000000000000abc.open"), names(), "no temporary file is left behind");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(state.resolve("persistent"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

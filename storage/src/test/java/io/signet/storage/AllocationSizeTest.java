package io.signet.storage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.status.NtStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.signet.storage.StorageTestSupport.ALL;
import static io.signet.storage.StorageTestSupport.READ;
import static io.signet.storage.StorageTestSupport.open;
import static io.signet.storage.StorageTestSupport.status;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AllocationSizeTest {
    @TempDir
    Path root;
    ShareFileSystem fs;
    int unit;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(root.resolve("f.txt"), "abc");
        fs = new ShareFileSystem(root, false);
        unit = fs.allocationUnit();
    }

    @Test
    void aLargerAllocationIsReportedUntilTheLastOpenCloses() throws IOException {
        try (FileHandle h = open(fs, "f.txt", ALL); FileHandle other = open(fs, "f.txt", READ)) {
            h.data().setAllocationSize(unit * 3L - 7);
            assertEquals(unit * 3L, h.metadata().stat().allocationSize(), "rounded up to the allocation unit");
            assertEquals(3, h.metadata().stat().endOfFile(), "the end of file stays");
            assertEquals(unit * 3L, other.metadata().stat().allocationSize(), "every open sees it");
            assertEquals(unit * 3L, listed("f.txt").allocationSize(), "so does a directory listing");
            h.data().setEndOfFile(unit * 5L);
            assertEquals(unit * 5L,
                    h.metadata().stat().allocationSize(), "the end of file never passes the allocation");
        }
        try (FileHandle h = open(fs, "f.txt", READ)) {
            assertEquals(unit * 5L, h.metadata().stat().allocationSize(), "[MS-FSCC] 2.4.4: freed at the last close");
        }
        assertEquals(unit * 5L, Files.size(root.resolve("f.txt")));
    }

    @Test
    void anAllocationBelowTheEndOfFileTruncates() throws IOException {
        try (FileHandle h = open(fs, "f.txt", ALL)) {
            h.data().setAllocationSize(1);
            assertEquals(1, Files.size(root.resolve("f.txt")));
            h.data().setAllocationSize(0);
            assertEquals(0, h.metadata().stat().endOfFile());
            assertEquals(0, h.metadata().stat().allocationSize());
        }
    }

    @Test
    void anAllocationTheVolumeCannotHoldIsDiskFull() throws IOException {
        try (FileHandle h = open(fs, "f.txt", ALL)) {
            assertEquals(NtStatus.STATUS_DISK_FULL, status(() -> h.data().setAllocationSize(Long.MAX_VALUE)));
            assertEquals(NtStatus.STATUS_DISK_FULL, status(() -> h.data().applyCreateAllocationSize(Long.MAX_VALUE)));
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, status(() -> h.data().applyCreateAllocationSize(-1)));
        }
        assertEquals(3, Files.size(root.resolve("f.txt")), "nothing changed");
    }

    @Test
    void theCreateContextSetsItWithoutWriteAccess() {
        try (FileHandle h = open(fs, "f.txt", READ)) {
            h.data().applyCreateAllocationSize(1 << 20);
            assertEquals(1 << 20, h.metadata().stat().allocationSize());
        }
    }

    @Test
    void aStreamHasItsOwn() {
        try (FileHandle s = fs.create("f.txt:s", CreateDisposition.CREATE, 0, ALL, 0).handle();
             FileHandle f = open(fs, "f.txt", READ)) {
            s.data().setAllocationSize(unit * 2L);
            assertEquals(unit * 2L, s.metadata().stat().allocationSize());
            assertEquals(unit, f.metadata().stat().allocationSize());
        }
    }

    private FileMetadata listed(String name) {
        try (FileHandle dir = open(fs, "", READ)) {
            DirectoryCursor c = dir.directoryCursor();
            c.restart(name);
            return c.next().metadata();
        }
    }
}

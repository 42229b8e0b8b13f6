package io.signet.storage;

import io.signet.protocol.fscc.DirectoryEntry;
import io.signet.protocol.fscc.ExtendedAttribute;
import io.signet.protocol.fscc.FullEaInformation;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.status.NtStatus;
import io.signet.storage.metadata.EaStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.signet.storage.StorageTestSupport.READ;
import static io.signet.storage.StorageTestSupport.READ_WRITE;
import static io.signet.storage.StorageTestSupport.createFile;
import static io.signet.storage.StorageTestSupport.open;
import static io.signet.storage.StorageTestSupport.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Extended attributes ([MS-FSCC] 2.4.15) kept in {@code user.signet.ea.*} extended attributes. */
class EaStoreTest {
    @TempDir
    Path root;
    ShareFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        StorageTestSupport.assumeUserXattrs(root);
        fs = new ShareFileSystem(root, false);
    }

    private static ExtendedAttribute ea(String name, String value) {
        return new ExtendedAttribute(0, name, value.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void setListAndDelete() throws IOException {
        try (FileHandle h = createFile(fs, "f.txt", AccessMask.GENERIC_ALL)) {
            assertEquals(List.of(), h.metadata().extendedAttributes());
            assertEquals(0, h.metadata().infoContext().eaSize());
            h.metadata().setExtendedAttributes(List.of(ea("EaOne", "VALUE1"), ea("secondEa", "ValueTwo")));
            List<ExtendedAttribute> eas = h.metadata().extendedAttributes();
            assertEquals(2, eas.size());
            assertTrue(eas.contains(ea("EAONE", "VALUE1")));
            assertTrue(eas.contains(ea("SECONDEA", "ValueTwo")));
            assertEquals(FullEaInformation.eaSize(eas), h.metadata().infoContext().eaSize());
            // case-insensitive: a differently spelled name replaces the value; an empty value deletes
            h.metadata().setExtendedAttributes(List.of(ea("eaone", "other"), ea("SecondEA", "")));
            assertEquals(List.of(ea("EAONE", "other")), h.metadata().extendedAttributes());
            h.metadata().setExtendedAttributes(List.of(ea("missing", "")));   // deleting a missing EA is no error
            assertEquals(1, h.metadata().extendedAttributes().size());
        }
        UserDefinedFileAttributeView view =
                Files.getFileAttributeView(root.resolve("f.txt"), UserDefinedFileAttributeView.class);
        assertTrue(view.list().contains("signet.ea.EAONE"));
    }

    @Test
    void flagsAreKept() {
        try (FileHandle h = createFile(fs, "f.txt", AccessMask.GENERIC_ALL)) {
            ExtendedAttribute need = new ExtendedAttribute(ExtendedAttribute.FILE_NEED_EA, "N", new byte[]{7});
            h.metadata().setExtendedAttributes(List.of(need));
            assertEquals(List.of(need), h.metadata().extendedAttributes());
        }
    }

    @Test
    void accessRights() {
        try (FileHandle h = createFile(fs, "f.txt", READ_WRITE)) {
            h.metadata().setExtendedAttributes(List.of(ea("A", "1")));
        }
        try (FileHandle h = open(fs, "f.txt", AccessMask.FILE_READ_ATTRIBUTES)) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, status(h.metadata()::extendedAttributes));
            assertEquals(NtStatus.STATUS_ACCESS_DENIED,
                    status(() -> h.metadata().setExtendedAttributes(List.of(ea("B", "2")))));
            assertEquals(12, h.metadata().infoContext().eaSize());   // 8 + "A" + NUL + "1", padded; needs no EA right
        }
        try (FileHandle h = open(fs, "f.txt", READ)) {
            assertEquals(List.of(ea("A", "1")), h.metadata().extendedAttributes());
        }
    }

    @Test
    void createReplacesOnOverwrite() {
        try (FileHandle h = createFile(fs, "f.txt", READ_WRITE)) {
            h.metadata().applyCreateExtendedAttributes(List.of(ea("A", "1"), ea("B", "2")), false);
        }
        try (FileHandle h = fs.create("f.txt", CreateDisposition.OVERWRITE, 0, READ_WRITE, 0).handle()) {
            h.metadata().applyCreateExtendedAttributes(List.of(ea("C", "3")), true);
            assertEquals(List.of(ea("C", "3")), h.metadata().extendedAttributes());
        }
    }

    @Test
    void readOnlyFileKeepsItsPermission() throws IOException {
        try (FileHandle h = fs.create("ro.txt", CreateDisposition.CREATE, CreateOptions.NON_DIRECTORY_FILE,
                AccessMask.GENERIC_ALL, 0, io.signet.protocol.fscc.FileAttributes.READONLY).handle()) {
            h.metadata().applyCreateExtendedAttributes(List.of(ea("A", "1")), false);
            assertEquals(List.of(ea("A", "1")), h.metadata().extendedAttributes());
        }
        assertTrue(!Files.isWritable(root.resolve("ro.txt")) || System.getProperty("user.name").equals("root"));
    }

    @Test
    void limits() {
        try (FileHandle h = createFile(fs, "f.txt", READ_WRITE)) {
            assertEquals(NtStatus.STATUS_INVALID_EA_NAME,
                    status(() -> h.metadata().setExtendedAttributes(
                            List.of(ea("x".repeat(EaStore.MAX_NAME_LENGTH + 1), "v")))));
            // more than one ext4 block (or tmpfs's limit) or more than 64 KiB in all: STATUS_EA_TOO_LARGE
            byte[] big = new byte[ExtendedAttribute.MAX_VALUE_LENGTH];
            List<ExtendedAttribute> two = List.of(new ExtendedAttribute(0, "A", big),
                    new ExtendedAttribute(0, "B", big));
            assertEquals(NtStatus.STATUS_EA_TOO_LARGE, status(() -> h.metadata().setExtendedAttributes(two)));
            assertEquals(List.of(), h.metadata().extendedAttributes());
        }
    }

    @Test
    void directoriesAndStreamsShareTheFilesEas() {
        try (FileHandle d = fs.create("d", CreateDisposition.CREATE, CreateOptions.DIRECTORY_FILE,
                AccessMask.GENERIC_ALL, 0).handle()) {
            d.metadata().setExtendedAttributes(List.of(ea("D", "dir")));
            assertEquals(List.of(ea("D", "dir")), d.metadata().extendedAttributes());
        }
        try (FileHandle f = createFile(fs, "s.txt", READ_WRITE);
             FileHandle s = fs.create("s.txt:str", CreateDisposition.CREATE, 0, READ_WRITE, 0).handle()) {
            s.metadata().setExtendedAttributes(List.of(ea("S", "1")));
            assertArrayEquals(new byte[]{'1'}, f.metadata().extendedAttributes().get(0).value());
        }
    }

    @Test
    void aDirectoryListingCarriesEachEntrysEaSize() throws IOException {
        try (FileHandle h = createFile(fs, "with.txt", AccessMask.GENERIC_ALL)) {
            h.metadata().setExtendedAttributes(List.of(ea("EaOne", "VALUE1")));
        }
        createFile(fs, "without.txt", AccessMask.GENERIC_ALL).close();
        Map<String, Long> sizes = new HashMap<>();
        try (FileHandle dir = fs.create("", CreateDisposition.OPEN, CreateOptions.DIRECTORY_FILE,
                AccessMask.GENERIC_READ, 0).handle()) {
            DirectoryCursor c = dir.directoryCursor();
            c.restart("*.txt");
            for (DirectoryEntry e = c.next(); e != null; e = c.next()) {
                sizes.put(e.name(), e.eaSize());
            }
        }
        assertEquals(Map.of("with.txt", FullEaInformation.eaSize(List.of(ea("EAONE", "VALUE1"))),
                "without.txt", 0L), sizes);
    }
}

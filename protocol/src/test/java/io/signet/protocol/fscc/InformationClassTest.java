package io.signet.protocol.fscc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InformationClassTest {
    @Test
    void fileClassesRoundTripTheirLevels() {
        for (FileInformationClass c : FileInformationClass.values()) {
            assertSame(c, FileInformationClass.fromCode(c.code()));
        }
        assertEquals(37, FileInformationClass.FileIdBothDirectoryInformation.code());
        assertEquals(65, FileInformationClass.FileRenameInformationEx.code());
    }

    @Test
    void unknownFileLevelsAreNull() {
        assertNull(FileInformationClass.fromCode(11));    // FileLinkInformation: not carried yet
        assertNull(FileInformationClass.fromCode(0));
        assertNull(FileInformationClass.fromCode(-1));
        assertNull(FileInformationClass.fromCode(66));
        assertNull(FileInformationClass.fromCode(255));
    }

    @Test
    void fileSystemClassesRoundTripTheirLevels() {
        for (FileSystemInformationClass c : FileSystemInformationClass.values()) {
            assertSame(c, FileSystemInformationClass.fromCode(c.code()));
        }
        assertEquals(11, FileSystemInformationClass.FileFsSectorSizeInformation.code());
        assertNull(FileSystemInformationClass.fromCode(2));   // FileFsLabelInformation is set-only, not carried
        assertNull(FileSystemInformationClass.fromCode(12));
        assertNull(FileSystemInformationClass.fromCode(-5));
    }

    @Test
    void normalStandsAloneOnly() {
        assertEquals(FileAttributes.NORMAL, FileAttributes.normalise(0));
        assertEquals(FileAttributes.NORMAL, FileAttributes.normalise(FileAttributes.NORMAL));
        assertEquals(FileAttributes.ARCHIVE, FileAttributes.normalise(FileAttributes.ARCHIVE | FileAttributes.NORMAL));
    }

    @Test
    void onlyTheSetClassesAreSettable() {
        assertTrue(FileInformationClass.FileBasicInformation.settable());
        assertTrue(FileInformationClass.FileModeInformation.settable());
        assertTrue(FileInformationClass.FileRenameInformation.settable());
        assertFalse(FileInformationClass.FileStandardInformation.settable());
        assertFalse(FileInformationClass.FileAllInformation.settable());
        assertFalse(FileInformationClass.FileNameInformation.settable());
        assertFalse(FileInformationClass.FileIdBothDirectoryInformation.settable());
    }
}

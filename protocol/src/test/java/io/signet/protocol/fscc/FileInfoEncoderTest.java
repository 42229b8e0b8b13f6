package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static io.signet.protocol.fscc.FileInformationClass.*;
import static io.signet.protocol.fscc.Fixtures.TIMES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileInfoEncoderTest {
    /** FILE_GENERIC_READ: includes FILE_READ_ATTRIBUTES. */
    private static final int READ = 0x00120089;
    private static final FileInfoContext FILE = new FileInfoContext(Fixtures.FILE, "\\d\\ab", READ, 0x4000, 0x20,
            true, OptionalLong.of(0x1122334455667788L));
    private static final FileInfoContext DIRECTORY = new FileInfoContext(Fixtures.DIRECTORY, "\\", READ, 0, 0,
            false);

    private final ByteBuf out = Unpooled.buffer();

    @AfterEach
    void release() {
        out.release();
    }

    private String encode(FileInformationClass c, FileInfoContext ctx) {
        FileInfoEncoder.encode(c, ctx, out);
        return Hex.of(out);
    }

    private static NtStatus refusal(FileInformationClass c, FileInfoContext ctx) {
        ByteBuf scratch = Unpooled.buffer();
        try {
            return assertThrows(SmbException.class, () -> FileInfoEncoder.encode(c, ctx, scratch)).status();
        } finally {
            scratch.release();
        }
    }

    @Test
    void basic() {
        assertEquals(Hex.clean(TIMES + " 20000000 00000000"), encode(FileBasicInformation, FILE));
        assertEquals(40, out.readableBytes());
    }

    @Test
    void standard() {
        assertEquals(Hex.clean("""
                0010000000000000   // AllocationSize
                2301000000000000   // EndOfFile
                01000000           // NumberOfLinks: 2, less the one pending deletion
                01 00 0000         // DeletePending, Directory, Reserved
                """), encode(FileStandardInformation, FILE));
    }

    @Test
    void aFileWithOneLinkPendingDeletionHasNoLinks() {
        FileInfoContext doomed = new FileInfoContext(new FileMetadata(Fixtures.CREATION, Fixtures.ACCESS,
                Fixtures.WRITE, Fixtures.CHANGE, 0, 0, FileAttributes.ARCHIVE, Fixtures.FILE_ID, 1, false), "\\f",
                READ, 0, 0, true);
        assertEquals(Hex.clean("0000000000000000 0000000000000000 00000000 01 00 0000"),
                encode(FileStandardInformation, doomed));
    }

    @Test
    void standardForADirectory() {
        assertEquals(Hex.clean("0000000000000000 0000000000000000 01000000 00 01 0000"),
                encode(FileStandardInformation, DIRECTORY));
    }

    @Test
    void smallFixedClasses() {
        assertEquals("0f0e0d0c0b0a0000", encode(FileInternalInformation, FILE));
        out.clear();
        assertEquals("00000000", encode(FileEaInformation, FILE));
        out.clear();
        FileInfoContext withEas = new FileInfoContext(Fixtures.FILE, "\\ab", READ, 0, 0, false,
                OptionalLong.empty(), java.util.List.of(), 48);
        assertEquals("30000000", encode(FileEaInformation, withEas));
        out.clear();
        assertEquals("89001200", encode(FileAccessInformation, FILE));
        out.clear();
        assertEquals("0040000000000000", encode(FilePositionInformation, FILE));
        out.clear();
        assertEquals("20000000", encode(FileModeInformation, FILE));
        out.clear();
        assertEquals("00000000", encode(FileAlignmentInformation, FILE));
        out.clear();
        assertEquals("2000000000000000", encode(FileAttributeTagInformation, FILE));
    }

    @Test
    void nameHasTheLeadingSeparator() {
        assertEquals(Hex.clean("0a000000 5c00 6400 5c00 6100 6200"), encode(FileNameInformation, FILE));
        out.clear();
        assertEquals(Hex.clean("02000000 5c00"), encode(FileNameInformation, DIRECTORY));
    }

    @Test
    void normalizedNameHasNoLeadingSeparator() {
        assertEquals(Hex.clean("08000000 6400 5c00 6100 6200"), encode(FileNormalizedNameInformation, FILE));
        out.clear();
        assertEquals("00000000", encode(FileNormalizedNameInformation, DIRECTORY));
    }

    @Test
    void all() {
        assertEquals(Hex.clean(TIMES + """
                 20000000 00000000  // BasicInformation: FileAttributes, Reserved
                0010000000000000 2301000000000000 01000000 01 00 0000  // StandardInformation, one link pending
                0f0e0d0c0b0a0000   // InternalInformation
                00000000           // EaInformation
                89001200           // AccessInformation
                0040000000000000   // PositionInformation
                20000000           // ModeInformation
                00000000           // AlignmentInformation
                0a000000 5c00 6400 5c00 6100 6200   // NameInformation at 100
                """), encode(FileAllInformation, FILE));
        assertEquals(100 + 10, out.readableBytes());
    }

    @Test
    void streamsOfAFileAndOfADirectory() {
        assertEquals(Hex.clean("""
                00000000           // NextEntryOffset
                0e000000           // StreamNameLength: 7 characters
                2301000000000000   // StreamSize
                0010000000000000   // StreamAllocationSize
                3a003a002400440041005400 4100   // "::$DATA"
                """), encode(FileStreamInformation, FILE));
        out.clear();
        assertEquals("", encode(FileStreamInformation, DIRECTORY));
    }

    @Test
    void namedStreamsFollowTheMainStreamOnEightByteBoundaries() {
        FileInfoContext withStreams = FILE.withStreams(List.of(new StreamEntry("foo", 3, 4096),
                new StreamEntry("Zone.Identifier", 0, 0)));
        assertEquals(Hex.clean("""
                28000000           // NextEntryOffset: 24 + 14 = 38, padded to 40
                0e000000           // StreamNameLength
                2301000000000000   // StreamSize
                0010000000000000   // StreamAllocationSize
                3a003a002400440041005400 4100   // "::$DATA"
                0000               // Padding
                30000000           // NextEntryOffset: 24 + 20 = 44, padded to 48
                14000000           // StreamNameLength: 10 characters
                0300000000000000   // StreamSize
                0010000000000000   // StreamAllocationSize
                3a0066006f006f003a002400440041005400 4100   // ":foo:$DATA"
                00000000           // Padding
                00000000           // NextEntryOffset: last entry, not padded
                2c000000           // StreamNameLength: 22 characters
                0000000000000000   // StreamSize
                0000000000000000   // StreamAllocationSize
                3a005a006f006e0065002e004900640065006e007400690066006900650072003a002400440041005400 4100
                """), encode(FileStreamInformation, withStreams));
        assertEquals(40 + 48 + 24 + 44, out.readableBytes());
    }

    @Test
    void aDirectoryListsOnlyItsNamedStreams() {
        FileInfoContext dirWithStream = DIRECTORY.withStreams(List.of(new StreamEntry("s", 5, 8)));
        assertEquals(Hex.clean("""
                00000000           // NextEntryOffset
                10000000           // StreamNameLength: ":s:$DATA"
                0500000000000000   // StreamSize
                0800000000000000   // StreamAllocationSize
                3a0073003a002400440041005400 4100
                """), encode(FileStreamInformation, dirWithStream));
    }

    @Test
    void copiesKeepEveryOtherField() {
        FileInfoContext c = FILE.withStreams(List.of(new StreamEntry("a", 1, 2))).withCurrentByteOffset(7);
        assertEquals(7, c.currentByteOffset());
        assertEquals(List.of(new StreamEntry("a", 1, 2)), c.streams());
        assertEquals(FILE.volumeSerialNumber(), c.volumeSerialNumber());
        assertEquals(FILE.fileName(), c.fileName());
        assertTrue(FILE.streams().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new StreamEntry("", 0, 0));
    }

    @Test
    void compression() {
        assertEquals(Hex.clean("0010000000000000 0000 00 00 00 000000"), encode(FileCompressionInformation, FILE));
        out.clear();
        assertEquals(Hex.clean("0000000000000000 0000 00 00 00 000000"),
                encode(FileCompressionInformation, DIRECTORY));
    }

    @Test
    void networkOpen() {
        assertEquals(Hex.clean(TIMES + """
                 0010000000000000   // AllocationSize
                2301000000000000   // EndOfFile
                20000000 00000000  // FileAttributes, Reserved
                """), encode(FileNetworkOpenInformation, FILE));
        assertEquals(56, out.readableBytes());
    }

    @Test
    void fileId() {
        assertEquals(Hex.clean("8877665544332211 0f0e0d0c0b0a0000 0000000000000000"),
                encode(FileIdInformation, FILE));
        assertEquals(NtStatus.STATUS_NOT_SUPPORTED, refusal(FileIdInformation, DIRECTORY),
                "without a volume serial number FileIdInformation is not supported");
    }

    @Test
    void attributeClassesNeedReadAttributes() {
        FileInfoContext noAttributes = new FileInfoContext(Fixtures.FILE, "\\ab", 0x1, 0, 0, false);
        for (FileInformationClass c : new FileInformationClass[]{FileBasicInformation, FileAllInformation,
                FileNetworkOpenInformation, FileAttributeTagInformation}) {
            assertEquals(NtStatus.STATUS_ACCESS_DENIED, refusal(c, noAttributes), c.toString());
        }
        FileInfoEncoder.encode(FileStandardInformation, noAttributes, out);
        assertEquals(24, out.readableBytes());
    }

    @Test
    void alternateNameIsTheShortNameOfTheLastComponent() {
        FileInfoContext withShortName = new FileInfoContext(Fixtures.FILE, "\\d\\long name.txt", READ, 0, 0, false,
                OptionalLong.empty(), java.util.List.of(), 0, "LO1234~A.TXT");
        assertEquals(Hex.clean("18000000") + Hex.of(Unpooled.copiedBuffer("LO1234~A.TXT",
                java.nio.charset.StandardCharsets.UTF_16LE)), encode(FileAlternateNameInformation, withShortName));
        assertEquals(8, FileInfoEncoder.fixedSize(FileAlternateNameInformation));
        assertTrue(FileInfoEncoder.supports(FileAlternateNameInformation));
    }

    @Test
    void refusals() {
        // A file without a short name (here: the context carries none), as NTFS answers for one.
        assertEquals(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, refusal(FileAlternateNameInformation, FILE));
        assertEquals(NtStatus.STATUS_EAS_NOT_SUPPORTED, refusal(FileFullEaInformation, FILE));
        for (FileInformationClass c : new FileInformationClass[]{FileRenameInformation, FileDispositionInformation,
                FileAllocationInformation, FileEndOfFileInformation, FileValidDataLengthInformation,
                FileShortNameInformation, FileDispositionInformationEx, FileRenameInformationEx,
                FileDirectoryInformation, FileIdBothDirectoryInformation, FileNamesInformation}) {
            assertEquals(NtStatus.STATUS_INVALID_INFO_CLASS, refusal(c, FILE), c.toString());
            assertFalse(FileInfoEncoder.supports(c));
        }
        assertEquals(0, out.readableBytes());
    }

    @Test
    void boundedEncodingCutsTheNameAndKeepsItsFullLength() {
        NtStatus status = FileInfoEncoder.encode(FileNameInformation, FILE, out, 8);
        assertEquals(NtStatus.STATUS_BUFFER_OVERFLOW, status);
        assertEquals(Hex.clean("0a000000 5c00 6400"), Hex.of(out));
    }

    @Test
    void boundedEncodingThatFitsSucceeds() {
        assertEquals(NtStatus.STATUS_SUCCESS, FileInfoEncoder.encode(FileAllInformation, FILE, out, 110));
        assertEquals(110, out.readableBytes());
    }

    @Test
    void boundedEncodingBelowTheFixedPartIsALengthMismatch() {
        SmbException e = assertThrows(SmbException.class,
                () -> FileInfoEncoder.encode(FileBasicInformation, FILE, out, 39));
        assertEquals(NtStatus.STATUS_INFO_LENGTH_MISMATCH, e.status());
        e = assertThrows(SmbException.class, () -> FileInfoEncoder.encode(FileStreamInformation, DIRECTORY, out, 0));
        assertEquals(NtStatus.STATUS_INFO_LENGTH_MISMATCH, e.status());
        assertEquals(0, out.readableBytes());
        assertEquals(104, FileInfoEncoder.fixedSize(FileAllInformation));
        assertEquals(8, FileInfoEncoder.fixedSize(FileNameInformation));
        assertEquals(32, FileInfoEncoder.fixedSize(FileStreamInformation));
        e = assertThrows(SmbException.class, () -> FileInfoEncoder.encode(FileAllInformation, FILE, out, 103));
        assertEquals(NtStatus.STATUS_INFO_LENGTH_MISMATCH, e.status());
    }
}

package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.signet.protocol.fscc.FileInformationClass.FileBothDirectoryInformation;
import static io.signet.protocol.fscc.FileInformationClass.FileDirectoryInformation;
import static io.signet.protocol.fscc.FileInformationClass.FileFullDirectoryInformation;
import static io.signet.protocol.fscc.FileInformationClass.FileIdBothDirectoryInformation;
import static io.signet.protocol.fscc.FileInformationClass.FileIdExtdDirectoryInformation;
import static io.signet.protocol.fscc.FileInformationClass.FileIdFullDirectoryInformation;
import static io.signet.protocol.fscc.FileInformationClass.FileNamesInformation;
import static io.signet.protocol.fscc.Fixtures.TIMES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryInfoEncoderTest {
    private static final DirectoryEntry AB = new DirectoryEntry("ab", Fixtures.FILE);
    /** EndOfFile 0x123, AllocationSize 0x1000, FileAttributes ARCHIVE. */
    private static final String SIZES_ATTRIBUTES = "2301000000000000 0010000000000000 20000000";

    private final ByteBuf out = Unpooled.buffer();

    @AfterEach
    void release() {
        out.release();
    }

    private String encodeOne(FileInformationClass c) {
        DirectoryInfoEncoder enc = new DirectoryInfoEncoder(c, out, 1024);
        assertTrue(enc.add(AB));
        assertEquals(out.readableBytes(), enc.bytesWritten());
        return Hex.of(out);
    }

    @Test
    void fileDirectoryInformation() {
        assertEquals(Hex.clean("""
                00000000 00000000      // NextEntryOffset, FileIndex
                """ + TIMES + """
                """ + SIZES_ATTRIBUTES + """
                04000000               // FileNameLength at 60
                61006200               // FileName at 64: "ab"
                """), encodeOne(FileDirectoryInformation));
        assertEquals(64, DirectoryInfoEncoder.fixedSize(FileDirectoryInformation));
    }

    @Test
    void fileFullDirectoryInformation() {
        assertEquals(Hex.clean("""
                00000000 00000000
                """ + TIMES + """
                """ + SIZES_ATTRIBUTES + """
                04000000               // FileNameLength
                00000000               // EaSize at 64
                61006200               // FileName at 68
                """), encodeOne(FileFullDirectoryInformation));
    }

    @Test
    void fileBothDirectoryInformation() {
        assertEquals(Hex.clean("""
                00000000 00000000
                """ + TIMES + """
                """ + SIZES_ATTRIBUTES + """
                04000000               // FileNameLength
                00000000               // EaSize at 64
                00 00                  // ShortNameLength at 68, Reserved
                000000000000000000000000000000000000000000000000  // ShortName (24 bytes) at 70
                61006200               // FileName at 94
                """), encodeOne(FileBothDirectoryInformation));
    }

    @Test
    void shortNamesFillTheirFieldAndAreZeroPadded() {
        DirectoryEntry longName = new DirectoryEntry("ab", Fixtures.FILE, 0, "AB~1.T");
        String shortName = """
                0c 00                  // ShortNameLength 12, Reserved
                410042007e0031002e005400 000000000000000000000000  // ShortName "AB~1.T", zero-padded to 24 bytes
                """;
        DirectoryInfoEncoder both = new DirectoryInfoEncoder(FileBothDirectoryInformation, out, 1024);
        assertTrue(both.add(longName));
        assertEquals(Hex.clean("""
                00000000 00000000
                """ + TIMES + """
                """ + SIZES_ATTRIBUTES + """
                04000000 00000000
                """ + shortName + """
                61006200
                """), Hex.of(out));
        out.clear();
        DirectoryInfoEncoder idBoth = new DirectoryInfoEncoder(FileIdBothDirectoryInformation, out, 1024);
        assertTrue(idBoth.add(longName));
        assertEquals(Hex.clean("""
                00000000 00000000
                """ + TIMES + """
                """ + SIZES_ATTRIBUTES + """
                04000000 00000000
                """ + shortName + """
                0000 0f0e0d0c0b0a0000
                61006200
                """), Hex.of(out));
        assertThrows(IllegalArgumentException.class,
                () -> new DirectoryEntry("ab", Fixtures.FILE, 0, "ABCDEFGH.TXTX"));
    }

    @Test
    void fileNamesInformation() {
        assertEquals(Hex.clean("""
                00000000 00000000      // NextEntryOffset, FileIndex
                04000000               // FileNameLength
                61006200               // FileName at 12
                """), encodeOne(FileNamesInformation));
    }

    @Test
    void fileIdBothDirectoryInformation() {
        assertEquals(Hex.clean("""
                00000000 00000000
                """ + TIMES + """
                """ + SIZES_ATTRIBUTES + """
                04000000               // FileNameLength
                00000000               // EaSize
                00 00                  // ShortNameLength, Reserved1
                000000000000000000000000000000000000000000000000  // ShortName
                0000                   // Reserved2 at 94
                0f0e0d0c0b0a0000       // FileId at 96
                61006200               // FileName at 104
                """), encodeOne(FileIdBothDirectoryInformation));
    }

    @Test
    void fileIdFullDirectoryInformation() {
        assertEquals(Hex.clean("""
                00000000 00000000
                """ + TIMES + """
                """ + SIZES_ATTRIBUTES + """
                04000000               // FileNameLength
                00000000               // EaSize
                00000000               // Reserved at 68
                0f0e0d0c0b0a0000       // FileId at 72
                61006200               // FileName at 80
                """), encodeOne(FileIdFullDirectoryInformation));
    }

    @Test
    void fileIdExtdDirectoryInformation() {
        assertEquals(Hex.clean("""
                00000000 00000000
                """ + TIMES + """
                """ + SIZES_ATTRIBUTES + """
                04000000               // FileNameLength
                00000000               // EaSize
                00000000               // ReparsePointTag at 68
                0f0e0d0c0b0a0000 0000000000000000  // FileId (16 bytes) at 72
                61006200               // FileName at 88
                """), encodeOne(FileIdExtdDirectoryInformation));
    }

    @Test
    void eaSizeIsReported() {
        DirectoryInfoEncoder enc = new DirectoryInfoEncoder(FileFullDirectoryInformation, out, 1024);
        assertTrue(enc.add(new DirectoryEntry("ab", Fixtures.FILE, 48)));
        assertEquals(48, out.getIntLE(64));    // EaSize follows FileNameLength at 60
    }

    @Test
    void entriesAreChainedAndEightByteAligned() {
        DirectoryInfoEncoder enc = new DirectoryInfoEncoder(FileNamesInformation, out, 1024);
        assertTrue(enc.add(new DirectoryEntry("a", Fixtures.FILE)));     // 12 + 2 = 14 bytes
        assertTrue(enc.add(new DirectoryEntry("bcd", Fixtures.FILE)));   // at 16, 12 + 6 = 18 bytes
        assertTrue(enc.add(new DirectoryEntry("ef", Fixtures.FILE)));    // at 40
        assertEquals(Hex.clean("""
                10000000 00000000 02000000 6100       // entry 1, NextEntryOffset 16
                0000                                  // padding to 16
                18000000 00000000 06000000 620063006400   // entry 2 at 16, NextEntryOffset 24
                000000000000                          // padding to 40
                00000000 00000000 04000000 65006600   // entry 3 at 40, last: NextEntryOffset 0, no padding
                """), Hex.of(out));
        assertEquals(56, enc.bytesWritten());
        assertEquals(3, enc.entryCount());
    }

    @Test
    void refusesAnEntryThatWouldPassTheLimitCountingPadding() {
        // First entry 14 bytes; the second needs padding to 16 plus 14 bytes = 30.
        DirectoryInfoEncoder enc = new DirectoryInfoEncoder(FileNamesInformation, out, 29);
        assertTrue(enc.add(new DirectoryEntry("a", Fixtures.FILE)));
        int before = out.writerIndex();
        assertFalse(enc.add(new DirectoryEntry("b", Fixtures.FILE)));
        assertEquals(before, out.writerIndex());
        assertEquals(0, out.getIntLE(0), "the last entry written keeps NextEntryOffset 0");
        assertEquals(1, enc.entryCount());

        ByteBuf exact = Unpooled.buffer();
        try {
            DirectoryInfoEncoder fits = new DirectoryInfoEncoder(FileNamesInformation, exact, 30);
            assertTrue(fits.add(new DirectoryEntry("a", Fixtures.FILE)));
            assertTrue(fits.add(new DirectoryEntry("b", Fixtures.FILE)));
            assertEquals(30, exact.readableBytes());
        } finally {
            exact.release();
        }
    }

    @Test
    void aFirstEntryLargerThanTheBufferWritesNothing() {
        DirectoryInfoEncoder enc = new DirectoryInfoEncoder(FileDirectoryInformation, out, 65);
        assertFalse(enc.add(AB));
        assertEquals(0, out.readableBytes());
        assertEquals(0, enc.bytesWritten());
    }

    @Test
    void appendsAfterWhateverTheBufferAlreadyHolds() {
        out.writeZero(8);   // e.g. a response header already written by the handler
        DirectoryInfoEncoder enc = new DirectoryInfoEncoder(FileNamesInformation, out, 64);
        enc.add(new DirectoryEntry("a", Fixtures.FILE));
        enc.add(new DirectoryEntry("b", Fixtures.FILE));
        assertEquals(16, out.getIntLE(8), "NextEntryOffset is relative to the entry, not to the buffer");
        assertEquals(8 + 30, out.writerIndex());
    }

    @Test
    void nonDirectoryClassesAreRefused() {
        SmbException e = assertThrows(SmbException.class,
                () -> new DirectoryInfoEncoder(FileInformationClass.FileBasicInformation, out, 100));
        assertEquals(NtStatus.STATUS_INVALID_INFO_CLASS, e.status());
        assertFalse(DirectoryInfoEncoder.supports(FileInformationClass.FileStandardInformation));
        assertFalse(DirectoryInfoEncoder.supports(null));
        for (FileInformationClass c : new FileInformationClass[]{FileDirectoryInformation,
                FileFullDirectoryInformation, FileBothDirectoryInformation, FileNamesInformation,
                FileIdBothDirectoryInformation, FileIdFullDirectoryInformation, FileIdExtdDirectoryInformation}) {
            assertTrue(DirectoryInfoEncoder.supports(c), c.toString());
        }
    }

    @Test
    void namesAreUtf16CodeUnitsWithSurrogatePairsKept() {
        String name = "\u00e9\uD83D\uDE00";   // é and an emoji (a surrogate pair)
        DirectoryInfoEncoder enc = new DirectoryInfoEncoder(FileNamesInformation, out, 100);
        enc.add(new DirectoryEntry(name, Fixtures.FILE));
        assertEquals(Hex.clean("00000000 00000000 06000000 e900 3dd8 00de"), Hex.of(out));
    }
}

package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.function.Function;

import static io.signet.protocol.fscc.Fixtures.TIMES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each SET_INFO structure decoded from hand-built bytes, encoded back to the same bytes, and bounds-checked. */
class SetInfoDecodersTest {

    /** Decodes {@code hex}, checks the bytes consumed, and returns the value. */
    private static <T> T decode(String hex, Function<ByteBuf, T> decoder, int consumed) {
        ByteBuf in = Unpooled.wrappedBuffer(Hex.bytes(hex));
        try {
            T value = decoder.apply(in);
            assertEquals(consumed, in.readerIndex(), "bytes consumed");
            return value;
        } finally {
            in.release();
        }
    }

    private static String encoded(java.util.function.Consumer<ByteBuf> encoder) {
        ByteBuf out = Unpooled.buffer();
        try {
            encoder.accept(out);
            return Hex.of(out);
        } finally {
            out.release();
        }
    }

    private static NtStatus failure(String hex, Function<ByteBuf, ?> decoder) {
        ByteBuf in = Unpooled.wrappedBuffer(Hex.bytes(hex));
        try {
            Executable call = () -> decoder.apply(in);
            return assertThrows(SmbException.class, call).status();
        } finally {
            in.release();
        }
    }

    @Test
    void basicInformation() {
        String hex = TIMES + " 21000000 ffffffff";   // READONLY | ARCHIVE, Reserved ignored
        FileBasicInformation b = decode(hex, FileBasicInformation::decode, 40);
        assertEquals(new FileBasicInformation(Fixtures.CREATION, Fixtures.ACCESS, Fixtures.WRITE, Fixtures.CHANGE,
                0x21), b);
        assertEquals(Hex.clean(TIMES + " 21000000 00000000"), encoded(b::encode));
    }

    @Test
    void basicInformationKeepsSpecialTimes() {
        String hex = "0000000000000000 ffffffffffffffff feffffffffffffff 0000000000000000 00000000 00000000";
        FileBasicInformation b = decode(hex, FileBasicInformation::decode, 40);
        assertEquals(FileBasicInformation.KEEP, b.creationTime());
        assertEquals(FileBasicInformation.STOP_UPDATING, b.lastAccessTime());
        assertEquals(FileBasicInformation.RESUME_UPDATING, b.lastWriteTime());
        assertEquals(Hex.clean(hex), encoded(b::encode));
    }

    @Test
    void basicInformationNeedsAllFortyBytes() {
        assertEquals(NtStatus.STATUS_INFO_LENGTH_MISMATCH, failure(TIMES + " 21000000", FileBasicInformation::decode));
        assertEquals(NtStatus.STATUS_INFO_LENGTH_MISMATCH, failure("", FileBasicInformation::decode));
    }

    @Test
    void endOfFileInformation() {
        FileEndOfFileInformation e = decode("0000000001000000", FileEndOfFileInformation::decode, 8);
        assertEquals(1L << 32, e.endOfFile());
        assertEquals("0000000001000000", encoded(e::encode));
        assertEquals(NtStatus.STATUS_INFO_LENGTH_MISMATCH, failure("00000000000000", FileEndOfFileInformation::decode));
    }

    @Test
    void allocationInformation() {
        FileAllocationInformation a = decode("0010000000000000", FileAllocationInformation::decode, 8);
        assertEquals(4096, a.allocationSize());
        assertEquals("0010000000000000", encoded(a::encode));
        assertEquals(NtStatus.STATUS_INFO_LENGTH_MISMATCH, failure("0010", FileAllocationInformation::decode));
    }

    @Test
    void dispositionInformation() {
        assertTrue(decode("01", FileDispositionInformation::decode, 1).deletePending());
        assertTrue(decode("ff", FileDispositionInformation::decode, 1).deletePending(), "any non-zero is TRUE");
        assertFalse(decode("00", FileDispositionInformation::decode, 1).deletePending());
        assertEquals("01", encoded(new FileDispositionInformation(true)::encode));
        assertEquals("00", encoded(new FileDispositionInformation(false)::encode));
        assertEquals(NtStatus.STATUS_INFO_LENGTH_MISMATCH, failure("", FileDispositionInformation::decode));
    }

    @Test
    void modeInformation() {
        assertEquals(6, decode("06000000", FileModeInformation::decode, 4).mode());
        assertEquals(0, decode("00000000", FileModeInformation::decode, 4).mode());
        assertEquals("02000000", encoded(new FileModeInformation(2)::encode));
        // The synchronous I/O flags decode; whether the open can take them is the server's check.
        assertEquals(0x12, decode("12000000", FileModeInformation::decode, 4).mode());
        // FILE_DIRECTORY_FILE, FILE_NO_INTERMEDIATE_BUFFERING and FILE_DELETE_ON_CLOSE cannot be set.
        for (String bad : new String[] {"01000000", "08000000", "00100000", "40000000", "03000000"}) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, failure(bad, FileModeInformation::decode), bad);
        }
        assertEquals(NtStatus.STATUS_INFO_LENGTH_MISMATCH, failure("020000", FileModeInformation::decode));
    }

    @Test
    void positionInformation() {
        FilePositionInformation p = decode("0002000000000000", FilePositionInformation::decode, 8);
        assertEquals(512, p.currentByteOffset());
        assertEquals("0002000000000000", encoded(p::encode));
        assertEquals(NtStatus.STATUS_INFO_LENGTH_MISMATCH, failure("02", FilePositionInformation::decode));
    }

    @Test
    void renameInformation() {
        String hex = """
                01                 // ReplaceIfExists
                aabbccddeeff00     // Reserved (7 bytes), ignored
                0000000000000000   // RootDirectory
                0a000000           // FileNameLength: 5 characters
                6400 5c00 6e00 6500 7700   // "d\\new"
                """;
        FileRenameInformation r = decode(hex, FileRenameInformation::decode, 30);
        assertEquals(new FileRenameInformation(true, 0, "d\\new"), r);
        assertEquals(Hex.clean("""
                01 00000000000000 0000000000000000 0a000000 64005c006e0065007700
                """), encoded(r::encode));
    }

    @Test
    void renameInformationLeavesPaddingUnread() {
        String hex = "00 00000000000000 0800000000000000 02000000 7800 000000000000";
        FileRenameInformation r = decode(hex, FileRenameInformation::decode, 22);
        assertFalse(r.replaceIfExists());
        assertEquals(8, r.rootDirectory(), "kept so that the handler can refuse a non-zero RootDirectory");
        assertEquals("x", r.fileName());
    }

    @Test
    void renameInformationBoundsChecks() {
        assertEquals(NtStatus.STATUS_INFO_LENGTH_MISMATCH,
                failure("01 00000000000000 0000000000000000 0a00", FileRenameInformation::decode));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                failure("01 00000000000000 0000000000000000 0c000000 6100 6200", FileRenameInformation::decode),
                "FileNameLength past the buffer");
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                failure("01 00000000000000 0000000000000000 03000000 6100 6200", FileRenameInformation::decode),
                "odd FileNameLength");
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                failure("01 00000000000000 0000000000000000 ffffffff 6100", FileRenameInformation::decode),
                "FileNameLength above 2^31 must not wrap negative");
    }

    @Test
    void renameInformationWithEmptyNameDecodes() {
        FileRenameInformation r = decode("00 00000000000000 0000000000000000 00000000",
                FileRenameInformation::decode, 20);
        assertEquals("", r.fileName());
    }
}

package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** [MS-FSCC] 2.7.1 FILE_NOTIFY_INFORMATION chains. */
class FileNotifyInformationTest {
    /** A rename inside the watched directory, as Windows reports it: "a.txt" became "bb.txt". */
    private static final String RENAME = """
            18000000 04000000 0a000000 61002e00740078007400 0000    // OLD_NAME a.txt: 12 + 10 = 22, padded to 24
            00000000 05000000 0c000000 620062002e00740078007400     // NEW_NAME bb.txt, last: not padded
            """;

    private static final List<FileNotifyInformation> ENTRIES = List.of(
            new FileNotifyInformation(FileNotifyInformation.FILE_ACTION_RENAMED_OLD_NAME, "a.txt"),
            new FileNotifyInformation(FileNotifyInformation.FILE_ACTION_RENAMED_NEW_NAME, "bb.txt"));

    @Test
    void fixtureDecodesAndEncodesBack() {
        ByteBuf in = Unpooled.wrappedBuffer(Hex.bytes(RENAME));
        try {
            assertEquals(ENTRIES, FileNotifyInformation.decode(in));
        } finally {
            in.release();
        }
        ByteBuf out = Unpooled.buffer();
        try {
            FileNotifyInformation.encode(ENTRIES, out);
            assertEquals(Hex.clean(RENAME), Hex.of(out));
            assertEquals(out.readableBytes(), FileNotifyInformation.listLength(ENTRIES));
        } finally {
            out.release();
        }
    }

    @Test
    void roundTripsEveryActionAndASubdirectoryName() {
        List<FileNotifyInformation> entries = List.of(
                new FileNotifyInformation(FileNotifyInformation.FILE_ACTION_ADDED, "dir\\sub\\file.txt"),
                new FileNotifyInformation(FileNotifyInformation.FILE_ACTION_REMOVED, "x"),
                new FileNotifyInformation(FileNotifyInformation.FILE_ACTION_MODIFIED, "\u00e9t\u00e9"),
                new FileNotifyInformation(FileNotifyInformation.FILE_ACTION_ADDED_STREAM, "f:s1"),
                new FileNotifyInformation(FileNotifyInformation.FILE_ACTION_REMOVED_STREAM, "f:s2"),
                new FileNotifyInformation(FileNotifyInformation.FILE_ACTION_MODIFIED_STREAM, "f:s3"));
        ByteBuf out = Unpooled.buffer();
        try {
            FileNotifyInformation.encode(entries, out);
            assertEquals(FileNotifyInformation.listLength(entries), out.readableBytes());
            assertEquals(entries, FileNotifyInformation.decode(out));
        } finally {
            out.release();
        }
    }

    @Test
    void emptyBufferIsAnEmptyList() {
        assertEquals(List.of(), FileNotifyInformation.decode(Unpooled.EMPTY_BUFFER));
    }

    @Test
    void refusesANameOverrunningTheBufferAndAMisalignedOffset() {
        ByteBuf overrun = Unpooled.wrappedBuffer(Hex.bytes("00000000 01000000 20000000 6100"));
        ByteBuf misaligned = Unpooled.wrappedBuffer(Hex.bytes(
                "0e000000 01000000 02000000 6100 00000000 01000000 02000000 6200"));
        try {
            assertEquals(NtStatus.STATUS_INVALID_NETWORK_RESPONSE,
                    assertThrows(SmbException.class, () -> FileNotifyInformation.decode(overrun)).status());
            assertEquals(NtStatus.STATUS_INVALID_NETWORK_RESPONSE,
                    assertThrows(SmbException.class, () -> FileNotifyInformation.decode(misaligned)).status());
        } finally {
            overrun.release();
            misaligned.release();
        }
    }
}

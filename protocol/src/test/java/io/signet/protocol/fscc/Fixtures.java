package io.signet.protocol.fscc;

/** Metadata whose every field has a distinct byte pattern, so a misplaced field shows in the hex. */
final class Fixtures {
    static final long CREATION = 0x0102030405060708L;
    static final long ACCESS = 0x1112131415161718L;
    static final long WRITE = 0x2122232425262728L;
    static final long CHANGE = 0x3132333435363738L;
    static final long ALLOCATION = 0x1000;
    static final long END_OF_FILE = 0x123;
    static final long FILE_ID = 0x0A0B0C0D0E0FL;

    /** A file: ARCHIVE, 0x123 bytes, 4 KiB allocated, 2 links. */
    static final FileMetadata FILE = new FileMetadata(CREATION, ACCESS, WRITE, CHANGE, ALLOCATION, END_OF_FILE,
            FileAttributes.ARCHIVE, FILE_ID, 2, false);

    /** A directory with the same times. */
    static final FileMetadata DIRECTORY = new FileMetadata(CREATION, ACCESS, WRITE, CHANGE, 0, 0,
            FileAttributes.DIRECTORY, FILE_ID, 1, true);

    /** The four FILETIMEs, little-endian, as every timed structure starts. */
    static final String TIMES = "0807060504030201 1817161514131211 2827262524232221 3837363534333231";

    private Fixtures() {
    }
}

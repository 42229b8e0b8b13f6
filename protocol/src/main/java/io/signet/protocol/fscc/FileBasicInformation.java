package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;

/**
 * [MS-FSCC] 2.4.7 FileBasicInformation: FILE_BASIC_INFORMATION, 40 bytes.
 *
 * <p>In SET_INFO a time of 0 means "leave unchanged" and -1 means "stop updating this time for the rest of the open"
 * ({@link #KEEP}, {@link #STOP_UPDATING}); -2 re-enables updates ([MS-FSA] 2.1.5.14.2). An attribute value of 0
 * leaves the attributes unchanged.
 */
public record FileBasicInformation(long creationTime, long lastAccessTime, long lastWriteTime, long changeTime,
                                   int fileAttributes) {
    public static final int SIZE = 40;
    /** A time value that leaves the time as it is. */
    public static final long KEEP = 0;
    /** A time value that stops the file system from updating this time while the open lasts. */
    public static final long STOP_UPDATING = -1;
    /** A time value that resumes updating a time stopped with {@link #STOP_UPDATING}. */
    public static final long RESUME_UPDATING = -2;

    /** The query form of {@code m}. */
    public static FileBasicInformation from(FileMetadata m) {
        return new FileBasicInformation(m.creationTime(), m.lastAccessTime(), m.lastWriteTime(), m.changeTime(),
                m.fileAttributes());
    }

    /**
     * Reads the structure at the reader index of {@code buf} (borrowed). The whole 40 bytes are required,
     * Reserved included, as the Windows I/O manager requires for this class.
     *
     * @throws io.signet.protocol.status.SmbException STATUS_INFO_LENGTH_MISMATCH if fewer than 40 bytes are readable
     */
    public static FileBasicInformation decode(ByteBuf buf) {
        InfoBuffers.requireLength(buf, SIZE, "FILE_BASIC_INFORMATION");
        long creation = buf.readLongLE();        // CreationTime (8 bytes)
        long access = buf.readLongLE();          // LastAccessTime (8 bytes)
        long write = buf.readLongLE();           // LastWriteTime (8 bytes)
        long change = buf.readLongLE();          // ChangeTime (8 bytes)
        int attributes = buf.readIntLE();        // FileAttributes (4 bytes)
        buf.skipBytes(4);                        // Reserved (4 bytes)
        return new FileBasicInformation(creation, access, write, change, attributes);
    }

    public void encode(ByteBuf out) {
        out.writeLongLE(creationTime);           // CreationTime (8 bytes)
        out.writeLongLE(lastAccessTime);         // LastAccessTime (8 bytes)
        out.writeLongLE(lastWriteTime);          // LastWriteTime (8 bytes)
        out.writeLongLE(changeTime);             // ChangeTime (8 bytes)
        out.writeIntLE(fileAttributes);          // FileAttributes (4 bytes)
        out.writeIntLE(0);                       // Reserved (4 bytes)
    }
}

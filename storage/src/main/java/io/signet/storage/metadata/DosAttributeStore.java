package io.signet.storage.metadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * Windows metadata that POSIX lacks, kept in one user extended attribute per file: {@code user.signet.dos} on Linux
 * (the JDK adds the {@code user.} namespace).
 *
 * <p>Value layout, little-endian, 16 bytes, 32 while a client-set ChangeTime is kept, 48 while a client-set
 * LastWriteTime the file system could not keep is:
 * <pre>
 *   0  Version (4 bytes)              1
 *   4  FileAttributes (4 bytes)       [MS-FSCC] 2.6 bits in {@link #STORED}; READONLY only for directories
 *   8  CreationTime (8 bytes)         FILETIME, 0 when not recorded
 *  16  ChangeTime (8 bytes)           optional: the FILETIME a client set ({@link ChangeTimeOverride#value}), 0 for
 *                                     none
 *  24  ChangeTimeValidUntil (8 bytes) optional: {@link ChangeTimeOverride#validUntil}
 *  32  LastWriteTime (8 bytes)        optional: the FILETIME a client set ({@link LastWriteTimeOverride#value})
 *  40  ModificationTime (8 bytes)     optional: {@link LastWriteTimeOverride#modificationTime}
 * </pre>
 * A longer value from a later version is accepted as long as its first 16 bytes keep this meaning (a reader that
 * knows only those ignores the optional fields, which is the same as having no override).
 *
 * <p>Where the file system has no user extended attributes (or the attribute cannot be written), nothing is stored:
 * files then report ARCHIVE, directories nothing, and only READONLY on files (the permission bit) survives.
 */
public final class DosAttributeStore {
    static final String NAME = "signet.dos";
    static final int VERSION = 1;
    static final int SIZE = 16;
    static final int SIZE_WITH_CHANGE_TIME = 32;
    static final int SIZE_WITH_WRITE_TIME = 48;

    /**
     * The attribute bits kept here: everything settable except READONLY on files, which is the permission bit; and
     * SPARSE_FILE, which only FSCTL_SET_SPARSE changes.
     */
    static final int STORED = io.signet.protocol.fscc.FileAttributes.SETTABLE
            | io.signet.protocol.fscc.FileAttributes.SPARSE_FILE;

    /**
     * What the attribute holds.
     *
     * @param changeTime the client-set ChangeTime, or {@code null} when there is none
     * @param writeTime  the client-set LastWriteTime the file system could not keep, or {@code null}
     */
    record Stored(int attributes, long creationTime, ChangeTimeOverride changeTime, LastWriteTimeOverride writeTime) {
        Stored(int attributes, long creationTime) {
            this(attributes, creationTime, null, null);
        }

        Stored withChangeTime(ChangeTimeOverride override) {
            return new Stored(attributes, creationTime, override, writeTime);
        }

        Stored withWriteTime(LastWriteTimeOverride override) {
            return new Stored(attributes, creationTime, changeTime, override);
        }
    }

    private DosAttributeStore() {
    }

    /** The stored value, or {@code null} if there is none or it cannot be read. */
    static Stored read(Path path) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        if (view == null) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        try {
            view.read(NAME, buf);
        } catch (IOException | UnsupportedOperationException e) {
            return null;   // no attribute (ENODATA), no xattr support, or a value too long to be ours
        }
        buf.flip();
        if (buf.remaining() < SIZE || buf.getInt(0) != VERSION) {
            return null;
        }
        ChangeTimeOverride changeTime = null;
        if (buf.remaining() >= SIZE_WITH_CHANGE_TIME && buf.getLong(16) != 0) {
            changeTime = new ChangeTimeOverride(buf.getLong(16), buf.getLong(24));
        }
        LastWriteTimeOverride writeTime = null;
        if (buf.remaining() >= SIZE_WITH_WRITE_TIME && buf.getLong(32) != 0) {
            writeTime = new LastWriteTimeOverride(buf.getLong(32), buf.getLong(40));
        }
        return new Stored(buf.getInt(4) & STORED, buf.getLong(8), changeTime, writeTime);
    }

    /**
     * Stores {@code value}.
     *
     * @return false if the file system does not support user extended attributes
     * @throws IOException for other failures (permission denied, file gone)
     */
    static boolean write(Path path, Stored value) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        if (view == null) {
            return false;
        }
        ChangeTimeOverride changeTime = value.changeTime();
        LastWriteTimeOverride writeTime = value.writeTime();
        int size = writeTime != null ? SIZE_WITH_WRITE_TIME : changeTime != null ? SIZE_WITH_CHANGE_TIME : SIZE;
        ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(VERSION).putInt(value.attributes() & STORED).putLong(value.creationTime());
        if (changeTime != null) {
            buf.putLong(changeTime.value()).putLong(changeTime.validUntil());
        } else if (writeTime != null) {
            buf.putLong(0).putLong(0);
        }
        if (writeTime != null) {
            buf.putLong(writeTime.value()).putLong(writeTime.modificationTime());
        }
        buf.flip();
        try {
            view.write(NAME, buf);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (IOException e) {
            if (isUnsupported(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean isUnsupported(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("Operation not supported") || m.contains("not supported"));
    }
}

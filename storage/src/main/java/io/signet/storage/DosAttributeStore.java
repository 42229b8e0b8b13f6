package io.signet.storage;

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
 * <p>Value layout, little-endian, 16 bytes:
 * <pre>
 *   0  Version (4 bytes)         1
 *   4  FileAttributes (4 bytes)  [MS-FSCC] 2.6 bits in {@link #STORED}; READONLY only for directories
 *   8  CreationTime (8 bytes)    FILETIME, 0 when not recorded
 * </pre>
 * A longer value from a later version is accepted as long as its first 16 bytes keep this meaning.
 *
 * <p>Where the file system has no user extended attributes (or the attribute cannot be written), nothing is stored:
 * files then report ARCHIVE, directories nothing, and only READONLY on files (the permission bit) survives.
 */
final class DosAttributeStore {
    static final String NAME = "signet.dos";
    static final int VERSION = 1;
    static final int SIZE = 16;

    /** The attribute bits kept here: everything settable except READONLY on files, which is the permission bit. */
    static final int STORED = io.signet.protocol.fscc.FileAttributes.SETTABLE;

    /** What the attribute holds. */
    record Stored(int attributes, long creationTime) {
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
        return new Stored(buf.getInt(4) & STORED, buf.getLong(8));
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
        ByteBuffer buf = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(VERSION).putInt(value.attributes() & STORED).putLong(value.creationTime()).flip();
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

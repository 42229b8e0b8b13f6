package io.signet.protocol.fscc;

/**
 * [MS-FSCC] 2.6 File Attributes: the FileAttributes bit field used by CREATE, QUERY_DIRECTORY and the basic, network
 * open and attribute tag information classes.
 */
public final class FileAttributes {
    public static final int READONLY = 0x00000001;
    public static final int HIDDEN = 0x00000002;
    public static final int SYSTEM = 0x00000004;
    public static final int DIRECTORY = 0x00000010;
    public static final int ARCHIVE = 0x00000020;
    /** Valid only on its own: a file with no other attribute reports NORMAL instead of 0. */
    public static final int NORMAL = 0x00000080;
    public static final int TEMPORARY = 0x00000100;
    public static final int SPARSE_FILE = 0x00000200;
    public static final int REPARSE_POINT = 0x00000400;
    public static final int COMPRESSED = 0x00000800;
    public static final int OFFLINE = 0x00001000;
    public static final int NOT_CONTENT_INDEXED = 0x00002000;
    public static final int ENCRYPTED = 0x00004000;

    /**
     * The attributes a client may change with CREATE or FileBasicInformation; the others describe the file's
     * nature (directory, sparse, reparse point, compressed, encrypted) and are changed by other requests, if at all.
     */
    public static final int SETTABLE = READONLY | HIDDEN | SYSTEM | ARCHIVE | TEMPORARY | OFFLINE | NOT_CONTENT_INDEXED;

    private FileAttributes() {
    }

    /** Returns {@code attributes}, or {@link #NORMAL} if no attribute is set ([MS-FSCC] 2.6). */
    public static int normalise(int attributes) {
        int a = attributes & ~NORMAL;
        return a == 0 ? NORMAL : a;
    }
}

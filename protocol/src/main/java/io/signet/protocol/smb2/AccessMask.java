package io.signet.protocol.smb2;

/**
 * The ACCESS_MASK of [MS-DTYP] 2.4.3 with the file and directory rights of [MS-SMB2] 2.2.13.1 (the DesiredAccess
 * of a CREATE, the MaximalAccess of its response, the mask of an ACE), and the file-object generic mapping that
 * Windows uses (FILE_GENERIC_READ and friends, [MS-SMB2] 2.2.13.1.1).
 *
 * <p>For a directory the same bits have directory names (FILE_LIST_DIRECTORY = FILE_READ_DATA, FILE_ADD_FILE =
 * FILE_WRITE_DATA, FILE_ADD_SUBDIRECTORY = FILE_APPEND_DATA, FILE_TRAVERSE = FILE_EXECUTE) and the generic mapping is
 * numerically the same.
 */
public final class AccessMask {
    public static final int FILE_READ_DATA = 0x00000001;
    public static final int FILE_WRITE_DATA = 0x00000002;
    public static final int FILE_APPEND_DATA = 0x00000004;
    public static final int FILE_READ_EA = 0x00000008;
    public static final int FILE_WRITE_EA = 0x00000010;
    public static final int FILE_EXECUTE = 0x00000020;
    public static final int FILE_DELETE_CHILD = 0x00000040;
    public static final int FILE_READ_ATTRIBUTES = 0x00000080;
    public static final int FILE_WRITE_ATTRIBUTES = 0x00000100;
    public static final int DELETE = 0x00010000;
    public static final int READ_CONTROL = 0x00020000;
    public static final int WRITE_DAC = 0x00040000;
    public static final int WRITE_OWNER = 0x00080000;
    public static final int SYNCHRONIZE = 0x00100000;
    public static final int ACCESS_SYSTEM_SECURITY = 0x01000000;
    public static final int MAXIMUM_ALLOWED = 0x02000000;
    public static final int GENERIC_ALL = 0x10000000;
    public static final int GENERIC_EXECUTE = 0x20000000;
    public static final int GENERIC_WRITE = 0x40000000;
    public static final int GENERIC_READ = 0x80000000;
    /** The four generic rights ([MS-DTYP] 2.4.3), which a generic mapping replaces by specific ones. */
    public static final int GENERIC_BITS = GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL;

    /** Bits no access mask may carry ([MS-FSA] 2.1.5.1 phase 1): an open asking for them is STATUS_ACCESS_DENIED. */
    public static final int INVALID_BITS = 0x0CE0FE00;

    /** STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | all file-specific rights. */
    public static final int FILE_ALL_ACCESS = 0x001F01FF;
    /** READ_CONTROL | FILE_READ_DATA | FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE. */
    public static final int FILE_GENERIC_READ = 0x00120089;
    /** READ_CONTROL | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | FILE_APPEND_DATA | SYNCHRONIZE. */
    public static final int FILE_GENERIC_WRITE = 0x00120116;
    /** READ_CONTROL | FILE_READ_ATTRIBUTES | FILE_EXECUTE | SYNCHRONIZE. */
    public static final int FILE_GENERIC_EXECUTE = 0x001200A0;

    private AccessMask() {
    }

    /** Whether {@code mask} holds any bit of {@code right}. */
    public static boolean has(int mask, int right) {
        return (mask & right) != 0;
    }
}

package io.signet.storage;

import io.signet.protocol.dtyp.GenericMapping;

/**
 * [MS-SMB2] 2.2.13.1 access mask bits for files and directories, and the generic mapping of [MS-DTYP] 2.4.3 with the
 * file-object mapping that Windows uses (FILE_GENERIC_READ and friends).
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

    /**
     * What a read-only share grants at most: the rights of the Windows "Read" share permission. Anything else asked
     * for explicitly on such a share is STATUS_ACCESS_DENIED.
     */
    public static final int READ_ONLY_SHARE_RIGHTS = FILE_GENERIC_READ | FILE_GENERIC_EXECUTE;

    /** Rights that let a client change data (FILE_ADD_FILE, FILE_ADD_SUBDIRECTORY and FILE_DELETE_CHILD included). */
    public static final int DATA_WRITE_RIGHTS = FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_DELETE_CHILD;

    private AccessMask() {
    }

    /**
     * Maps a CREATE DesiredAccess to the specific rights it asks for: generic bits become their file rights,
     * MAXIMUM_ALLOWED becomes every right the share allows (FILE_ALL_ACCESS, or {@link #READ_ONLY_SHARE_RIGHTS} on a
     * read-only share). Generic and MAXIMUM_ALLOWED bits do not appear in the result; ACCESS_SYSTEM_SECURITY and
     * the specific bits pass through unchanged, so a caller can still refuse them.
     *
     * @param directory     whether the target is a directory (the mapping is the same; kept for the call sites'
     *                      clarity and for future per-type mapping)
     * @param readOnlyShare whether the share is read-only
     */
    public static int map(int desired, boolean directory, boolean readOnlyShare) {
        int result = GenericMapping.FILES.map(desired & ~MAXIMUM_ALLOWED);
        if ((desired & MAXIMUM_ALLOWED) != 0) {
            result |= readOnlyShare ? READ_ONLY_SHARE_RIGHTS : FILE_ALL_ACCESS;
        }
        return result;
    }

    static boolean has(int mask, int right) {
        return (mask & right) != 0;
    }
}

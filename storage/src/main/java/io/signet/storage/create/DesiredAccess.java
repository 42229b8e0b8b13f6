package io.signet.storage.create;

import io.signet.protocol.dtyp.GenericMapping;
import io.signet.protocol.smb2.AccessMask;

import static io.signet.protocol.smb2.AccessMask.FILE_ALL_ACCESS;
import static io.signet.protocol.smb2.AccessMask.FILE_GENERIC_EXECUTE;
import static io.signet.protocol.smb2.AccessMask.FILE_GENERIC_READ;
import static io.signet.protocol.smb2.AccessMask.MAXIMUM_ALLOWED;

/**
 * How a CREATE's DesiredAccess ([MS-SMB2] 2.2.13.1) becomes the rights an open asks for on a share: the generic
 * mapping of [MS-DTYP] 2.4.3 for files, and what MAXIMUM_ALLOWED stands for on a writable or a read-only share.
 */
public final class DesiredAccess {
    /**
     * What a read-only share grants at most: the rights of the Windows "Read" share permission. Anything else asked
     * for explicitly on such a share is STATUS_ACCESS_DENIED.
     */
    public static final int READ_ONLY_SHARE_RIGHTS = FILE_GENERIC_READ | FILE_GENERIC_EXECUTE;

    /** Rights that let a client change data (FILE_ADD_FILE, FILE_ADD_SUBDIRECTORY and FILE_DELETE_CHILD included). */
    public static final int DATA_WRITE_RIGHTS = AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA
            | AccessMask.FILE_DELETE_CHILD;

    private DesiredAccess() {
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
}

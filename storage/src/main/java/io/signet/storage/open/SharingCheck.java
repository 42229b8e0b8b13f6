package io.signet.storage.open;

import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.ShareAccess;

/**
 * The sharing check of [MS-FSA] 2.1.5.1.2 (share access check) between the {@link ShareAccess} of CREATEs ([MS-SMB2]
 * 2.2.13), as its subsection 2.1.5.1.2.1 "Algorithm to Check Sharing Access to an Existing Stream or Directory"
 * states it.
 *
 * <p>Only the rights that touch data or existence take part: reading (FILE_READ_DATA, FILE_EXECUTE), writing
 * (FILE_WRITE_DATA, FILE_APPEND_DATA) and DELETE. An open holding none of them never conflicts, in either direction:
 * its ShareAccess is not recorded against the stream, as on Windows.
 */
public final class SharingCheck {
    static final int READ_RIGHTS = AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE;
    static final int WRITE_RIGHTS = AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA;
    /** The rights that take part in the sharing check. */
    static final int SHARED_RIGHTS = READ_RIGHTS | WRITE_RIGHTS | AccessMask.DELETE;

    private SharingCheck() {
    }

    /** Whether an open with {@code access} takes part in the sharing check at all. */
    public static boolean participates(int access) {
        return (access & SHARED_RIGHTS) != 0;
    }

    /**
     * [MS-FSA] 2.1.5.1.2.1: whether a new open with {@code newAccess} and {@code newShare} conflicts with an existing
     * open of the same stream holding {@code oldAccess} and sharing {@code oldShare}. Both masks are specific rights
     * (generic bits already mapped).
     */
    public static boolean conflicts(int oldAccess, int oldShare, int newAccess, int newShare) {
        if (!participates(oldAccess) || !participates(newAccess)) {
            return false;
        }
        return refused(newAccess, oldShare) || refused(oldAccess, newShare);
    }

    /** Whether {@code access} asks for something {@code share} does not allow. */
    private static boolean refused(int access, int share) {
        return ((access & READ_RIGHTS) != 0 && (share & ShareAccess.FILE_SHARE_READ) == 0)
                || ((access & WRITE_RIGHTS) != 0 && (share & ShareAccess.FILE_SHARE_WRITE) == 0)
                || ((access & AccessMask.DELETE) != 0 && (share & ShareAccess.FILE_SHARE_DELETE) == 0);
    }
}

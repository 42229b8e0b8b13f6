package io.signet.server.fsctl;

import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.fsctl.CtlCode;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.tree.Open;

/** The access checks file system controls make on the open before they look at their input. */
final class FsctlAccess {
    private FsctlAccess() {
    }

    /**
     * The access named by the RequiredAccess bits (14 and 15) of a control code, FILE_READ_DATA and/or
     * FILE_WRITE_DATA: Windows' I/O manager refuses a handle without it before the file system sees the request, so
     * this comes before any check of the input (FSCTL_QUERY_ALLOCATED_RANGES needs FILE_READ_DATA,
     * FSCTL_SET_ZERO_DATA FILE_WRITE_DATA; smbtorture smb2.ioctl.sparse_perms records both against Windows).
     */
    static void checkRequiredAccess(Open open, int ctlCode) {
        int bits = CtlCode.requiredAccess(ctlCode);
        int needed = ((bits & CtlCode.FILE_READ_ACCESS) != 0 ? AccessMask.FILE_READ_DATA : 0)
                | ((bits & CtlCode.FILE_WRITE_ACCESS) != 0 ? AccessMask.FILE_WRITE_DATA : 0);
        if ((open.handle().grantedAccess() & needed) != needed) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED,
                    "FSCTL 0x" + Integer.toHexString(ctlCode) + " needs access 0x" + Integer.toHexString(needed));
        }
    }

    /**
     * The rule [MS-FSA] gives the controls that change how a file is stored (FSCTL_SET_COMPRESSION 2.1.5.10.30,
     * FSCTL_SET_REPARSE_POINT and FSCTL_DELETE_REPARSE_POINT): the open must be allowed to write the file's data or
     * its attributes.
     *
     * @param change what the control would change, for the log
     */
    static void requireDataOrAttributeWrite(Open open, String change) {
        if ((open.handle().grantedAccess() & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_WRITE_ATTRIBUTES)) == 0) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "changing " + change + " needs write access");
        }
    }
}

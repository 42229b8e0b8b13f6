package io.signet.storage.create;

import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import static io.signet.protocol.smb2.AccessMask.has;

/**
 * A CREATE request whose parameters passed the checks that do not depend on the file ([MS-SMB2] 3.3.5.9 and
 * [MS-FSA] 2.1.5.1 phase 1).
 *
 * @param path              the SMB path without a trailing separator
 * @param trailingSeparator whether the client's path ended in '\' (it then names a directory)
 * @param requested         DesiredAccess mapped to specific rights ({@link DesiredAccess#map})
 * @param explicitRights    the rights asked for by name, MAXIMUM_ALLOWED not expanded
 * @param maximumAllowed    whether MAXIMUM_ALLOWED was asked for
 * @param mode              the CreateOptions bits FileModeInformation reports
 * @param shareAccess       the ShareAccess ({@link ShareAccess}) checked against the other opens of the stream
 */
public record CreateRequest(String path, boolean trailingSeparator, CreateDisposition disposition, int options,
                     int requested, int explicitRights, boolean maximumAllowed, int fileAttributes, int mode,
                     int shareAccess) {

    public static CreateRequest validate(String smbPath, CreateDisposition disposition, int createOptions,
                                  int desiredAccess, int shareAccess, int fileAttributes, boolean readOnlyShare) {
        if ((shareAccess & ~ShareAccess.ALL) != 0) {
            throw invalid("ShareAccess 0x" + Integer.toHexString(shareAccess));
        }
        int options = createOptions & ~CreateOptions.IGNORED;
        boolean directoryFile = has(options, CreateOptions.DIRECTORY_FILE);
        boolean nonDirectoryFile = has(options, CreateOptions.NON_DIRECTORY_FILE);
        if (directoryFile && nonDirectoryFile) {
            throw invalid("DIRECTORY_FILE with NON_DIRECTORY_FILE");
        }
        if (has(options, CreateOptions.RESERVE_OPFILTER)) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "FILE_RESERVE_OPFILTER");
        }
        if (has(options, CreateOptions.OPEN_BY_FILE_ID)) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "FILE_OPEN_BY_FILE_ID");
        }
        if (directoryFile) {
            if ((options & ~CreateOptions.VALID_WITH_DIRECTORY) != 0) {
                throw invalid("options 0x" + Integer.toHexString(options) + " do not apply to a directory");
            }
            if (disposition != CreateDisposition.OPEN && disposition != CreateDisposition.CREATE
                    && disposition != CreateDisposition.OPEN_IF) {
                throw invalid(disposition + " does not apply to a directory");
            }
        }
        if (has(options, CreateOptions.NO_INTERMEDIATE_BUFFERING) && has(desiredAccess, AccessMask.FILE_APPEND_DATA)) {
            throw invalid("NO_INTERMEDIATE_BUFFERING with FILE_APPEND_DATA");
        }
        if (desiredAccess == 0 || has(desiredAccess, AccessMask.INVALID_BITS)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED,
                    "DesiredAccess 0x" + Integer.toHexString(desiredAccess) + " is not valid");
        }
        if (has(desiredAccess, AccessMask.ACCESS_SYSTEM_SECURITY)) {
            throw new SmbException(NtStatus.STATUS_PRIVILEGE_NOT_HELD, "ACCESS_SYSTEM_SECURITY");
        }
        if (has(options, CreateOptions.DELETE_ON_CLOSE)
                && !has(desiredAccess, AccessMask.DELETE | AccessMask.GENERIC_ALL)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "DELETE_ON_CLOSE without DELETE access");
        }
        String path = smbPath;
        boolean trailing = path.length() > 1 && path.endsWith("\\");
        if (trailing) {
            path = path.substring(0, path.length() - 1);
            if (nonDirectoryFile) {
                throw new SmbException(NtStatus.STATUS_OBJECT_NAME_INVALID, "trailing '\\' on a non-directory");
            }
        }
        boolean maximumAllowed = has(desiredAccess, AccessMask.MAXIMUM_ALLOWED);
        int requested = DesiredAccess.map(desiredAccess, directoryFile, readOnlyShare);
        int explicit = DesiredAccess.map(desiredAccess & ~AccessMask.MAXIMUM_ALLOWED, directoryFile, readOnlyShare);
        if (readOnlyShare && (requested & ~DesiredAccess.READ_ONLY_SHARE_RIGHTS) != 0) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "read-only share");
        }
        return new CreateRequest(path, trailing, disposition, options, requested, explicit, maximumAllowed,
                fileAttributes, createOptions & CreateOptions.MODE_BITS, shareAccess);
    }

    public boolean directoryFile() {
        return has(options, CreateOptions.DIRECTORY_FILE);
    }

    public boolean nonDirectoryFile() {
        return has(options, CreateOptions.NON_DIRECTORY_FILE);
    }

    public boolean deleteOnClose() {
        return has(options, CreateOptions.DELETE_ON_CLOSE);
    }

    private static SmbException invalid(String why) {
        return new SmbException(NtStatus.STATUS_INVALID_PARAMETER, why);
    }
}

package io.signet.storage.create;

import io.signet.protocol.dtyp.AccessCheck;
import io.signet.protocol.dtyp.AccessToken;
import io.signet.protocol.dtyp.GenericMapping;
import io.signet.protocol.dtyp.SecurityDescriptor;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.metadata.SecurityDescriptorStore;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import static io.signet.protocol.smb2.AccessMask.has;

/**
 * The access checks of one user's token against stored security descriptors ({@link SecurityDescriptorStore}):
 * [MS-FSA] 2.1.5.1.2.1 for an open of an existing file (with [MS-DTYP] 2.5.3.2 {@link AccessCheck}), 2.1.5.1.1 for
 * a new one (FILE_ADD_FILE or FILE_ADD_SUBDIRECTORY on the parent directory) and 2.1.5.14.11 for a rename; and the
 * descriptor a new file gets ({@link NewFileDescriptor}).
 *
 * <p>A file or directory without a stored descriptor is not restricted here: the share's POSIX permissions decide,
 * as they always have. One whose descriptor cannot be read is refused (see {@link SecurityDescriptorStore#read}). As
 * NTFS does, the parent directory lends two rights: FILE_DELETE_CHILD on it grants DELETE, and FILE_LIST_DIRECTORY on
 * it grants FILE_READ_ATTRIBUTES (what a directory listing shows anyway); a parent without a descriptor leaves both
 * to the POSIX permissions of that directory, so it counts as granting them. No privilege (SeBackupPrivilege,
 * SeRestorePrivilege, SeTakeOwnershipPrivilege) is ever held.
 */
public final class FileAccessCheck {
    /** The check of an open that no descriptor restricts: everything asked for passes, and no descriptor is made. */
    public static final FileAccessCheck UNRESTRICTED = new FileAccessCheck(null, null);

    private final AccessToken token;
    private final NewFileDescriptor newFiles;

    private FileAccessCheck(AccessToken token, NewFileDescriptor newFiles) {
        this.token = token;
        this.newFiles = newFiles;
    }

    /** No checks at all, and no descriptors for new files: for a share without NT ACLs. */
    public static FileAccessCheck unrestricted() {
        return UNRESTRICTED;
    }

    /** The checks for a user whose token is {@code token}; files it creates get no descriptor. */
    public static FileAccessCheck forToken(AccessToken token) {
        return new FileAccessCheck(Objects.requireNonNull(token, "token"), null);
    }

    /** The checks for a user whose token is {@code token}; files it creates get the descriptor {@code newFiles} makes. */
    public static FileAccessCheck forToken(AccessToken token, NewFileDescriptor newFiles) {
        return new FileAccessCheck(Objects.requireNonNull(token, "token"), Objects.requireNonNull(newFiles, "newFiles"));
    }

    /**
     * The rights the token holds on {@code file} by its descriptor, with what its parent lends (see the class
     * comment), or empty when {@code file} has no descriptor (for the MxAc create context, [MS-SMB2] 3.3.5.9.5).
     *
     * @throws SmbException STATUS_ACCESS_DENIED when the file's descriptor cannot be read
     */
    public Optional<Integer> maximalAccess(Path file, boolean isRoot) {
        if (token == null) {
            return Optional.empty();
        }
        return SecurityDescriptorStore.read(file).map(sd -> {
            int granted = AccessCheck.maximalAccess(sd, token, GenericMapping.FILES);
            int lent = (has(granted, AccessMask.DELETE) ? 0 : AccessMask.DELETE)
                    | (has(granted, AccessMask.FILE_READ_ATTRIBUTES) ? 0 : AccessMask.FILE_READ_ATTRIBUTES);
            if (lent != 0 && !isRoot) {
                granted |= parentLends(file.getParent(), lent);
            }
            return granted;
        });
    }

    /**
     * [MS-FSA] 2.1.5.1.2.1: checks an open of the existing {@code file} and returns the access it is granted.
     *
     * @param requested      the mapped DesiredAccess, MAXIMUM_ALLOWED expanded ({@link CreateRequest#requested})
     * @param explicitRights the rights named explicitly ({@link CreateRequest#explicitRights})
     * @param maximumAllowed whether MAXIMUM_ALLOWED was asked for: the grant is then what the descriptor allows,
     *                       within {@code requested}
     * @param overwrite      whether the open truncates the file, which needs FILE_WRITE_DATA too
     * @throws SmbException STATUS_ACCESS_DENIED when a right asked for is not granted, or MAXIMUM_ALLOWED finds none,
     *                      or the descriptor cannot be read
     */
    public int checkOpen(Path file, boolean isRoot, int requested, int explicitRights, boolean maximumAllowed,
                  boolean overwrite) {
        Optional<Integer> maximal = maximalAccess(file, isRoot);
        if (maximal.isEmpty()) {
            return requested;
        }
        int allowed = maximal.get();
        int needed = explicitRights | (overwrite ? AccessMask.FILE_WRITE_DATA : 0);
        if ((needed & ~allowed) != 0) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "the DACL of " + file.getFileName()
                    + " does not grant 0x" + Integer.toHexString(needed & ~allowed));
        }
        if (!maximumAllowed) {
            return requested;
        }
        int granted = (requested & allowed) | explicitRights;
        if (granted == 0) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "the DACL of " + file.getFileName()
                    + " grants nothing");
        }
        return granted;
    }

    /**
     * [MS-FSA] 2.1.5.1.1: creating an entry in {@code parent} needs FILE_ADD_FILE, or FILE_ADD_SUBDIRECTORY for a
     * directory, by the parent's descriptor.
     *
     * @throws SmbException STATUS_ACCESS_DENIED when the parent's DACL does not grant it or cannot be read
     */
    public void checkCreate(Path parent, boolean directory) {
        if (token == null || parent == null) {
            return;
        }
        int needed = directory ? AccessMask.FILE_APPEND_DATA : AccessMask.FILE_WRITE_DATA;
        Optional<SecurityDescriptor> sd = SecurityDescriptorStore.read(parent);
        if (sd.isPresent() && !AccessCheck.isGranted(sd.get(), token, needed, GenericMapping.FILES)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "the DACL of " + parent.getFileName()
                    + " does not grant " + (directory ? "FILE_ADD_SUBDIRECTORY" : "FILE_ADD_FILE"));
        }
    }

    /**
     * [MS-FSA] 2.1.5.14.11: a rename into {@code targetParent} needs what creating there needs (FILE_ADD_FILE, or
     * FILE_ADD_SUBDIRECTORY for a directory), and replacing the existing {@code replaced} needs DELETE on it (by its
     * descriptor, or FILE_DELETE_CHILD on its directory).
     *
     * @param replaced the target the rename replaces, or null when there is none
     * @throws SmbException STATUS_ACCESS_DENIED when a descriptor refuses it or cannot be read
     */
    public void checkRename(Path targetParent, boolean directory, Path replaced) {
        checkCreate(targetParent, directory);
        if (replaced != null && token != null) {
            Optional<Integer> rights = maximalAccess(replaced, false);
            if (rights.isPresent() && !has(rights.get(), AccessMask.DELETE)) {
                throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "the DACL of " + replaced.getFileName()
                        + " does not grant DELETE, which replacing it needs");
            }
        }
    }

    /**
     * The descriptor a file about to be created in {@code parent} gets, or null when this check makes none. Called
     * before anything is created, so that a refused descriptor leaves nothing behind.
     *
     * @throws SmbException STATUS_ACCESS_DENIED when the parent's descriptor cannot be read; whatever
     *                      {@link NewFileDescriptor#of} refuses the creator's descriptor with
     */
    public SecurityDescriptor descriptorForNew(Path parent, boolean directory) {
        if (newFiles == null) {
            return null;
        }
        Optional<SecurityDescriptor> inherited = parent == null ? Optional.empty() : SecurityDescriptorStore.read(parent);
        return newFiles.of(inherited, directory);
    }

    /**
     * The rights of {@code lent} (DELETE, FILE_READ_ATTRIBUTES) that the parent directory grants through
     * FILE_DELETE_CHILD and FILE_LIST_DIRECTORY. A parent whose descriptor cannot be read lends nothing.
     */
    private int parentLends(Path parent, int lent) {
        if (parent == null) {
            return 0;
        }
        Optional<SecurityDescriptor> sd;
        try {
            sd = SecurityDescriptorStore.read(parent);
        } catch (SmbException unreadable) {
            return 0;
        }
        if (sd.isEmpty()) {
            return lent;
        }
        int parentRights = AccessCheck.maximalAccess(sd.get(), token, GenericMapping.FILES);
        int result = 0;
        if (has(parentRights, AccessMask.FILE_DELETE_CHILD)) {
            result |= AccessMask.DELETE;
        }
        if (has(parentRights, AccessMask.FILE_READ_DATA)) {   // FILE_LIST_DIRECTORY
            result |= AccessMask.FILE_READ_ATTRIBUTES;
        }
        return result & lent;
    }
}

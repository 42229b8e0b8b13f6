package io.signet.storage;

import io.netty.buffer.Unpooled;
import io.signet.protocol.dtyp.AccessCheck;
import io.signet.protocol.dtyp.AccessToken;
import io.signet.protocol.dtyp.GenericMapping;
import io.signet.protocol.dtyp.SecurityDescriptor;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;

import static io.signet.storage.AccessMask.has;

/**
 * The access checks of CREATE against stored security descriptors ({@link SecurityDescriptorStore}) for one user's
 * token: [MS-FSA] 2.1.5.1.2.1 for an existing file (with [MS-DTYP] 2.5.3.2 {@link AccessCheck}) and 2.1.5.1.1 for a
 * new one (FILE_ADD_FILE or FILE_ADD_SUBDIRECTORY on the parent directory).
 *
 * <p>A file or directory without a stored descriptor is not restricted here: the share's POSIX permissions decide,
 * as they always have. For DELETE, FILE_DELETE_CHILD on the parent grants it as well ([MS-FSA] 2.1.5.1.2.1); a parent
 * without a descriptor leaves deleting to the POSIX permissions of that directory, so it counts as granting it. No
 * privilege (SeBackupPrivilege, SeRestorePrivilege, SeTakeOwnershipPrivilege) is ever held.
 *
 * <p>A stored descriptor that no longer decodes is treated as absent and logged.
 */
public final class FileAccessCheck {
    private static final Logger log = LoggerFactory.getLogger(FileAccessCheck.class);

    /** The check of an open that no descriptor restricts: everything asked for passes. */
    static final FileAccessCheck UNRESTRICTED = new FileAccessCheck(null);

    private final AccessToken token;

    private FileAccessCheck(AccessToken token) {
        this.token = token;
    }

    /** The checks for a user whose token is {@code token}. */
    public static FileAccessCheck forToken(AccessToken token) {
        return new FileAccessCheck(java.util.Objects.requireNonNull(token, "token"));
    }

    /**
     * The rights the token holds on {@code file} by its descriptor, FILE_DELETE_CHILD on its parent included, or
     * empty when {@code file} has no descriptor (for the MxAc create context, [MS-SMB2] 3.3.5.9.5).
     */
    public Optional<Integer> maximalAccess(Path file, boolean isRoot) {
        if (token == null) {
            return Optional.empty();
        }
        return descriptor(file).map(sd -> {
            int granted = AccessCheck.maximalAccess(sd, token, GenericMapping.FILES);
            if (!has(granted, AccessMask.DELETE) && !isRoot && parentGrantsDeleteChild(file)) {
                granted |= AccessMask.DELETE;
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
     * @throws SmbException STATUS_ACCESS_DENIED when a right asked for is not granted, or MAXIMUM_ALLOWED finds none
     */
    int checkOpen(Path file, boolean isRoot, int requested, int explicitRights, boolean maximumAllowed,
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
     * @throws SmbException STATUS_ACCESS_DENIED when the parent's DACL does not grant it
     */
    void checkCreate(Path parent, boolean directory) {
        if (token == null || parent == null) {
            return;
        }
        int needed = directory ? AccessMask.FILE_APPEND_DATA : AccessMask.FILE_WRITE_DATA;
        Optional<SecurityDescriptor> sd = descriptor(parent);
        if (sd.isPresent() && !AccessCheck.isGranted(sd.get(), token, needed, GenericMapping.FILES)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "the DACL of " + parent.getFileName()
                    + " does not grant " + (directory ? "FILE_ADD_SUBDIRECTORY" : "FILE_ADD_FILE"));
        }
    }

    private boolean parentGrantsDeleteChild(Path file) {
        Path parent = file.getParent();
        if (parent == null) {
            return false;
        }
        return descriptor(parent)
                .map(sd -> AccessCheck.isGranted(sd, token, AccessMask.FILE_DELETE_CHILD, GenericMapping.FILES))
                .orElse(true);
    }

    private static Optional<SecurityDescriptor> descriptor(Path path) {
        return SecurityDescriptorStore.load(path).flatMap(bytes -> {
            try {
                return Optional.of(SecurityDescriptor.decode(Unpooled.wrappedBuffer(bytes)));
            } catch (SmbException corrupt) {
                log.warn("ignoring the unreadable security descriptor of {}: {}", path, corrupt.getMessage());
                return Optional.empty();
            }
        });
    }
}

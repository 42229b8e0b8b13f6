package io.signet.storage;

import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.create.FileAccessCheck;
import io.signet.storage.create.Resolution;
import io.signet.storage.nt.NtStatusMapper;
import io.signet.storage.open.OpenedFile;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static io.signet.protocol.smb2.AccessMask.has;

/**
 * A rename through one open (FileRenameInformation): the file moves to another path of the share, replacing an
 * existing target when asked to. A target starting with ':' renames the open's stream instead ({@link StreamRename}).
 */
public final class FileRename {
    private final OpenedFile opened;
    private final ShareFileSystem share;

    FileRename(ShareFileSystem share, OpenedFile opened) {
        this.opened = opened;
        this.share = share;
    }

    /**
     * What a rename through this open needs before anything else happens: DELETE access ([MS-FSCC] 2.4.42:
     * STATUS_ACCESS_DENIED when "the handle was not opened with delete access") and an open that is not the share
     * root. A caller that breaks other opens' caching for the rename checks this first, so that an open that may not
     * rename cannot make those breaks happen.
     *
     * @throws SmbException STATUS_ACCESS_DENIED without DELETE access, or for the share root
     */
    public void checkAllowed() {
        opened.ensureOpen();
        if (!has(opened.grantedAccess(), AccessMask.DELETE)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no DELETE access to " + opened.smbPath());
        }
        if (opened.root()) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "the share root cannot be renamed");
        }
    }

    /** {@link #rename(String, boolean, FileAccessCheck)} without descriptor checks (the share's own renames). */
    public void rename(String targetSmbPath, boolean replaceIfExists) {
        rename(targetSmbPath, replaceIfExists, FileAccessCheck.UNRESTRICTED);
    }

    /**
     * [MS-FSA] 2.1.5.14.11 FileRenameInformation: moves the file to {@code targetSmbPath}, resolved like every
     * client path. Needs DELETE on the file; the target directory's descriptor must grant FILE_ADD_FILE (a directory:
     * FILE_ADD_SUBDIRECTORY), and a target the rename replaces must grant DELETE ({@link FileAccessCheck#checkRename}),
     * so a rename cannot put files where a CREATE could not, nor replace a file its user could not delete. Renaming to
     * a different case of the same name changes the case.
     *
     * @throws SmbException STATUS_OBJECT_NAME_COLLISION if the target exists and {@code replaceIfExists} is false;
     *                      STATUS_ACCESS_DENIED when replacing a directory, a READONLY file or a file that is open,
     *                      or when renaming the share root; STATUS_INVALID_PARAMETER when moving a directory into
     *                      itself; the resolver's statuses for a bad target
     */
    public void rename(String targetSmbPath, boolean replaceIfExists, FileAccessCheck access) {
        checkAllowed();
        String target = targetSmbPath == null ? "" : targetSmbPath;
        if (target.startsWith(":")) {
            new StreamRename(share, opened, opened.open()).rename(target, replaceIfExists);
            return;
        }
        if (target.isEmpty() || target.equals("\\")) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_INVALID, "empty rename target");
        }
        Resolution t = share.resolution(target);
        if (opened.isStream()) {
            // The SMB2 server opens the target's parent before the file system sees the rename, so a sharing conflict
            // there comes first (smbtorture smb2.streams.rename2 records it against Windows); then NTFS renames a
            // named stream only by a ":name" target, and refuses a full path as it refuses renaming a stream to a
            // file (smbtorture raw.streams, NTRENAME of a stream to a file).
            checkRenameSharing(t);
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                    "a stream is renamed by a name starting with ':', not " + target);
        }
        if (t.streamSyntax()) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_INVALID, "a file cannot be renamed to a stream");
        }
        Path source = opened.path();
        checkRenameSharing(t);
        access.checkRename(t.path().getParent(), opened.directory(), replacedBy(t, source, replaceIfExists));
        try {
            Path destination = t.path();
            if (t.exists()) {
                if (Files.isSameFile(source, t.path())) {
                    destination = t.path().resolveSibling(t.typedName());
                    if (destination.getFileName().equals(source.getFileName())
                            && destination.getParent().equals(source.getParent())) {
                        return;
                    }
                    Files.move(source, destination);
                } else if (!replaceIfExists) {
                    throw new SmbException(NtStatus.STATUS_OBJECT_NAME_COLLISION, t.smbPath() + " exists");
                } else {
                    destination = replace(t, source);
                }
            } else {
                if (opened.directory() && destination.startsWith(source)) {
                    throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "cannot move a directory into itself");
                }
                Files.move(source, destination);
            }
            String parent = t.smbPath().contains("\\") ? t.smbPath().substring(0, t.smbPath().lastIndexOf('\\') + 1)
                    : "";
            share.openFiles().renamed(opened.entry(), destination, parent + destination.getFileName().toString());
            opened.changeTimes().changed(destination, opened.directory());
        } catch (FileAlreadyExistsException e) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_COLLISION, target);
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "rename " + opened.smbPath() + " to " + target);
        } finally {
            // Even a failed rename may have moved something (a replace is two moves).
            share.names().forget(source.getParent());
            share.names().forget(t.path().getParent());
        }
    }

    /**
     * The sharing checks of a rename ([MS-FSA] 2.1.5.1.2 share access check, applied as Windows applies it to a
     * rename): every other open of the file must share DELETE; and the rename opens the target's parent directory
     * for FILE_ADD_FILE (FILE_ADD_SUBDIRECTORY for a directory) sharing READ and WRITE, so an open of that directory
     * that does not share WRITE, or that holds DELETE, refuses it.
     *
     * @throws SmbException STATUS_SHARING_VIOLATION
     */
    private void checkRenameSharing(Resolution t) {
        if (share.openFiles().otherOpenLacksShareDelete(opened.open())) {
            throw new SmbException(NtStatus.STATUS_SHARING_VIOLATION,
                    opened.smbPath() + " has another open that does not share DELETE");
        }
        Path parent = t.path().getParent();
        if (parent == null) {
            return;
        }
        Object parentKey;
        try {
            parentKey = ShareFileSystem.fileKey(parent);
        } catch (IOException e) {
            return;     // the move itself reports a missing parent
        }
        int access = (opened.directory() ? AccessMask.FILE_APPEND_DATA : AccessMask.FILE_WRITE_DATA)
                | AccessMask.SYNCHRONIZE;
        share.openFiles().checkSharing(parentKey, access, ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE,
                t.smbPath());
    }

    /** The other file the rename to {@code t} would replace, or null when it replaces none. */
    private static Path replacedBy(Resolution t, Path source, boolean replaceIfExists) {
        if (!replaceIfExists || !t.exists()) {
            return null;
        }
        try {
            return Files.isSameFile(source, t.path()) ? null : t.path();
        } catch (IOException e) {
            return t.path();
        }
    }

    /** Replaces the existing target {@code t}; the new name takes the client's spelling, as on NTFS. */
    private Path replace(Resolution t, Path source) throws IOException {
        if (t.directory()) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "cannot replace directory " + t.smbPath());
        }
        if (has(share.metadataStore().attributes(t.path()), FileAttributes.READONLY)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "cannot replace read-only " + t.smbPath());
        }
        if (share.openFiles().openCount(ShareFileSystem.fileKey(t.path())) > 0) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, t.smbPath() + " is open");
        }
        Files.move(source, t.path(), StandardCopyOption.REPLACE_EXISTING);
        Path typed = t.path().resolveSibling(t.typedName());
        if (!typed.equals(t.path())) {
            Files.move(t.path(), typed);
            return typed;
        }
        return t.path();
    }
}

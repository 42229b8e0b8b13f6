package io.signet.storage;

import io.signet.protocol.dtyp.SecurityDescriptor;
import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.fscc.FileTime;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.CreateAction;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.create.CreateRequest;
import io.signet.storage.create.DesiredAccess;
import io.signet.storage.create.DirectoryNameIndex;
import io.signet.storage.create.FileAccessCheck;
import io.signet.storage.create.Resolution;
import io.signet.storage.metadata.MetadataStore;
import io.signet.storage.metadata.SecurityDescriptorStore;
import io.signet.storage.nt.NtStatusMapper;
import io.signet.storage.open.OpenFileTable;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.signet.protocol.smb2.AccessMask.has;

/**
 * CREATE on a share ([MS-SMB2] 3.3.5.9 with the object store rules of [MS-FSA] 2.1.5.1): resolves the name, then
 * opens the existing file or directory, or creates a new one, as the disposition says; named streams go to
 * {@link StreamCreator}. It registers each open in the share's {@link OpenFileTable} before it touches the data, so
 * a sharing violation leaves the file as it was.
 *
 * <p>Thread-safe: it keeps no state of its own; one instance serves every session on the share.
 */
public final class FileCreator {
    private static final Logger LOG = LoggerFactory.getLogger(FileCreator.class);
    private final ShareFileSystem share;
    private final boolean readOnly;
    private final MetadataStore metadataStore;
    private final OpenFileTable openFiles;
    private final DirectoryNameIndex names;
    private final StreamCreator streamCreator;

    FileCreator(ShareFileSystem share) {
        this.share = share;
        this.readOnly = share.isReadOnly();
        this.metadataStore = share.metadataStore();
        this.openFiles = share.openFiles();
        this.names = share.names();
        this.streamCreator = new StreamCreator(share);
    }

    /**
     * {@link ShareFileSystem#create(String, CreateDisposition, int, int, int, int, FileAccessCheck)}: validates the
     * request, then resolves the name and acts on what is there.
     */
    CreateResult create(String smbPath, CreateDisposition disposition, int createOptions, int desiredAccess,
                        int shareAccess, int fileAttributes, FileAccessCheck access) {
        if (smbPath == null || disposition == null) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "missing path or disposition");
        }
        CreateRequest request = CreateRequest.validate(smbPath, disposition, createOptions, desiredAccess,
                shareAccess, fileAttributes, readOnly);
        // A concurrent create or delete of the same name can overturn what resolution saw; one retry settles it.
        for (int attempt = 0; ; attempt++) {
            Resolution r = share.resolution(request.path());
            try {
                if (r.streamSyntax()) {
                    checkStreamOpen(r, request);
                }
                if (r.namedStream()) {
                    return streamCreator.open(r, request, access);
                }
                return r.exists() ? openExisting(r, request, access) : createNew(r, request, access);
            } catch (RaceLost e) {
                if (attempt > 0) {
                    throw new SmbException(NtStatus.STATUS_SHARING_VIOLATION, "name changed during create");
                }
            }
        }
    }

    /** The name appeared or vanished between resolution and the operation. */
    static final class RaceLost extends Exception {
        RaceLost() {
            super(null, null, false, false);
        }
    }

    /**
     * [MS-FSA] 2.1.5.1: a data stream, named or "::$DATA", cannot be opened as a directory
     * (STATUS_NOT_A_DIRECTORY), and a directory has no unnamed data stream (STATUS_FILE_IS_A_DIRECTORY).
     */
    private static void checkStreamOpen(Resolution r, CreateRequest q) {
        if (q.directoryFile() || q.trailingSeparator()) {
            throw new SmbException(NtStatus.STATUS_NOT_A_DIRECTORY, "a data stream is not a directory: "
                    + r.smbPath());
        }
        if (!r.namedStream() && r.exists() && r.directory()) {
            throw new SmbException(NtStatus.STATUS_FILE_IS_A_DIRECTORY, r.smbPath() + " has no unnamed data stream");
        }
    }

    private CreateResult openExisting(Resolution r, CreateRequest q, FileAccessCheck access) throws RaceLost {
        boolean isDir = r.directory();
        boolean openAsDirectory = q.directoryFile() || (!q.nonDirectoryFile() && (isDir || q.trailingSeparator()));
        if (openAsDirectory && !isDir) {
            throw new SmbException(q.disposition() == CreateDisposition.CREATE
                    ? NtStatus.STATUS_OBJECT_NAME_COLLISION : NtStatus.STATUS_NOT_A_DIRECTORY, r.smbPath());
        }
        if (!openAsDirectory && isDir) {
            throw new SmbException(NtStatus.STATUS_FILE_IS_A_DIRECTORY, r.smbPath());
        }
        CreateDisposition d = q.disposition();
        if (isDir && d != CreateDisposition.OPEN && d != CreateDisposition.OPEN_IF) {
            // [MS-FSA] 2.1.5.1.2: an existing directory is never overwritten or superseded.
            throw new SmbException(r.isRoot() ? NtStatus.STATUS_ACCESS_DENIED : NtStatus.STATUS_OBJECT_NAME_COLLISION,
                    r.smbPath());
        }
        if (!isDir && d == CreateDisposition.CREATE) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_COLLISION, r.smbPath());
        }
        int attributes;
        try {
            attributes = metadataStore.attributes(r.path());
        } catch (NoSuchFileException e) {
            throw new RaceLost();
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "stat " + r.smbPath());
        }
        boolean readOnlyFile = !isDir && has(attributes, FileAttributes.READONLY);
        boolean truncate = !isDir && (d == CreateDisposition.OVERWRITE || d == CreateDisposition.OVERWRITE_IF
                || d == CreateDisposition.SUPERSEDE);
        int newAttributes = 0;
        if (truncate) {
            // [MS-FSA] 2.1.5.1.2: overwriting needs FILE_WRITE_DATA (so a READONLY file refuses) and must not drop
            // HIDDEN or SYSTEM.
            if (readOnly || readOnlyFile) {
                throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "cannot overwrite " + r.smbPath());
            }
            if ((has(attributes, FileAttributes.HIDDEN) && !has(q.fileAttributes(), FileAttributes.HIDDEN))
                    || (has(attributes, FileAttributes.SYSTEM) && !has(q.fileAttributes(), FileAttributes.SYSTEM))) {
                throw new SmbException(NtStatus.STATUS_ACCESS_DENIED,
                        "overwriting " + r.smbPath() + " would drop HIDDEN or SYSTEM");
            }
            newAttributes = (q.fileAttributes() | FileAttributes.ARCHIVE)
                    & ~(FileAttributes.NORMAL | FileAttributes.NOT_CONTENT_INDEXED);
        }
        int granted = access.checkOpen(r.path(), r.isRoot(), grantedAccess(q, readOnlyFile, r.smbPath()),
                q.explicitRights(), q.maximumAllowed(), truncate);
        if (q.deleteOnClose()) {
            FileDeletion.checkDeletable(r.isRoot(), attributes);
        }
        if (isDir) {
            try {
                return new CreateResult(register(r, null, true, granted, q), CreateAction.OPENED);
            } catch (NoSuchFileException e) {
                throw new RaceLost();
            } catch (IOException e) {
                throw NtStatusMapper.toSmbException(e, "open " + r.smbPath());
            }
        }
        FileHandle handle = null;
        try {
            // The sharing check comes first: a refused open must not truncate the file. A MAXIMUM_ALLOWED open the
            // file system will not let write is registered again with what it is finally granted.
            handle = register(r, null, false, granted, q);
            FileChannel channel;
            try {
                channel = openChannel(r.path(), granted, truncate, false);
            } catch (java.nio.file.AccessDeniedException denied) {
                if (!q.maximumAllowed() || has(q.explicitRights(), DesiredAccess.DATA_WRITE_RIGHTS) || truncate) {
                    throw denied;
                }
                // MAXIMUM_ALLOWED on a file the server may not write: grant what the file system allows.
                granted &= ~DesiredAccess.DATA_WRITE_RIGHTS;
                handle.abandon();
                handle = null;
                handle = register(r, null, false, granted, q);
                channel = openChannel(r.path(), granted, false, false);
            }
            handle.attach(channel);
            if (truncate) {
                metadataStore.overwritten(r.path(), newAttributes);
                handle.overwritten();
            }
            return new CreateResult(handle, d == CreateDisposition.SUPERSEDE ? CreateAction.SUPERSEDED
                    : truncate ? CreateAction.OVERWRITTEN : CreateAction.OPENED);
        } catch (NoSuchFileException e) {
            abandon(handle);
            throw new RaceLost();
        } catch (IOException e) {
            abandon(handle);
            throw NtStatusMapper.toSmbException(e, "open " + r.smbPath());
        } catch (RuntimeException e) {
            abandon(handle);
            throw e;
        }
    }

    private static void abandon(FileHandle handle) {
        if (handle != null) {
            handle.abandon();
        }
    }

    private CreateResult createNew(Resolution r, CreateRequest q, FileAccessCheck access) throws RaceLost {
        CreateDisposition d = q.disposition();
        if (d == CreateDisposition.OPEN || d == CreateDisposition.OVERWRITE) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, r.smbPath());
        }
        if (readOnly) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "read-only share");
        }
        boolean directory = q.directoryFile() || q.trailingSeparator();
        if (directory && has(q.fileAttributes(), FileAttributes.TEMPORARY)) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "a directory cannot be TEMPORARY");
        }
        if (q.deleteOnClose() && has(q.fileAttributes(), FileAttributes.READONLY)) {
            throw new SmbException(NtStatus.STATUS_CANNOT_DELETE, "a READONLY file cannot be deleted on close");
        }
        access.checkCreate(r.path().getParent(), directory);
        SecurityDescriptor descriptor = access.descriptorForNew(r.path().getParent(), directory);
        int attributes = (q.fileAttributes() & FileAttributes.SETTABLE) | (directory ? 0 : FileAttributes.ARCHIVE);
        FileChannel channel = null;
        boolean created = false;
        try {
            Path parent = r.path().getParent();
            java.nio.file.attribute.FileTime parentBefore = DirectoryNameIndex.modified(parent);
            if (directory) {
                Files.createDirectory(r.path());
            } else {
                channel = openChannel(r.path(), q.requested(), false, true);
            }
            created = true;
            names.created(parent, r.path().getFileName().toString(), parentBefore);
            if (!directory) {
                if (!has(q.requested(), AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE
                        | AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) {
                    ShareFileSystem.closeQuietly(channel);   // it only created the file; the open has no data access
                    channel = null;
                }
            }
            // A new file's CreationTime is the LastWriteTime the file system gave it, as NTFS gives both one value.
            long creation = FileTime.fromInstant(Files.getLastModifiedTime(r.path()).toInstant());
            metadataStore.update(r.path(), directory, attributes, creation);
            if (descriptor != null) {
                // A file that cannot keep its descriptor is not left behind unprotected: the CREATE fails.
                SecurityDescriptorStore.store(r.path(), descriptor);
            }
            return new CreateResult(register(r, channel, directory, q.requested(), q), CreateAction.CREATED);
        } catch (FileAlreadyExistsException e) {
            if (d == CreateDisposition.CREATE) {
                throw new SmbException(NtStatus.STATUS_OBJECT_NAME_COLLISION, r.smbPath());
            }
            throw new RaceLost();
        } catch (IOException e) {
            ShareFileSystem.closeQuietly(channel);
            undoCreate(created, r.path(), names);
            throw NtStatusMapper.toSmbException(e, "create " + r.smbPath());
        } catch (RuntimeException e) {
            ShareFileSystem.closeQuietly(channel);
            undoCreate(created, r.path(), names);
            throw e;
        }
    }

    /**
     * Removes what a CREATE that failed after making {@code path} made, so a refused request changes nothing on disk.
     * Nothing else can have opened it: it was never registered in the open-file table.
     */
    static void undoCreate(boolean created, Path path, DirectoryNameIndex names) {
        if (!created) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not remove {} after its CREATE failed: {}", path, e.toString());
        } finally {
            names.forget(path.getParent());
        }
    }

    /**
     * The access an open of an existing file is granted: what it asked for, except that a READONLY file refuses
     * explicit write access and takes write rights out of MAXIMUM_ALLOWED ([MS-FSA] 2.1.5.1.2.1).
     */
    static int grantedAccess(CreateRequest q, boolean readOnlyFile, String smbPath) {
        int granted = q.requested();
        if (readOnlyFile) {
            if (q.maximumAllowed()) {
                granted &= ~DesiredAccess.DATA_WRITE_RIGHTS;
            }
            if (has(q.explicitRights(), AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) {
                throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, smbPath + " is read-only");
            }
        }
        return granted;
    }

    public static FileChannel openChannel(Path path, int granted, boolean truncate, boolean createNew)
            throws IOException {
        Set<StandardOpenOption> options = EnumSet.noneOf(StandardOpenOption.class);
        if (has(granted, AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE)) {
            options.add(StandardOpenOption.READ);   // FILE_EXECUTE reads too ([MS-SMB2] 3.3.5.12)
        }
        if (has(granted, AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA) || truncate) {
            options.add(StandardOpenOption.WRITE);
        }
        if (truncate) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        if (createNew) {
            // Java ignores CREATE_NEW on a channel opened only for reading, so creating always opens for writing;
            // the handle still writes only with the rights it was granted.
            options.add(StandardOpenOption.CREATE_NEW);
            options.add(StandardOpenOption.WRITE);
        }
        if (options.isEmpty()) {
            return null;    // attribute-only open: no descriptor needed
        }
        return FileChannel.open(path, options);
    }

    private FileHandle register(Resolution r, FileChannel channel, boolean directory, int granted, CreateRequest q)
            throws IOException {
        Object key = ShareFileSystem.fileKey(r.path());
        OpenFileTable.Open open = openFiles.open(key, r.path(), r.smbPath(), granted, q.shareAccess());
        return new FileHandle(share, open, channel, directory, granted, q.deleteOnClose(), q.mode(), r.isRoot());
    }
}

package io.signet.storage;

import io.signet.protocol.dtyp.SecurityDescriptor;
import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.fscc.FileTime;
import io.signet.protocol.smb2.CreateAction;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.FileCreator.RaceLost;
import io.signet.storage.create.CreateRequest;
import io.signet.storage.create.DirectoryNameIndex;
import io.signet.storage.create.FileAccessCheck;
import io.signet.storage.create.Resolution;
import io.signet.storage.metadata.MetadataStore;
import io.signet.storage.metadata.SecurityDescriptorStore;
import io.signet.storage.nt.NtStatusMapper;
import io.signet.storage.nt.WindowsNames;
import io.signet.storage.open.OpenFileTable;
import io.signet.storage.stream.StreamStore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

import static io.signet.protocol.smb2.AccessMask.has;

/**
 * CREATE of a named data stream ("file:stream"), for {@link FileCreator}. Each stream has its own entry in the
 * share's {@link OpenFileTable}, so sharing is checked per stream, as NTFS checks it.
 *
 * <p>Thread-safe: it keeps no state of its own.
 */
final class StreamCreator {
    private final ShareFileSystem share;
    private final boolean readOnly;
    private final MetadataStore metadataStore;
    private final OpenFileTable openFiles;
    private final DirectoryNameIndex names;
    private final StreamStore streams;

    StreamCreator(ShareFileSystem share) {
        this.share = share;
        this.readOnly = share.isReadOnly();
        this.metadataStore = share.metadataStore();
        this.openFiles = share.openFiles();
        this.names = share.names();
        this.streams = share.streams();
    }

    /**
     * CREATE of a named stream ([MS-FSA] 2.1.5.1.1 and 2.1.5.1.2 with a non-empty StreamNameToOpen). A missing file is
     * created first for the creating dispositions, as NTFS does; the disposition then applies to the stream alone
     * (OVERWRITE and SUPERSEDE truncate only the stream). The file's READONLY attribute covers its streams: no write
     * access, no creating or truncating. Streams of directories are allowed, as on NTFS.
     */
    CreateResult open(Resolution r, CreateRequest q, FileAccessCheck access) throws RaceLost {
        CreateDisposition d = q.disposition();
        String streamPath = r.smbPath() + ":" + r.stream();
        boolean baseCreated = false;
        FileChannel channel = null;
        try {
            if (!r.exists()) {
                if (d == CreateDisposition.OPEN || d == CreateDisposition.OVERWRITE) {
                    throw new SmbException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, r.smbPath());
                }
                if (readOnly) {
                    throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "read-only share");
                }
                access.checkCreate(r.path().getParent(), false);
                SecurityDescriptor descriptor = access.descriptorForNew(r.path().getParent(), false);
                java.nio.file.attribute.FileTime parentBefore = DirectoryNameIndex.modified(r.path().getParent());
                try {
                    Files.createFile(r.path());
                } catch (FileAlreadyExistsException e) {
                    throw new RaceLost();
                }
                names.created(r.path().getParent(), r.path().getFileName().toString(), parentBefore);
                int attributes = (q.fileAttributes() & FileAttributes.SETTABLE) | FileAttributes.ARCHIVE;
                baseCreated = true;
                metadataStore.update(r.path(), false, attributes, FileTime.fromInstant(Instant.now()));
                if (descriptor != null) {
                    SecurityDescriptorStore.store(r.path(), descriptor);
                }
            }
            FileMetadata base = metadataStore.read(r.path());
            Object baseKey = ShareFileSystem.fileKey(r.path());
            if (openFiles.deletePending(baseKey)) {
                throw new SmbException(NtStatus.STATUS_DELETE_PENDING, r.smbPath() + " is being deleted");
            }
            // A READONLY attribute this CREATE gave the new file binds later opens, not this one (as for a new file).
            boolean readOnlyFile = !baseCreated && !base.directory()
                    && has(base.fileAttributes(), FileAttributes.READONLY);
            int granted = FileCreator.grantedAccess(q, readOnlyFile, r.smbPath());
            if (!baseCreated) {
                // A stream is protected by its file's descriptor.
                granted = access.checkOpen(r.path(), false, granted, q.explicitRights(), q.maximumAllowed(), false);
            }
            if (q.deleteOnClose()) {
                FileDeletion.checkDeletable(false, base.fileAttributes());
            }
            Path data = streams.find(base, r.stream());
            boolean truncate = false;
            CreateAction action;
            if (data == null) {
                if (d == CreateDisposition.OPEN || d == CreateDisposition.OVERWRITE) {
                    throw new SmbException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, streamPath);
                }
                if (readOnly || readOnlyFile) {
                    throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "cannot create " + streamPath);
                }
                try {
                    data = streams.create(r.path(), base, r.stream());
                } catch (FileAlreadyExistsException e) {
                    if (d == CreateDisposition.CREATE) {
                        throw new SmbException(NtStatus.STATUS_OBJECT_NAME_COLLISION, streamPath);
                    }
                    throw new RaceLost();
                }
                action = CreateAction.CREATED;
            } else {
                if (d == CreateDisposition.CREATE) {
                    throw new SmbException(NtStatus.STATUS_OBJECT_NAME_COLLISION, streamPath);
                }
                truncate = d == CreateDisposition.OVERWRITE || d == CreateDisposition.OVERWRITE_IF
                        || d == CreateDisposition.SUPERSEDE;
                if (truncate && (readOnly || readOnlyFile)) {
                    throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "cannot overwrite " + streamPath);
                }
                action = d == CreateDisposition.SUPERSEDE ? CreateAction.SUPERSEDED
                        : truncate ? CreateAction.OVERWRITTEN : CreateAction.OPENED;
            }
            OpenFileTable.Open open = openFiles.open(new OpenFileTable.StreamKey(baseKey,
                    WindowsNames.upcase(r.stream())), r.path(), r.smbPath(), granted, q.shareAccess());
            FileHandle handle = new FileHandle(share, open, null, false, granted, q.deleteOnClose(), q.mode(),
                    false, r.stream(), data);
            try {
                channel = FileCreator.openChannel(data, granted, truncate, false);
            } catch (IOException | RuntimeException e) {
                handle.abandon();
                throw e;
            }
            handle.attach(channel);
            return new CreateResult(handle, action, baseCreated);
        } catch (NoSuchFileException e) {
            ShareFileSystem.closeQuietly(channel);
            throw new RaceLost();
        } catch (IOException e) {
            ShareFileSystem.closeQuietly(channel);
            undoBase(baseCreated, r.path());
            throw NtStatusMapper.toSmbException(e, "open " + streamPath);
        } catch (RuntimeException e) {
            ShareFileSystem.closeQuietly(channel);
            undoBase(baseCreated, r.path());
            throw e;
        }
    }

    /** A refused stream CREATE that made the file takes the file away again, with any stream it had made. */
    private void undoBase(boolean baseCreated, Path file) {
        if (!baseCreated) {
            return;
        }
        try {
            streams.deleteAll(metadataStore.read(file));
        } catch (IOException e) {
            // The file itself still goes; an orphaned sidecar entry is keyed by an inode no file has any more.
        }
        FileCreator.undoCreate(true, file, names);
    }
}

package io.signet.storage;

import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.fscc.FileTime;
import io.signet.protocol.fscc.FsStats;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static io.signet.storage.AccessMask.has;

/**
 * A share: a rooted, Windows-flavoured view of one local directory.
 *
 * <p>All client paths go through {@link #resolve}, which keeps every access inside the root. CREATE follows
 * [MS-SMB2] 3.3.5.9 and the object store rules of [MS-FSA] 2.1.5.1; the resulting {@link FileHandle}s share
 * per-file state (path after renames, delete pending) through an {@link OpenFileTable}.
 *
 * <p>A read-only share behaves like a Windows share whose permission is "Read": it grants at most
 * {@link AccessMask#READ_ONLY_SHARE_RIGHTS}, and asking for more, or for a disposition that would create or
 * truncate, is STATUS_ACCESS_DENIED. (STATUS_MEDIA_WRITE_PROTECTED is what Windows says for a read-only volume; a
 * read-only mount underneath reports that through {@link NtStatusMapper}.)
 *
 * <p>Thread-safe: one instance serves every session on the share. Resolution keeps no state, and the per-file state
 * shared by opens sits behind the open-file table's lock.
 *
 * <p>Symbolic links are followed only when their target, fully resolved, is inside the root; the check happens at
 * resolution time, so a local user who swaps a directory for a link between resolution and use can still race it.
 * Clients cannot create links.
 */
public final class ShareFileSystem {
    private static final int DEFAULT_ALLOCATION_UNIT = 4096;
    private static final int SECTOR = 512;

    private final Path root;
    private final boolean readOnly;
    private final String volumeLabel;
    private final int bytesPerSector;
    private final int sectorsPerAllocationUnit;
    private final int volumeSerial;
    private final long volumeCreationTime;
    private final MetadataStore metadataStore;
    private final StreamStore streams;
    private final int allocationUnit;
    private final OpenFileTable openFiles = new OpenFileTable();
    private final DirectoryNameIndex names = new DirectoryNameIndex();
    private final PathResolver resolver;

    /** A share with an empty volume label. */
    public ShareFileSystem(Path root, boolean readOnly) {
        this(root, readOnly, "");
    }

    /**
     * @param root        an existing directory; the share is its real path (symbolic links in {@code root} itself
     *                    are resolved once, here)
     * @param readOnly    whether clients may only read
     * @param volumeLabel the label FileFsVolumeInformation reports (Samba and Windows show the share or disk name)
     * @throws IllegalArgumentException if {@code root} is not an existing directory
     */
    public ShareFileSystem(Path root, boolean readOnly, String volumeLabel) {
        Objects.requireNonNull(root, "root");
        this.volumeLabel = Objects.requireNonNull(volumeLabel, "volumeLabel");
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("share root is not an existing directory: " + root);
        }
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot resolve share root " + root + ": " + e.getMessage(), e);
        }
        this.readOnly = readOnly;
        int unit = allocationUnit(this.root);
        this.bytesPerSector = Math.min(unit, SECTOR);
        this.sectorsPerAllocationUnit = unit / bytesPerSector;
        this.metadataStore = new MetadataStore(unit, openFiles::reservedAllocation);
        this.allocationUnit = unit;
        this.streams = new StreamStore(this.root, metadataStore);
        this.resolver = new PathResolver(this.root, names, streams, metadataStore);
        this.volumeSerial = volumeSerial(this.root);
        this.volumeCreationTime = volumeCreationTime(this.root);
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /** The share root (a real path). */
    public Path root() {
        return root;
    }

    /** The serial number FileFsVolumeInformation and FileIdInformation report for this share. */
    public int volumeSerial() {
        return volumeSerial;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Resolution

    /**
     * Maps a share-relative SMB path to the file it names inside the root, or for a named stream to the file that
     * holds the stream's data, as {@link PathResolver#resolve} describes; never to anything outside the root.
     */
    public Path resolve(String smbPath) {
        return resolver.resolve(smbPath);
    }

    /** Where {@code smbPath} leads ({@link PathResolver#resolution}). */
    Resolution resolution(String smbPath) {
        return resolver.resolution(smbPath);
    }

    /** The entry of {@code dir} a client calls {@code name}, or {@code null} ({@link PathResolver#lookup}). */
    Path lookup(Path dir, String name) {
        return resolver.lookup(dir, name);
    }

    /** The real target of a symbolic link, if inside the root ({@link PathResolver#linkTargetInsideRoot}). */
    Path linkTargetInsideRoot(Path link) {
        return resolver.linkTargetInsideRoot(link);
    }

    /** The case-insensitive name index, which Signet's own renames and deletions must keep up to date. */
    DirectoryNameIndex names() {
        return names;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // CREATE

    /**
     * Opens or creates a file or directory, [MS-SMB2] 3.3.5.9 with the object store rules of [MS-FSA] 2.1.5.1.
     *
     * <p>Checks, in order: options (DIRECTORY_FILE with NON_DIRECTORY_FILE, or with an option a directory cannot
     * take, or with a disposition other than OPEN/CREATE/OPEN_IF: STATUS_INVALID_PARAMETER; RESERVE_OPFILTER and
     * OPEN_BY_FILE_ID: STATUS_NOT_SUPPORTED); access (0 or a reserved bit: STATUS_ACCESS_DENIED;
     * ACCESS_SYSTEM_SECURITY: STATUS_PRIVILEGE_NOT_HELD; DELETE_ON_CLOSE without DELETE: STATUS_ACCESS_DENIED; more
     * than a read-only share grants: STATUS_ACCESS_DENIED); the path ({@link #resolve}); then the disposition
     * against what exists. A trailing '\' asks for a directory.
     *
     * @param desiredAccess  the DesiredAccess field; the handle's granted access is its {@link AccessMask#map}ping,
     *                       MAXIMUM_ALLOWED trimmed as [MS-FSA] 2.1.5.1.2.1 trims it for a READONLY file
     * @param fileAttributes the FileAttributes field, applied to a created, overwritten or superseded file
     */
    public CreateResult create(String smbPath, CreateDisposition disposition, int createOptions, int desiredAccess,
                               int fileAttributes) {
        return create(smbPath, disposition, createOptions, desiredAccess, ShareAccess.ALL, fileAttributes);
    }

    /**
     * {@link #create(String, CreateDisposition, int, int, int)} with the CREATE's ShareAccess: the open is checked
     * against the other opens of the same stream (the file, or one of its named streams) on every connection to
     * the share, by the share access check of [MS-FSA] 2.1.5.1.2 ({@link ShareAccess#conflicts}). The check comes
     * after the access checks and before anything is truncated, so a refused OVERWRITE leaves the data alone.
     *
     * @param shareAccess FILE_SHARE_READ, FILE_SHARE_WRITE and FILE_SHARE_DELETE ({@link ShareAccess}); another
     *                    bit is STATUS_INVALID_PARAMETER
     * @throws SmbException STATUS_SHARING_VIOLATION when an existing open conflicts with this one
     */
    public CreateResult create(String smbPath, CreateDisposition disposition, int createOptions, int desiredAccess,
                               int shareAccess, int fileAttributes) {
        return create(smbPath, disposition, createOptions, desiredAccess, shareAccess, fileAttributes,
                FileAccessCheck.UNRESTRICTED);
    }

    /**
     * {@link #create(String, CreateDisposition, int, int, int, int)} for a user: {@code access} checks the open
     * against the security descriptor of an existing file, or of the parent directory of a new one, after the
     * disposition's own checks and before anything on disk changes.
     *
     * @throws SmbException STATUS_ACCESS_DENIED when a descriptor refuses the open ({@link FileAccessCheck})
     */
    public CreateResult create(String smbPath, CreateDisposition disposition, int createOptions, int desiredAccess,
                               int shareAccess, int fileAttributes, FileAccessCheck access) {
        if (smbPath == null || disposition == null) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "missing path or disposition");
        }
        CreateRequest request = CreateRequest.validate(smbPath, disposition, createOptions, desiredAccess,
                shareAccess, fileAttributes, readOnly);
        // A concurrent create or delete of the same name can overturn what resolution saw; one retry settles it.
        for (int attempt = 0; ; attempt++) {
            Resolution r = resolution(request.path());
            try {
                if (r.streamSyntax()) {
                    checkStreamOpen(r, request);
                }
                if (r.namedStream()) {
                    return openStream(r, request, access);
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
    private static final class RaceLost extends Exception {
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

    /**
     * CREATE of a named stream ([MS-FSA] 2.1.5.1.1 and 2.1.5.1.2 with a non-empty StreamNameToOpen). A missing file is
     * created first for the creating dispositions, as NTFS does; the disposition then applies to the stream alone
     * (OVERWRITE and SUPERSEDE truncate only the stream). The file's READONLY attribute covers its streams: no write
     * access, no creating or truncating. Streams of directories are allowed, as on NTFS.
     */
    private CreateResult openStream(Resolution r, CreateRequest q, FileAccessCheck access) throws RaceLost {
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
                java.nio.file.attribute.FileTime parentBefore = DirectoryNameIndex.modified(r.path().getParent());
                try {
                    Files.createFile(r.path());
                } catch (FileAlreadyExistsException e) {
                    throw new RaceLost();
                }
                names.created(r.path().getParent(), r.path().getFileName().toString(), parentBefore);
                int attributes = (q.fileAttributes() & FileAttributes.SETTABLE) | FileAttributes.ARCHIVE;
                metadataStore.update(r.path(), false, attributes, FileTime.fromInstant(Instant.now()));
                baseCreated = true;
            }
            FileMetadata base = metadataStore.read(r.path());
            Object baseKey = fileKey(r.path());
            if (openFiles.deletePending(baseKey)) {
                throw new SmbException(NtStatus.STATUS_DELETE_PENDING, r.smbPath() + " is being deleted");
            }
            boolean readOnlyFile = !base.directory() && has(base.fileAttributes(), FileAttributes.READONLY);
            int granted = grantedAccess(q, readOnlyFile, r.smbPath());
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
            FileHandle handle = new FileHandle(this, open, null, false, granted, q.deleteOnClose(), q.mode(),
                    false, r.stream(), data);
            try {
                channel = openChannel(data, granted, truncate, false);
            } catch (IOException | RuntimeException e) {
                handle.abandon();
                throw e;
            }
            handle.attach(channel);
            return new CreateResult(handle, action, baseCreated);
        } catch (NoSuchFileException e) {
            closeQuietly(channel);
            throw new RaceLost();
        } catch (IOException e) {
            closeQuietly(channel);
            throw NtStatusMapper.toSmbException(e, "open " + streamPath);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
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
                if (!q.maximumAllowed() || has(q.explicitRights(), AccessMask.DATA_WRITE_RIGHTS) || truncate) {
                    throw denied;
                }
                // MAXIMUM_ALLOWED on a file the server may not write: grant what the file system allows.
                granted &= ~AccessMask.DATA_WRITE_RIGHTS;
                handle.abandon();
                handle = null;
                handle = register(r, null, false, granted, q);
                channel = openChannel(r.path(), granted, false, false);
            }
            handle.attach(channel);
            if (truncate) {
                metadataStore.overwritten(r.path(), newAttributes);
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
        int attributes = (q.fileAttributes() & FileAttributes.SETTABLE) | (directory ? 0 : FileAttributes.ARCHIVE);
        long now = FileTime.fromInstant(Instant.now());
        FileChannel channel = null;
        try {
            Path parent = r.path().getParent();
            java.nio.file.attribute.FileTime parentBefore = DirectoryNameIndex.modified(parent);
            if (directory) {
                Files.createDirectory(r.path());
            } else {
                channel = openChannel(r.path(), q.requested(), false, true);
            }
            names.created(parent, r.path().getFileName().toString(), parentBefore);
            if (!directory) {
                if (!has(q.requested(), AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE
                        | AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) {
                    closeQuietly(channel);   // it only created the file; the open has no data access
                    channel = null;
                }
            }
            metadataStore.update(r.path(), directory, attributes, now);
            return new CreateResult(register(r, channel, directory, q.requested(), q), CreateAction.CREATED);
        } catch (FileAlreadyExistsException e) {
            if (d == CreateDisposition.CREATE) {
                throw new SmbException(NtStatus.STATUS_OBJECT_NAME_COLLISION, r.smbPath());
            }
            throw new RaceLost();
        } catch (IOException e) {
            closeQuietly(channel);
            throw NtStatusMapper.toSmbException(e, "create " + r.smbPath());
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * The access an open of an existing file is granted: what it asked for, except that a READONLY file refuses
     * explicit write access and takes write rights out of MAXIMUM_ALLOWED ([MS-FSA] 2.1.5.1.2.1).
     */
    private static int grantedAccess(CreateRequest q, boolean readOnlyFile, String smbPath) {
        int granted = q.requested();
        if (readOnlyFile) {
            if (q.maximumAllowed()) {
                granted &= ~AccessMask.DATA_WRITE_RIGHTS;
            }
            if (has(q.explicitRights(), AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) {
                throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, smbPath + " is read-only");
            }
        }
        return granted;
    }

    private static FileChannel openChannel(Path path, int granted, boolean truncate, boolean createNew)
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
        Object key = fileKey(r.path());
        OpenFileTable.Open open = openFiles.open(key, r.path(), r.smbPath(), granted, q.shareAccess());
        return new FileHandle(this, open, channel, directory, granted, q.deleteOnClose(), q.mode(), r.isRoot());
    }

    /**
     * The key {@link FileHandle#fileKey()} would have for an open of {@code smbPath}, if that file or stream exists:
     * callers use it to act on the opens of a file before opening it (an oplock break). Empty for a name that does
     * not exist or does not resolve; the open itself reports why.
     */
    public Optional<Object> existingFileKey(String smbPath) {
        try {
            Resolution r = resolution(smbPath);
            if (!r.exists()) {
                return Optional.empty();
            }
            Object key = fileKey(r.path());
            if (!r.namedStream()) {
                return Optional.of(key);
            }
            if (streams.find(metadataStore.read(r.path()), r.stream()) == null) {
                return Optional.empty();
            }
            return Optional.of(new OpenFileTable.StreamKey(key, WindowsNames.upcase(r.stream())));
        } catch (SmbException | IOException e) {
            return Optional.empty();
        }
    }

    static Object fileKey(Path path) throws IOException {
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        return key != null ? key : path.toAbsolutePath().normalize();
    }

    static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Volume

    /** Sizes and identity of the volume holding the share, for the FileFs* information classes. */
    public FsStats fsStats() {
        try {
            FileStore store = Files.getFileStore(root);
            return new FsStats(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace(),
                    bytesPerSector, sectorsPerAllocationUnit, volumeLabel, volumeSerial, volumeCreationTime,
                    readOnly, store.supportsFileAttributeView(UserDefinedFileAttributeView.class));
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "volume statistics");
        }
    }

    MetadataStore metadataStore() {
        return metadataStore;
    }

    OpenFileTable openFiles() {
        return openFiles;
    }

    StreamStore streams() {
        return streams;
    }

    int allocationUnit() {
        return allocationUnit;
    }

    private static int allocationUnit(Path root) {
        try {
            long size = Files.getFileStore(root).getBlockSize();
            if (size >= SECTOR && size <= 65536 && Long.bitCount(size) == 1) {
                return (int) size;
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // fall back below
        }
        return DEFAULT_ALLOCATION_UNIT;
    }

    /** A stable 32-bit serial number derived from the root's device and inode. */
    private static int volumeSerial(Path root) {
        long h;
        try {
            Map<String, Object> a = Files.readAttributes(root, "unix:dev,ino");
            h = ((Number) a.get("dev")).longValue() * 0x9E3779B97F4A7C15L + ((Number) a.get("ino")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            h = root.toString().hashCode() * 0x9E3779B97F4A7C15L;
        }
        return (int) (h ^ (h >>> 32));
    }

    private long volumeCreationTime(Path root) {
        try {
            FileMetadata m = metadataStore.read(root);
            return m.creationTime();
        } catch (IOException e) {
            return 0;
        }
    }

    static IOException unwrap(Exception e) {
        if (e instanceof DirectoryIteratorException die) {
            return die.getCause();
        }
        return (IOException) e;
    }
}

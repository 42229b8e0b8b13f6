package io.signet.storage;

import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.fscc.FsStats;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.status.SmbException;
import io.signet.storage.create.DesiredAccess;
import io.signet.storage.create.DirectoryNameIndex;
import io.signet.storage.create.FileAccessCheck;
import io.signet.storage.create.PathResolver;
import io.signet.storage.create.Resolution;
import io.signet.storage.metadata.MetadataStore;
import io.signet.storage.metadata.WriteTimeTable;
import io.signet.storage.nt.NtStatusMapper;
import io.signet.storage.nt.WindowsNames;
import io.signet.storage.open.OpenFileTable;
import io.signet.storage.open.ShareVolume;
import io.signet.storage.stream.StreamStore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A share: a rooted, Windows-flavoured view of one local directory.
 *
 * <p>All client paths go through {@link #resolve}, which keeps every access inside the root. CREATE follows
 * [MS-SMB2] 3.3.5.9 and the object store rules of [MS-FSA] 2.1.5.1; the resulting {@link FileHandle}s share
 * per-file state (path after renames, delete pending) through an {@link OpenFileTable}.
 *
 * <p>A read-only share behaves like a Windows share whose permission is "Read": it grants at most
 * {@link DesiredAccess#READ_ONLY_SHARE_RIGHTS}, and asking for more, or for a disposition that would create or
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
public final class ShareFileSystem implements ShareVolume {
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
    private final FileCreator creator;

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
        this(root, readOnly, volumeLabel, () -> io.signet.protocol.fscc.FileTime.fromInstant(Instant.now()));
    }

    /** A share whose LastWriteTime updates ({@link WriteTimeTable}) read the time, as a FILETIME, from {@code clock}. */
    ShareFileSystem(Path root, boolean readOnly, String volumeLabel, LongSupplier clock) {
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
        this.metadataStore = new MetadataStore(unit, openFiles::reservedAllocation, new WriteTimeTable(clock));
        this.allocationUnit = unit;
        this.streams = new StreamStore(this.root, metadataStore);
        this.resolver = new PathResolver(this.root, names, streams, metadataStore);
        this.volumeSerial = volumeSerial(this.root);
        this.volumeCreationTime = volumeCreationTime(this.root);
        this.creator = new FileCreator(this);
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /** The share root (a real path). */
    @Override
    public Path root() {
        return root;
    }

    /** The serial number FileFsVolumeInformation and FileIdInformation report for this share. */
    @Override
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
     * @param desiredAccess  the DesiredAccess field; the handle's granted access is its {@link DesiredAccess#map}ping,
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
        return creator.create(smbPath, disposition, createOptions, desiredAccess, shareAccess, fileAttributes, access);
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

    public static Object fileKey(Path path) throws IOException {
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        return key != null ? key : path.toAbsolutePath().normalize();
    }

    public static void closeQuietly(FileChannel channel) {
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

    @Override
    public MetadataStore metadataStore() {
        return metadataStore;
    }

    @Override
    public OpenFileTable openFiles() {
        return openFiles;
    }

    @Override
    public StreamStore streams() {
        return streams;
    }

    @Override
    public int allocationUnit() {
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
}

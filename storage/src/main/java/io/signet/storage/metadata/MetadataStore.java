package io.signet.storage.metadata;

import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.fscc.FileTime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Reads {@link FileMetadata} for a path and writes the Windows attributes and creation time, following these rules:
 * <ul>
 *   <li>FileId is the inode number ({@code unix:ino}); where the file system has no inode numbers, the hash of the
 *       JDK file key (unique in practice, not guaranteed).</li>
 *   <li>CreationTime is the time recorded in {@link DosAttributeStore} (set when Signet creates the file or a client
 *       sets it); otherwise the earliest of the birth time (when the JDK reports one; it reports the modification
 *       time when the file system has none), the modification time and the status change time.</li>
 *   <li>ChangeTime is {@code unix:ctime}, or the value a client set while nothing has changed the file since
 *       ({@link ChangeTimeOverride}); LastWriteTime the modification time, or while the file is open the value
 *       {@link WriteTimeTable} holds for it; LastAccessTime the access time.</li>
 *   <li>AllocationSize is the end of file rounded up to the share's allocation unit (the JDK does not expose the
 *       block count), or the allocation a client asked for while the file is open, if that is larger
 *       ({@code OpenFileTable.reservedAllocation}); directories report 0 for both sizes, as NTFS does.</li>
 *   <li>READONLY on a file is the absence of the owner write permission bit; on a directory it is stored, since
 *       Windows does not make a READONLY directory unwritable.</li>
 * </ul>
 */
public final class MetadataStore {
    private static final String UNIX_ATTRIBUTES =
            "unix:ino,nlink,ctime,mode,size,lastModifiedTime,lastAccessTime,creationTime,isDirectory,isSymbolicLink,"
                    + "fileKey";
    /** How often {@link #recordChangeTime} tries to record an override before giving up. */
    private static final int RECORD_ATTEMPTS = 3;
    private static final int OWNER_WRITE = 0200;

    private final long allocationUnit;
    private final ToLongFunction<Object> reservedAllocation;
    private final WriteTimeTable writeTimes;

    /**
     * @param reservedAllocation the allocation reserved for an open file, by JDK file key; 0 when none
     * @param writeTimes         the LastWriteTime of open files, by JDK file key
     */
    public MetadataStore(long allocationUnit, ToLongFunction<Object> reservedAllocation, WriteTimeTable writeTimes) {
        this.allocationUnit = allocationUnit;
        this.reservedAllocation = reservedAllocation;
        this.writeTimes = writeTimes;
    }

    public WriteTimeTable writeTimes() {
        return writeTimes;
    }

    /** A fresh stat of {@code path}, following symbolic links. */
    public FileMetadata read(Path path) throws IOException {
        return toMetadata(path, stat(path));
    }

    /**
     * Reads {@code path} without following a final symbolic link; returns {@code null} for a link, so that the caller
     * can check where it points before following it.
     */
    FileMetadata readUnlessLink(Path path) throws IOException {
        Stat s = stat(path, LinkOption.NOFOLLOW_LINKS);
        return s.symbolicLink ? null : toMetadata(path, s);
    }

    /** What a directory listing shows of one entry: its metadata and [MS-FSCC] EaSize. */
    public record Listed(FileMetadata metadata, long eaSize) {
    }

    /**
     * {@link #readUnlessLink} plus EaSize, for directory listings, where every entry pays for each extended attribute
     * access: Java opens the file for each one. The names are listed once, and a value is read only if the list
     * names it, so an entry without Signet's attributes costs one open instead of two.
     */
    public Listed readForListing(Path path) throws IOException {
        Stat s = stat(path, LinkOption.NOFOLLOW_LINKS);
        if (s.symbolicLink) {
            return null;
        }
        List<String> names = UserXattrs.names(path);
        if (names == null) {
            return new Listed(toMetadata(path, s), EaStore.eaSize(path));
        }
        DosAttributeStore.Stored stored = names.contains(DosAttributeStore.NAME) ? DosAttributeStore.read(path) : null;
        long eaSize = EaStore.eaSize(path, names);
        return new Listed(toMetadata(s, stored), eaSize);
    }

    /**
     * Sets the file's LastWriteTime (a FILETIME) in the file system; where the file system cannot keep the value as it
     * is (out of the JDK's range, or finer than the file system's resolution), it is also recorded as a
     * {@link LastWriteTimeOverride}.
     */
    public void setLastWriteTime(Path path, long lastWriteTime) throws IOException {
        Files.getFileAttributeView(path, BasicFileAttributeView.class)
                .setTimes(java.nio.file.attribute.FileTime.from(FileTime.toInstant(lastWriteTime)), null, null);
        Stat s = stat(path);
        DosAttributeStore.Stored old = DosAttributeStore.read(path);
        if (s.lastWriteTime != lastWriteTime) {
            DosAttributeStore.Stored base = old != null ? old
                    : new DosAttributeStore.Stored(defaultStored(s.directory), 0);
            write(path, s.directory, base.withWriteTime(new LastWriteTimeOverride(lastWriteTime, s.lastWriteTime)),
                    !s.directory && !ownerWritable(path));
        } else if (old != null && old.writeTime() != null) {
            write(path, s.directory, old.withWriteTime(null), !s.directory && !ownerWritable(path));
        }
    }

    /** The attributes a client sees, READONLY included. */
    public int attributes(Path path) throws IOException {
        return read(path).fileAttributes();
    }

    /**
     * Changes the Windows attributes and/or the creation time. SPARSE_FILE is kept as it was: attributes a client
     * sends never set or clear it (it is outside the settable bits of [MS-FSA] 2.1.5.14.2 FileBasicInformation, and
     * CREATE cannot make a file sparse either); only {@link #setSparse} and {@link #overwritten} change it.
     *
     * @param attributes   the new [MS-FSCC] 2.6 attributes (only {@link FileAttributes#SETTABLE} bits count), or
     *                     {@code null} to keep them
     * @param creationTime the new creation FILETIME, or 0 to keep it
     */
    public void update(Path path, boolean directory, Integer attributes, long creationTime) throws IOException {
        DosAttributeStore.Stored old = DosAttributeStore.read(path);
        int stored;
        if (attributes != null) {
            stored = (attributes & FileAttributes.SETTABLE & DosAttributeStore.STORED)
                    | (old != null ? old.attributes() & FileAttributes.SPARSE_FILE : 0);
            if (!directory) {
                stored &= ~FileAttributes.READONLY;
            }
        } else {
            stored = old != null ? old.attributes() : defaultStored(directory);
        }
        long creation = creationTime != 0 ? creationTime : old != null ? old.creationTime() : 0;
        boolean readOnly = !directory
                && (attributes != null ? (attributes & FileAttributes.READONLY) != 0 : !ownerWritable(path));
        // A change made by the server ends a client-set ChangeTime; ChangeTimeKeeper records it again if the open
        // that made the change had set it.
        LastWriteTimeOverride writeTime = old != null ? old.writeTime() : null;
        write(path, directory, new DosAttributeStore.Stored(stored, creation, null, writeTime), readOnly);
    }

    /**
     * Sets or clears FILE_ATTRIBUTE_SPARSE_FILE on the file {@code path} (FSCTL_SET_SPARSE).
     *
     * @return false if the volume cannot keep the attribute (no user extended attributes)
     */
    public boolean setSparse(Path path, boolean sparse) throws IOException {
        DosAttributeStore.Stored old = storedOrDefault(path, false);
        int attributes = sparse ? old.attributes() | FileAttributes.SPARSE_FILE
                : old.attributes() & ~FileAttributes.SPARSE_FILE;
        return write(path, false, new DosAttributeStore.Stored(attributes, old.creationTime(), old.changeTime(),
                        old.writeTime()),
                !ownerWritable(path));
    }

    /**
     * A CREATE overwrote or superseded the file: its attributes become {@code attributes} (settable bits only), and
     * it is no longer sparse, as on NTFS (before FSCTL_SET_SPARSE took SetSparse = FALSE, overwriting was the only
     * way to clear the attribute).
     */
    public void overwritten(Path path, int attributes) throws IOException {
        DosAttributeStore.Stored old = DosAttributeStore.read(path);
        int stored = attributes & FileAttributes.SETTABLE & ~FileAttributes.READONLY;
        write(path, false, new DosAttributeStore.Stored(stored, old != null ? old.creationTime() : 0),
                (attributes & FileAttributes.READONLY) != 0);
    }

    /**
     * Keeps {@code changeTime} as the file's ChangeTime until something changes the file ({@link ChangeTimeOverride}).
     * Retries when recording took so long that its own write fell outside the override's slack.
     *
     * @return false if the override could not be recorded (the file then reports its real ctime)
     */
    boolean recordChangeTime(Path path, boolean directory, long changeTime) throws IOException {
        for (int attempt = 0; attempt < RECORD_ATTEMPTS; attempt++) {
            long validUntil = FileTime.fromInstant(Instant.now()) + ChangeTimeOverride.SLACK;
            DosAttributeStore.Stored old = storedOrDefault(path, directory);
            write(path, directory, old.withChangeTime(new ChangeTimeOverride(changeTime, validUntil)),
                    !directory && !ownerWritable(path));
            if (stat(path).changeTime <= validUntil) {
                return true;
            }
        }
        return false;
    }

    /** Drops a client-set ChangeTime, if the file has one: the file reports its real ctime again. */
    void clearChangeTime(Path path, boolean directory) throws IOException {
        DosAttributeStore.Stored old = DosAttributeStore.read(path);
        if (old != null && old.changeTime() != null) {
            write(path, directory, old.withChangeTime(null), !directory && !ownerWritable(path));
        }
    }

    private static DosAttributeStore.Stored storedOrDefault(Path path, boolean directory) {
        DosAttributeStore.Stored old = DosAttributeStore.read(path);
        return old != null ? old : new DosAttributeStore.Stored(defaultStored(directory), 0);
    }

    /**
     * Writes {@code value}; a file keeps READONLY (no owner write bit) afterwards if {@code readOnly}.
     *
     * @return false if the volume has no user extended attributes to keep it in
     */
    private static boolean write(Path path, boolean directory, DosAttributeStore.Stored value, boolean readOnly)
            throws IOException {
        if (directory) {
            return DosAttributeStore.write(path, value);
        }
        // Writing a user xattr needs write permission, so lift READONLY first and lay it down last.
        if (!ownerWritable(path)) {
            setOwnerWritable(path, true);
        }
        try {
            return DosAttributeStore.write(path, value);
        } finally {
            if (readOnly) {
                setOwnerWritable(path, false);
            }
        }
    }

    static int defaultStored(boolean directory) {
        return directory ? 0 : FileAttributes.ARCHIVE;
    }

    private FileMetadata toMetadata(Path path, Stat s) {
        return toMetadata(s, DosAttributeStore.read(path));
    }

    private FileMetadata toMetadata(Stat s, DosAttributeStore.Stored stored) {
        int attributes = stored != null ? stored.attributes() : defaultStored(s.directory);
        if (s.directory) {
            attributes |= FileAttributes.DIRECTORY;
        } else {
            attributes &= ~FileAttributes.READONLY;
            if (s.mode >= 0 && (s.mode & OWNER_WRITE) == 0) {
                attributes |= FileAttributes.READONLY;
            }
        }
        long creation = stored != null && stored.creationTime() != 0
                ? stored.creationTime()
                : Math.min(s.birthTime, Math.min(s.lastWriteTime, s.changeTime));
        long endOfFile = s.directory ? 0 : s.size;
        long allocation = s.directory ? 0 : allocation(s.size, s.fileKey);
        long change = stored != null && stored.changeTime() != null
                ? stored.changeTime().effective(s.changeTime) : s.changeTime;
        long modified = stored != null && stored.writeTime() != null
                ? stored.writeTime().effective(s.lastWriteTime) : s.lastWriteTime;
        long lastWrite = writeTimes.reported(s.fileKey, modified);
        return new FileMetadata(creation, s.lastAccessTime, lastWrite, change, allocation, endOfFile,
                FileAttributes.normalise(attributes), s.fileId, s.links, s.directory);
    }

    /**
     * [MS-FSCC] 2.4.4: the allocation a client reserved stays until the last open closes; the end of file never
     * passes the allocation, so the larger of the two, in whole allocation units.
     */
    private long allocation(long size, Object fileKey) {
        long reserved = fileKey == null ? 0 : reservedAllocation.applyAsLong(fileKey);
        return roundUp(Math.max(size, reserved), allocationUnit);
    }

    public static long roundUp(long size, long unit) {
        long r = size % unit;
        return r == 0 ? size : size + (unit - r);
    }

    static boolean ownerWritable(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return Files.isWritable(path);
        }
        return view.readAttributes().permissions().contains(PosixFilePermission.OWNER_WRITE);
    }

    static void setOwnerWritable(Path path, boolean writable) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return;   // no permission bits to keep READONLY in; documented in the package
        }
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        boolean changed = writable ? perms.add(PosixFilePermission.OWNER_WRITE)
                : perms.remove(PosixFilePermission.OWNER_WRITE);
        if (changed) {
            view.setPermissions(perms);
        }
    }

    /** The parts of a stat this class uses, with FILETIME values. */
    private static final class Stat {
        long fileId;
        int links;
        long size;
        int mode = -1;
        boolean directory;
        boolean symbolicLink;
        long lastAccessTime;
        long lastWriteTime;
        long changeTime;
        long birthTime;
        Object fileKey;
    }

    private static Stat stat(Path path, LinkOption... options) throws IOException {
        Stat s = new Stat();
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, UNIX_ATTRIBUTES, options);
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return basicStat(path, options);
        }
        s.fileId = ((Number) a.get("ino")).longValue();
        s.links = ((Number) a.get("nlink")).intValue();
        s.size = ((Number) a.get("size")).longValue();
        s.mode = ((Number) a.get("mode")).intValue();
        s.directory = (Boolean) a.get("isDirectory");
        s.symbolicLink = (Boolean) a.get("isSymbolicLink");
        s.lastAccessTime = filetime(a.get("lastAccessTime"));
        s.lastWriteTime = filetime(a.get("lastModifiedTime"));
        s.changeTime = filetime(a.get("ctime"));
        s.birthTime = filetime(a.get("creationTime"));
        s.fileKey = a.get("fileKey");
        return s;
    }

    private static Stat basicStat(Path path, LinkOption... options) throws IOException {
        BasicFileAttributes b = Files.readAttributes(path, BasicFileAttributes.class, options);
        Stat s = new Stat();
        Object key = b.fileKey();
        s.fileKey = key;
        s.fileId = key != null ? key.hashCode() & 0xFFFFFFFFL : path.toAbsolutePath().hashCode() & 0xFFFFFFFFL;
        s.links = 1;
        s.size = b.size();
        s.directory = b.isDirectory();
        s.symbolicLink = b.isSymbolicLink();
        s.lastAccessTime = FileTime.fromInstant(b.lastAccessTime().toInstant());
        s.lastWriteTime = FileTime.fromInstant(b.lastModifiedTime().toInstant());
        s.changeTime = s.lastWriteTime;
        s.birthTime = FileTime.fromInstant(b.creationTime().toInstant());
        if (!s.directory && !Files.isWritable(path)) {
            s.mode = 0;
        }
        return s;
    }

    private static long filetime(Object nioFileTime) {
        return FileTime.fromInstant(((java.nio.file.attribute.FileTime) nioFileTime).toInstant());
    }
}

package io.signet.storage;

import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.fscc.FileTime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@link FileMetadata} for a path and writes the Windows attributes and creation time, following these rules:
 * <ul>
 *   <li>FileId is the inode number ({@code unix:ino}); where the file system has no inode numbers, the hash of the
 *       JDK file key (unique in practice, not guaranteed).</li>
 *   <li>CreationTime is the time recorded in {@link DosAttributeStore} (set when Signet creates the file or a client
 *       sets it); otherwise the earliest of the birth time (when the JDK reports one; it reports the modification
 *       time when the file system has none), the modification time and the status change time.</li>
 *   <li>ChangeTime is {@code unix:ctime}; LastWriteTime the modification time; LastAccessTime the access time.</li>
 *   <li>AllocationSize is the end of file rounded up to the share's allocation unit (the JDK does not expose the
 *       block count); directories report 0 for both sizes, as NTFS does.</li>
 *   <li>READONLY on a file is the absence of the owner write permission bit; on a directory it is stored, since
 *       Windows does not make a READONLY directory unwritable.</li>
 * </ul>
 */
final class MetadataStore {
    private static final String UNIX_ATTRIBUTES =
            "unix:ino,nlink,ctime,mode,size,lastModifiedTime,lastAccessTime,creationTime,isDirectory,isSymbolicLink";
    private static final int OWNER_WRITE = 0200;

    private final long allocationUnit;

    MetadataStore(long allocationUnit) {
        this.allocationUnit = allocationUnit;
    }

    /** A fresh stat of {@code path}, following symbolic links. */
    FileMetadata read(Path path) throws IOException {
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

    /** The attributes a client sees, READONLY included. */
    int attributes(Path path) throws IOException {
        return read(path).fileAttributes();
    }

    /**
     * Changes the Windows attributes and/or the creation time.
     *
     * @param attributes   the new [MS-FSCC] 2.6 attributes (only {@link FileAttributes#SETTABLE} bits count), or
     *                     {@code null} to keep them
     * @param creationTime the new creation FILETIME, or 0 to keep it
     */
    void update(Path path, boolean directory, Integer attributes, long creationTime) throws IOException {
        DosAttributeStore.Stored old = DosAttributeStore.read(path);
        int stored;
        if (attributes != null) {
            stored = attributes & DosAttributeStore.STORED;
            if (!directory) {
                stored &= ~FileAttributes.READONLY;
            }
        } else {
            stored = old != null ? old.attributes() : defaultStored(directory);
        }
        long creation = creationTime != 0 ? creationTime : old != null ? old.creationTime() : 0;
        if (directory) {
            DosAttributeStore.write(path, new DosAttributeStore.Stored(stored, creation));
            return;
        }
        boolean readOnly = attributes != null ? (attributes & FileAttributes.READONLY) != 0 : !ownerWritable(path);
        // Writing a user xattr needs write permission, so lift READONLY first and lay it down last.
        if (!ownerWritable(path)) {
            setOwnerWritable(path, true);
        }
        try {
            DosAttributeStore.write(path, new DosAttributeStore.Stored(stored, creation));
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
        DosAttributeStore.Stored stored = DosAttributeStore.read(path);
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
        long allocation = s.directory ? 0 : roundUp(s.size, allocationUnit);
        return new FileMetadata(creation, s.lastAccessTime, s.lastWriteTime, s.changeTime, allocation, endOfFile,
                FileAttributes.normalise(attributes), s.fileId, s.links, s.directory);
    }

    static long roundUp(long size, long unit) {
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
        return s;
    }

    private static Stat basicStat(Path path, LinkOption... options) throws IOException {
        BasicFileAttributes b = Files.readAttributes(path, BasicFileAttributes.class, options);
        Stat s = new Stat();
        Object key = b.fileKey();
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

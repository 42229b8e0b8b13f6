package io.signet.storage.stream;

import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.fscc.StreamEntry;
import io.signet.storage.metadata.DosAttributeStore;
import io.signet.storage.metadata.MetadataStore;
import io.signet.storage.nt.WindowsNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Where the named data streams of [MS-FSCC] 2.1.4 live: ext4 extended attributes hold about 4 KiB, so each stream is
 * a regular file in a sidecar directory inside the share root that clients can neither see nor open:
 * <pre>
 *   &lt;root&gt;/.signet-streams/&lt;file id, 16 hex digits&gt;/
 *       !created        the base file's CreationTime (FILETIME, decimal) when the directory was made
 *       &lt;key&gt;           the stream's data
 *       &lt;key&gt;!name      the stream name as the client first spelled it (UTF-8)
 * </pre>
 * The file id is the inode number {@link MetadataStore} reports. The key is the upper-cased stream name
 * ({@link WindowsNames#upcase}, so lookups are case-insensitive) percent-encoded as UTF-8 except for
 * {@code [A-Z0-9._-]}; a key that would pass {@link #MAX_KEY_BYTES} is "~" and the SHA-256 of the upper-cased name.
 * Neither '!' nor '~' survive encoding, so the marker, the name files and hashed keys cannot collide with a key.
 *
 * <p>Inode numbers are reused after a file is deleted behind Signet's back, so a directory whose marker does not
 * hold the current base file's CreationTime belongs to a dead file and is discarded on first contact. When the
 * directory is made the base file's CreationTime is pinned in {@link DosAttributeStore}, so that a file that never
 * had one stored does not see it drift with its modification time.
 *
 * <p>Structural changes (making, discarding and deleting directories and streams) happen under this object's lock;
 * stream data is read and written through each open's own channel.
 */
public final class StreamStore {
    /** The sidecar directory's name at the share root; the resolver refuses it and listings skip it. */
    public static final String SIDECAR = ".signet-streams";
    public static final String MARKER = "!created";
    private static final String NAME_SUFFIX = "!name";
    private static final int MAX_KEY_BYTES = 200;

    private final Path sidecar;
    private final MetadataStore metadataStore;

    public StreamStore(Path root, MetadataStore metadataStore) {
        this.sidecar = root.resolve(SIDECAR);
        this.metadataStore = metadataStore;
    }

    public static boolean isSidecarName(String name) {
        return WindowsNames.equalsIgnoreCase(name, SIDECAR);
    }

    /** The directory that holds the streams of the file {@code base} describes, whether it exists or not. */
    public Path directoryOf(FileMetadata base) {
        return sidecar.resolve(String.format("%016x", base.fileId()));
    }

    /** Where the data of {@code stream} of {@code base} is, or would be. */
    public Path dataPath(FileMetadata base, String stream) {
        return directoryOf(base).resolve(key(stream));
    }

    /**
     * The data file of {@code stream} of {@code base} if the stream exists, else {@code null}. A stream directory left
     * by an earlier file with the same inode is discarded first.
     */
    public synchronized Path find(FileMetadata base, String stream) throws IOException {
        Path dir = validDirectory(base);
        if (dir == null) {
            return null;
        }
        Path data = dir.resolve(key(stream));
        return Files.isRegularFile(data, LinkOption.NOFOLLOW_LINKS) ? data : null;
    }

    /**
     * Creates {@code stream} of the file at {@code basePath} (empty), making the stream directory and its marker
     * first if needed.
     *
     * @return the new data file
     * @throws java.nio.file.FileAlreadyExistsException if the stream exists
     */
    public synchronized Path create(Path basePath, FileMetadata base, String stream) throws IOException {
        Path dir = validDirectory(base);
        if (dir == null) {
            dir = directoryOf(base);
            // Pin the creation time the marker records, so later stats of the base report the same value.
            metadataStore.update(basePath, base.directory(), null, base.creationTime());
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), Long.toString(base.creationTime()), StandardCharsets.US_ASCII);
        }
        String key = key(stream);
        Path data = Files.createFile(dir.resolve(key));
        Files.writeString(dir.resolve(key + NAME_SUFFIX), stream, StandardCharsets.UTF_8);
        return data;
    }

    /**
     * Gives the stream whose data is {@code data} the name {@code newStream}, replacing the data of an existing stream
     * of that name (the caller has checked that it may). The data file is moved, not copied, so a channel open on it
     * stays valid.
     *
     * @return the stream's data file under its new name
     */
    public synchronized Path rename(Path data, String newStream) throws IOException {
        Path dir = data.getParent();
        String oldKey = data.getFileName().toString();
        String newKey = key(newStream);
        Path newData = dir.resolve(newKey);
        if (!newKey.equals(oldKey)) {
            Files.move(data, newData, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(dir.resolve(oldKey + NAME_SUFFIX));
        }
        Files.writeString(dir.resolve(newKey + NAME_SUFFIX), newStream, StandardCharsets.UTF_8);
        return newData;
    }

    /** Deletes one stream's data file (and its name file); a missing stream is not an error. */
    public synchronized void delete(Path data) throws IOException {
        Files.deleteIfExists(data.resolveSibling(data.getFileName() + NAME_SUFFIX));
        Files.deleteIfExists(data);
    }

    /**
     * Deletes every stream of a file that has just been deleted, provided the stream directory still belongs to it
     * (its marker holds {@code base}'s CreationTime).
     */
    public synchronized void deleteAll(FileMetadata base) throws IOException {
        Path dir = directoryOf(base);
        String marker = readMarker(dir);
        if (marker != null && marker.equals(Long.toString(base.creationTime()))) {
            deleteTree(dir);
        }
    }

    /**
     * Records a new CreationTime for the base file so its streams stay attached (SET_INFO FileBasicInformation can
     * change it). {@code before} is the file as it was before the change.
     */
    public synchronized void creationTimeChanged(FileMetadata before, long newCreationTime) throws IOException {
        Path dir = validDirectory(before);
        if (dir != null) {
            Files.writeString(dir.resolve(MARKER), Long.toString(newCreationTime), StandardCharsets.US_ASCII);
        }
    }

    /** The named streams of {@code base}, ordered by name, case-insensitively. */
    public synchronized List<StreamEntry> list(FileMetadata base, long allocationUnit) throws IOException {
        Path dir = validDirectory(base);
        List<StreamEntry> streams = new ArrayList<>();
        if (dir == null) {
            return streams;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> p.getFileName().toString()
                .endsWith(NAME_SUFFIX))) {
            for (Path nameFile : entries) {
                String fileName = nameFile.getFileName().toString();
                Path data = dir.resolve(fileName.substring(0, fileName.length() - NAME_SUFFIX.length()));
                try {
                    String name = Files.readString(nameFile, StandardCharsets.UTF_8);
                    long size = Files.size(data);
                    streams.add(new StreamEntry(name, size, MetadataStore.roundUp(size, allocationUnit)));
                } catch (NoSuchFileException vanished) {
                    // deleted while being listed
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        streams.sort(Comparator.comparing(s -> WindowsNames.upcase(s.name())));
        return streams;
    }

    /** The stream directory of {@code base} if it exists and belongs to it; a stale one is removed. */
    private Path validDirectory(FileMetadata base) throws IOException {
        Path dir = directoryOf(base);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String marker = readMarker(dir);
        if (marker != null && marker.equals(Long.toString(base.creationTime()))) {
            return dir;
        }
        deleteTree(dir);
        return null;
    }

    private static String readMarker(Path dir) throws IOException {
        try {
            return Files.readString(dir.resolve(MARKER), StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        Files.deleteIfExists(dir);
    }

    /** The on-disk name of {@code stream}'s data file (see the class comment). */
    static String key(String stream) {
        String upper = WindowsNames.upcase(stream);
        StringBuilder sb = new StringBuilder();
        for (byte b : upper.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        // "." and ".." cannot be file names, and an unpaired surrogate has no UTF-8 form to encode.
        boolean encodable = upper.equals(new String(upper.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        if (sb.length() > MAX_KEY_BYTES || !encodable || upper.equals(".") || upper.equals("..")) {
            return "~" + HexFormat.of().formatHex(sha256(upper));
        }
        return sb.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_16LE));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

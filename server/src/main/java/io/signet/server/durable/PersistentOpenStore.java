package io.signet.server.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent opens of the server in its state directory: one file per open in {@code persistent/}, named by its
 * persistent FileId, written whole (a temporary file, fsync, rename over the old one, fsync of the directory) so
 * that a crash leaves either the old record or the new one. A record that cannot be read (damaged, of another
 * format, or foreign) is logged once and left alone: nothing of it is trusted. Thread-safe: each call works on its
 * own file.
 */
public final class PersistentOpenStore {
    private static final Logger LOG = LoggerFactory.getLogger(PersistentOpenStore.class);
    static final String DIRECTORY = "persistent";
    private static final String SUFFIX = ".open";
    private static final Pattern RECORD = Pattern.compile("[0-9a-f]{16}\\.open");
    private static final Pattern TEMPORARY = Pattern.compile("[0-9a-f]{16}\\.open\\.tmp");
    /** Records read at a start at most: more is no state this server wrote (it keeps at most max durable opens). */
    private final int maxRecords;
    private final Path dir;

    /**
     * @param stateDir   the server's state directory; {@code persistent/} is made in it (readable by its owner only)
     *                   when the first record is written
     * @param maxRecords how many records {@link #load} reads at most ({@code max durable opens})
     */
    public PersistentOpenStore(Path stateDir, int maxRecords) {
        this.dir = stateDir.resolve(DIRECTORY);
        this.maxRecords = maxRecords;
    }

    private void ensureDirectory() throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its default permissions apply
            }
        }
    }

    /** The directory the records live in. */
    public Path directory() {
        return dir;
    }

    /** Writes (or replaces) the record of {@code open}, durably. */
    public void write(PersistedOpen open) throws IOException {
        ensureDirectory();
        String name = fileName(open.state().persistentId());
        Path tmp = dir.resolve(name + ".tmp");
        byte[] bytes = open.encode().getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    /** Removes the record of the open with this persistent FileId, if there is one. */
    public void remove(long persistentId) throws IOException {
        if (Files.deleteIfExists(dir.resolve(fileName(persistentId)))) {
            syncDirectory();
        }
    }

    /**
     * Reads every record. Unreadable ones are logged (once each, here) and skipped; leftovers of a write cut short
     * (this store's temporary files) are removed.
     *
     * @param maxTimeout {@code max durable timeout} now: a record's longer timeout is cut to it
     */
    public List<PersistedOpen> load(Duration maxTimeout) throws IOException {
        List<PersistedOpen> out = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (TEMPORARY.matcher(name).matches()) {
                    Files.deleteIfExists(p);
                    continue;
                }
                if (out.size() >= maxRecords) {
                    LOG.warn("persistent open record {} not read: {} records were read already (max durable opens)",
                            p, out.size());
                    continue;
                }
                PersistedOpen open = read(p, name, maxTimeout);
                if (open != null) {
                    out.add(open);
                }
            }
        }
        return out;
    }

    /** One record, or null (logged) when it is no record this server could have written. */
    private PersistedOpen read(Path p, String name, Duration maxTimeout) {
        try {
            if (!RECORD.matcher(name).matches() || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("not a record of this store");
            }
            if (Files.size(p) > PersistedOpen.MAX_BYTES) {
                throw new IllegalArgumentException("too large");
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(p))).toString();
            PersistedOpen open = PersistedOpen.decode(text, maxTimeout);
            if (!name.equals(fileName(open.state().persistentId()))) {
                throw new IllegalArgumentException("its name is not its FileId");
            }
            return open;
        } catch (IllegalArgumentException | CharacterCodingException e) {
            LOG.warn("persistent open record {} ignored: {}", p, e.getMessage());
            return null;
        } catch (IOException e) {
            LOG.warn("persistent open record {} ignored: cannot read it: {}", p, e.toString());
            return null;
        }
    }

    static String fileName(long persistentId) {
        return String.format("%016x", persistentId) + SUFFIX;
    }

    /** The rename and removal themselves must reach the disk, not only the file's data. */
    private void syncDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; the data itself was forced.
            LOG.debug("fsync of {} failed: {}", dir, e.toString());
        }
    }
}

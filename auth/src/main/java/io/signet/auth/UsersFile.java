package io.signet.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user directory kept in a text file of NT hashes, one user per line:
 *
 * <pre>
 * # comment
 * alice:8846f7eaee8fb117ad06bdd830b7586c
 * </pre>
 *
 * <p>Each entry is the account name, a colon, and the 32 hex digits of the NT hash ([MS-NLMP] 3.3.1), so the file
 * never holds a password. Blank lines and lines starting with {@code #} are ignored; names are matched without
 * regard to case and may appear only once. A file that does not parse is refused whole, naming the file and line:
 * a half-read user list would fail open for nobody and closed for some, which is worse than not starting.
 *
 * <p>{@link #load} takes a snapshot; {@link #addUser} rewrites the file atomically with mode 0600 (where the file
 * system is POSIX) and is meant for an administrator's command, not for concurrent writers.
 */
public final class UsersFile implements UserDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(UsersFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, UserCredentials> users;

    private UsersFile(Map<String, UserCredentials> users) {
        this.users = Map.copyOf(users);
    }

    /**
     * Reads {@code file}.
     *
     * @throws IOException when the file cannot be read, or a line is malformed or repeats a name; the message names
     *                     {@code file:line}
     */
    public static UsersFile load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, UserCredentials> users = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            UserCredentials entry = parse(file, i + 1, lines.get(i));
            if (entry != null && users.putIfAbsent(UserNames.key(entry.name()), entry) != null) {
                throw new IOException(file + ":" + (i + 1) + ": user " + entry.name()
                        + " is listed twice (names ignore case)");
            }
        }
        warnIfReadableByOthers(file);
        return new UsersFile(users);
    }

    /**
     * Adds {@code name} with {@code password}'s NT hash, or replaces that user's line (matching without regard to
     * case); other lines, comments included, are kept. The file is created if missing, written to a temporary file
     * with mode 0600 in the same directory, then moved over the original.
     *
     * @throws IOException              when the existing file does not parse or cannot be replaced
     * @throws IllegalArgumentException when {@code name} cannot be written as an entry
     */
    public static void addUser(Path file, String name, String password) throws IOException {
        checkName(name);
        if (password == null) {
            throw new IllegalArgumentException("password must not be null");
        }
        List<String> lines = new ArrayList<>();
        try {
            lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            // A new file.
        }
        String entry = name + ":" + HEX.formatHex(NtHash.of(password));
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            UserCredentials existing = parse(file, i + 1, lines.get(i));
            if (existing != null && UserNames.key(existing.name()).equals(UserNames.key(name))) {
                if (replaced) {
                    throw new IOException(file + ":" + (i + 1) + ": user " + existing.name()
                            + " is listed twice (names ignore case)");
                }
                lines.set(i, entry);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(entry);
        }
        writeAtomically(file, String.join("\n", lines) + "\n");
    }

    @Override
    public Optional<UserCredentials> find(String userName) {
        return Optional.ofNullable(users.get(UserNames.key(userName)));
    }

    @Override
    public String toString() {
        return "UsersFile[" + users.size() + " users]";
    }

    /** One line: an entry, or {@code null} for a blank line or a comment. */
    private static UserCredentials parse(Path file, int lineNumber, String line) throws IOException {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return null;
        }
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0) {
            throw new IOException(file + ":" + lineNumber + ": expected name:NT-hash (32 hex digits)");
        }
        String name = trimmed.substring(0, colon).strip();
        String hex = trimmed.substring(colon + 1).strip();
        if (name.isEmpty() || name.indexOf(':') >= 0) {
            throw new IOException(file + ":" + lineNumber + ": the user name is empty or contains ':'");
        }
        if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IOException(file + ":" + lineNumber + ": the NT hash of " + name
                    + " must be exactly 32 hex digits");
        }
        return new UserCredentials(name, HEX.parseHex(hex));
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || !name.equals(name.strip()) || name.indexOf(':') >= 0
                || name.startsWith("#") || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a user name must be non-empty, without ':', control characters, "
                    + "leading '#' or surrounding spaces");
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attrs);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + file + " atomically", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{} is readable by other users; NT hashes are password equivalents, use mode 0600", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
    }
}

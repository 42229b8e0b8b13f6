package io.signet.server;

import io.signet.protocol.dtyp.LocalAccounts;
import io.signet.protocol.dtyp.Sid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * The server's machine SID ({@link LocalAccounts}), kept in the file {@value #FILE} so that it is the same at every
 * start. Stored security descriptors name users by SIDs under it: a new one at each start would turn every user into
 * a stranger to the files they own.
 *
 * <p>Where it lives: in the state directory when one is configured, else in {@code ~/.signet} (the default state
 * home), so that a server started without {@code --state-dir} keeps its identities too. It is drawn at random once,
 * as Windows draws it at installation, rather than derived from something like the host name: a derived SID would
 * change with the name, and two hosts of the same name would share one, so a descriptor copied between them would
 * grant one host's users the other's files.
 *
 * <p>A state directory made by an earlier version holds a server GUID and no machine SID file: its machine SID was
 * derived from that GUID ({@link LocalAccounts#machineSidOfServerGuid}), and is written down so its users keep
 * their files.
 */
final class MachineSid {
    static final String FILE = "machine-sid";

    private MachineSid() {
    }

    /** {@code ~/.signet}: where the machine SID lives when no state directory is configured. */
    static Path defaultHome() {
        return Path.of(System.getProperty("user.home"), ".signet");
    }

    /**
     * The machine SID kept in {@code stateDir}, or in {@link #defaultHome()} when it is null; made and stored on
     * first use.
     *
     * @throws IOException when the file cannot be read or written, or does not hold a machine SID (the server must
     *                     not start with identities that differ from those its descriptors name)
     */
    static Sid load(Path stateDir) throws IOException {
        Path dir = stateDir != null ? stateDir : defaultHome();
        Path file = dir.resolve(FILE);
        if (Files.exists(file)) {
            return read(file);
        }
        Sid sid = stateDir != null && Files.exists(stateDir.resolve(ServerGuid.FILE))
                ? LocalAccounts.machineSidOfServerGuid(ServerGuid.load(stateDir))
                : LocalAccounts.randomMachineSid(new SecureRandom());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot make " + dir + " to keep the machine SID in (give a writable state"
                    + " directory): " + e.getMessage(), e);
        }
        Path tmp = Files.createTempFile(dir, FILE, ".tmp");
        try {
            Files.writeString(tmp, sid + "\n", StandardCharsets.US_ASCII);
            publish(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        // A server starting at the same moment may have published its own first: both then use that one.
        return read(file);
    }

    /** Puts the complete file in place, never over one another server has just published. */
    private static void publish(Path tmp, Path file) throws IOException {
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            // someone else's is there: theirs stands
        } catch (UnsupportedOperationException | IOException noLinks) {
            if (!Files.exists(file)) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static Sid read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        Sid sid;
        try {
            sid = Sid.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not a SID: " + e.getMessage(), e);
        }
        if (!LocalAccounts.isMachineSid(sid)) {
            throw new IOException(file + ": " + sid + " is not a machine SID (S-1-5-21-X-Y-Z)");
        }
        return sid;
    }
}

package io.signet.server.admin;

import io.signet.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Where the admin socket lives when none is named ({@code admin socket} in smb.conf, {@code --admin-socket}):
 * {@code admin.sock} in the state directory; without one, in the user's runtime directory
 * {@code $XDG_RUNTIME_DIR/signet/}; without that, in {@code signet-USER/} under {@code java.io.tmpdir}. The server
 * and {@code signet status} both ask here, so they agree.
 */
public final class AdminSocketPath {
    public static final String FILE = "admin.sock";
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private AdminSocketPath() {
    }

    /** The configured {@code admin socket}, else the default for the configuration's state directory. */
    public static Path of(ServerConfig config) {
        return config.adminSocket() != null ? config.adminSocket() : of(config.stateDir());
    }

    /** The default socket for a server with state directory {@code stateDir} (may be null), in this process. */
    public static Path of(Path stateDir) {
        return of(stateDir, System.getenv(), System.getProperty("java.io.tmpdir"), System.getProperty("user.name"));
    }

    static Path of(Path stateDir, Map<String, String> env, String tmpdir, String user) {
        if (stateDir != null) {
            return stateDir.resolve(FILE);
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            return Path.of(runtime, "signet", FILE);
        }
        return Path.of(tmpdir, "signet-" + user, FILE);
    }

    /**
     * Makes the directory the default socket lives in when it is the server's own (the runtime or temporary one:
     * mode 0700), and refuses one another user could have planted there: a shared directory such as /tmp lets anyone
     * create {@code signet-USER} first.
     *
     * @throws IOException naming the directory and what is wrong with it
     */
    static void ensurePrivateDirectory(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR); // the umask may have taken bits off, never added
        }
        checkPrivateDirectory(dir);
    }

    /** Whether {@code socket} is this process's default socket in the runtime or temporary directory. */
    static boolean isRuntimeDefault(Path socket) {
        return socket.toAbsolutePath().normalize().equals(of((Path) null).toAbsolutePath().normalize());
    }

    /**
     * Refuses a directory that is not this user's own and private (a symbolic link, another user's, a mode other
     * than 0700): the server does not bind in it, and {@code signet status} does not trust a socket found in it, which
     * would be whoever planted it answering in the server's name.
     *
     * @throws IOException naming the directory and what is wrong with it
     */
    static void checkPrivateDirectory(Path dir) throws IOException {
        PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isDirectory()) {
            throw new IOException(dir + " is not a directory");
        }
        String me = System.getProperty("user.name");
        if (!attrs.owner().getName().equals(me)) {
            throw new IOException(dir + " belongs to " + attrs.owner().getName() + ", not to " + me);
        }
        if (!attrs.permissions().equals(OWNER_ONLY_DIR)) {
            throw new IOException(dir + " has mode " + PosixFilePermissions.toString(attrs.permissions())
                    + ", not rwx------");
        }
    }
}

package io.signet.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * [MS-SMB2] 3.3.1.5 ServerGuid: stable across restarts when a state directory is configured (clients use it to
 * recognise the server, e.g. in FSCTL_VALIDATE_NEGOTIATE_INFO), random per process otherwise.
 */
final class ServerGuid {
    static final String FILE = "server-guid";

    private ServerGuid() {
    }

    static byte[] load(Path stateDir) throws IOException {
        byte[] fresh = new byte[16];
        new SecureRandom().nextBytes(fresh);
        if (stateDir == null) {
            return fresh;
        }
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve(FILE);
        if (Files.exists(file)) {
            String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
            try {
                byte[] guid = HexFormat.of().parseHex(hex);
                if (guid.length == 16) {
                    return guid;
                }
            } catch (IllegalArgumentException e) {
                // fall through to the error below
            }
            throw new IOException(file + ": not a 32-digit hex server GUID");
        }
        Path tmp = Files.createTempFile(stateDir, FILE, ".tmp");
        Files.writeString(tmp, HexFormat.of().formatHex(fresh) + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return fresh;
    }
}

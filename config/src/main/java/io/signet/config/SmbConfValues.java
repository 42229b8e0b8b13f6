package io.signet.config;

import io.signet.config.SmbConfLineReader.Line;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Parses the values of one {@code smb.conf} file (booleans, whole numbers, paths, cipher lists) and turns every
 * complaint into a {@link ConfigException} that names this file and the line.
 */
final class SmbConfValues {

    private final Path file;
    /** Relative paths in the file resolve against the directory holding it. */
    private final Path baseDir;

    SmbConfValues(Path file) {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        this.baseDir = parent != null ? parent : file.toAbsolutePath();
    }

    Path file() {
        return file;
    }

    Path path(Line line, String value) {
        try {
            return baseDir.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw error(line, "'" + abbreviate(value) + "' is not a valid path: " + e.getReason());
        }
    }

    /** Samba's syntax: cipher names separated by spaces or commas, most preferred first. */
    List<EncryptionCipher> ciphers(Line line, String value) {
        List<EncryptionCipher> ciphers = new ArrayList<>();
        for (String name : value.split("[\\s,]+")) {
            if (!name.isEmpty()) {
                ciphers.add(at(line, () -> EncryptionCipher.fromName(name)));
            }
        }
        return at(line, () -> ConfigRules.checkEncryptionCiphers(ciphers));
    }

    int integer(Line line, String keyText, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw error(line, "'" + keyText + "' must be a whole number, got '" + abbreviate(value) + "'");
        }
    }

    boolean bool(Line line, String keyText, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1", "on":
                return true;
            case "no", "false", "0", "off":
                return false;
            default:
                throw error(line, "'" + keyText + "' must be yes or no (or true/false, 1/0, on/off), got '"
                        + abbreviate(value) + "'");
        }
    }

    /** Runs a check that knows why but not where, and adds this file and line to its complaint. */
    void check(Line line, Runnable check) {
        at(line, () -> {
            check.run();
            return null;
        });
    }

    /** Like {@link #check}, for a check that also returns the value it accepted. */
    <T> T at(Line line, Supplier<T> check) {
        try {
            return check.get();
        } catch (ConfigException e) {
            if (e.file() != null) {
                throw e;
            }
            throw new ConfigException(file, line.number(), e.reason(), e);
        }
    }

    ConfigException error(Line line, String reason) {
        return new ConfigException(file, line.number(), reason);
    }

    /** Keeps a quoted piece of the file short enough for an error message. */
    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}

package io.signet.config;

import java.nio.file.Path;

/**
 * A configuration that cannot be used. When the problem comes from a file, the exception carries the file and the
 * line, and {@link #getMessage()} reads {@code FILE:LINE: why}; otherwise it reads just {@code why}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String reason;

    /** A problem that has no place in a file, such as a bad value given to the builder. */
    public ConfigException(String reason) {
        super(reason);
        this.file = null;
        this.line = 0;
        this.reason = reason;
    }

    /**
     * A problem found in a file.
     *
     * @param line the 1-based line number, or 0 when the problem belongs to the file as a whole
     */
    public ConfigException(Path file, int line, String reason) {
        this(file, line, reason, null);
    }

    ConfigException(Path file, int line, String reason, Throwable cause) {
        super(locate(file, line, reason), cause);
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    private static String locate(Path file, int line, String reason) {
        if (file == null) {
            return reason;
        }
        return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
    }

    /** The file the problem was found in, or {@code null} when it did not come from a file. */
    public Path file() {
        return file;
    }

    /** The 1-based line the problem was found on, or 0 when unknown or not from a file. */
    public int line() {
        return line;
    }

    /** The sentence saying why, without the file and line. */
    public String reason() {
        return reason;
    }
}

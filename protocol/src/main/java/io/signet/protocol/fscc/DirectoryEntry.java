package io.signet.protocol.fscc;

import java.util.Objects;

/**
 * One QUERY_DIRECTORY result: the name as the client sees it ("." and ".." included), its metadata, the
 * [MS-FSCC] 2.4.12 EaSize of its extended attributes (0 for none) and its 8.3 short name for the classes that carry
 * one ([MS-FSCC] 2.4.8 ShortName; "" when the entry has no separate short name, at most 12 characters).
 */
public record DirectoryEntry(String name, FileMetadata metadata, long eaSize, String shortName) {
    /** [MS-FSCC] 2.4.8: ShortName is 24 bytes, 12 UTF-16 code units. */
    public static final int MAX_SHORT_NAME_LENGTH = 12;

    public DirectoryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(shortName, "shortName");
        if (shortName.length() > MAX_SHORT_NAME_LENGTH) {
            throw new IllegalArgumentException("short name longer than 12 characters: " + shortName);
        }
    }

    /** An entry without a separate short name. */
    public DirectoryEntry(String name, FileMetadata metadata, long eaSize) {
        this(name, metadata, eaSize, "");
    }

    /** An entry without extended attributes (EaSize 0). */
    public DirectoryEntry(String name, FileMetadata metadata) {
        this(name, metadata, 0);
    }
}

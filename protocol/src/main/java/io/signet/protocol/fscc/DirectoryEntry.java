package io.signet.protocol.fscc;

import java.util.Objects;

/**
 * One QUERY_DIRECTORY result: the name as the client sees it ("." and ".." included), its metadata and the
 * [MS-FSCC] 2.4.12 EaSize of its extended attributes (0 for none).
 */
public record DirectoryEntry(String name, FileMetadata metadata, long eaSize) {
    public DirectoryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metadata, "metadata");
    }

    /** An entry without extended attributes (EaSize 0). */
    public DirectoryEntry(String name, FileMetadata metadata) {
        this(name, metadata, 0);
    }
}

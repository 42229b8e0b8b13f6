package io.signet.protocol.fscc;

import java.util.Objects;

/**
 * One QUERY_DIRECTORY result: the name as the client sees it ("." and ".." included) and its metadata.
 */
public record DirectoryEntry(String name, FileMetadata metadata) {
    public DirectoryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metadata, "metadata");
    }
}

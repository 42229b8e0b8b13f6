package io.signet.storage;

import java.util.Objects;

/** The outcome of {@link ShareFileSystem#create}: the new open and what CREATE did ([MS-SMB2] 2.2.14). */
public record CreateResult(FileHandle handle, CreateAction action) {
    public CreateResult {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(action, "action");
    }
}

package io.signet.storage;

import io.signet.protocol.smb2.CreateAction;

import java.util.Objects;

/**
 * The outcome of {@link ShareFileSystem#create}: the new open and what CREATE did ([MS-SMB2] 2.2.14).
 *
 * @param baseFileCreated whether CREATE also made the file: true for a created file or directory, and for a
 *                        created stream whose file did not exist ([MS-FSA] 2.1.5.1.1 creates it first); false when
 *                        only a stream of an existing file was created
 */
public record CreateResult(FileHandle handle, CreateAction action, boolean baseFileCreated) {
    public CreateResult {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(action, "action");
    }

    /** The result of opening or creating a file or directory itself (not a named stream). */
    public CreateResult(FileHandle handle, CreateAction action) {
        this(handle, action, action == CreateAction.CREATED);
    }
}

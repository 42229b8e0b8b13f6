package io.signet.storage.metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;

/** The names of a file's user extended attributes, listed in one system call. */
final class UserXattrs {
    private UserXattrs() {
    }

    /**
     * The names without the "user." prefix, or {@code null} when they cannot be listed (no user extended attributes
     * on this file system, or an error): the caller then reads each value directly, as if the list named it.
     */
    static List<String> names(Path path) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        if (view == null) {
            return null;
        }
        try {
            return view.list();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}

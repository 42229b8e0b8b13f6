package io.signet.storage;

import java.nio.file.Path;

/**
 * Where a client path leads inside the share.
 *
 * @param path       the real location: on-disk spelling for existing components, the client's spelling for a
 *                   missing last component
 * @param smbPath    the share-relative path in that spelling, '\' separated, no leading '\' ("" for the root)
 * @param exists     whether the last component exists
 * @param directory  whether it exists and is a directory (after following a symbolic link inside the share)
 * @param typedName  the last component exactly as the client typed it ("" for the root)
 */
record Resolution(Path path, String smbPath, boolean exists, boolean directory, String typedName) {
    boolean isRoot() {
        return smbPath.isEmpty();
    }
}

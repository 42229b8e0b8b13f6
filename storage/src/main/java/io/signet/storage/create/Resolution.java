package io.signet.storage.create;

import java.nio.file.Path;

/**
 * Where a client path leads inside the share.
 *
 * @param path       the real location: on-disk spelling for existing components, the client's spelling for a
 *                   missing last component
 * @param smbPath    the share-relative path in that spelling, '\' separated, no leading '\' ("" for the root)
 * @param exists     whether the last component exists
 * @param directory  whether it exists and is a directory (after following a symbolic link inside the share)
 * @param typedName  the last component's file part exactly as the client typed it ("" for the root)
 * @param stream     the named data stream of the last component ([MS-FSCC] 2.1.4), "" for the main stream; the
 *                   other fields then describe the file that holds the stream
 * @param streamSyntax whether the last component used the stream syntax, even for the main stream ("file::$DATA")
 */
public record Resolution(Path path, String smbPath, boolean exists, boolean directory, String typedName, String stream,
                  boolean streamSyntax) {
    Resolution(Path path, String smbPath, boolean exists, boolean directory, String typedName) {
        this(path, smbPath, exists, directory, typedName, "", false);
    }

    public boolean namedStream() {
        return !stream.isEmpty();
    }

    public boolean isRoot() {
        return smbPath.isEmpty();
    }
}

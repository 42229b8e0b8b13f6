package io.signet.server.tree;

import io.signet.config.ShareConfig;
import io.signet.storage.ShareFileSystem;

/**
 * [MS-SMB2] 3.3.1.10 Per TreeConnect: a session's connection to one share.
 *
 * @param fileSystem  null for IPC$
 * @param encryptData TreeConnect.EncryptData: requests on this tree must come encrypted
 */
public record TreeConnect(int id, String shareName, ShareConfig share, ShareFileSystem fileSystem, int maximalAccess,
                          boolean encryptData) {
    public boolean isIpc() {
        return fileSystem == null;
    }
}

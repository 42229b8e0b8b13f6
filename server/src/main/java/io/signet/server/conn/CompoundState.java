package io.signet.server.conn;

import io.signet.protocol.smb2.message.FileId;
import io.signet.server.session.Session;
import io.signet.server.tree.TreeConnect;

/**
 * What one request of a compound chain leaves for the next related request ([MS-SMB2] 3.3.5.2.7.2): the session,
 * tree connect and FileId it used or created, and whether it failed.
 */
public final class CompoundState {
    Session session;
    TreeConnect tree;
    FileId fileId;
    /** The error of a failed CREATE earlier in the chain: related requests on FileId ANY inherit it. */
    int createFailure;

    /** Records what a finished request leaves for the next related one. */
    void completed(RequestContext ctx) {
        session = ctx.session();
        tree = ctx.tree();
        if (ctx.header().command() == io.signet.protocol.smb2.Smb2Command.CREATE) {
            int status = ctx.responseStatus();
            if ((status & 0xC0000000) == 0xC0000000) {
                createFailure = status;
                fileId = null;
            }
        }
    }

    public FileId fileId() {
        return fileId;
    }

    /** Called by CREATE so that a related request with FileId ANY addresses the new open. */
    public void fileId(FileId id) {
        this.fileId = id;
    }
}

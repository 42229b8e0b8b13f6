package io.signet.server.conn;

import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.status.NtStatus;
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

    /**
     * Records what a finished request leaves for the next related one. Its session passes on only if the request
     * was admitted with it ([MS-SMB2] 3.3.5.2.7.2, 3.3.5.2.9): a request refused at the gate (bad signature, a binding
     * of another connection's session, an expired or unknown session) leaves no session to inherit, so the related
     * requests after it fail. Whether the session is still in this connection's table when the next request comes
     * (a LOGOFF in between) the gate checks then.
     */
    void completed(RequestContext ctx) {
        session = ctx.sessionAdmitted ? ctx.session() : null;
        tree = ctx.sessionAdmitted ? ctx.tree() : null;
        if (ctx.header().command() == Smb2Command.CREATE) {
            int status = ctx.responseStatus();
            if ((status & 0xC0000000) == 0xC0000000) {
                createFailure = status;
                fileId = null;
            }
        }
    }

    /**
     * A CREATE of the chain that went asynchronous got its final response: the related requests after it use its
     * FileId, or inherit its error ([MS-SMB2] 3.3.5.2.7.2).
     */
    void createAnswered(NtStatus status, FileId created) {
        if (status.isError() || created == null) {
            createFailure = status.isError() ? status.code() : NtStatus.STATUS_FILE_CLOSED.code();
            fileId = null;
        } else {
            fileId = created;
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

package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.config.EncryptionPolicy;
import io.signet.config.ShareConfig;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.message.TreeConnectRequest;
import io.signet.protocol.smb2.message.TreeConnectResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.context.ServerContext;
import io.signet.server.context.Share;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.session.Session;
import io.signet.server.tree.ShareAdmission;
import io.signet.server.tree.TreeConnect;
import io.signet.storage.create.DesiredAccess;

/** [MS-SMB2] 3.3.5.7 Receiving an SMB2 TREE_CONNECT Request. */
public final class TreeConnectHandler implements CommandHandler {
    static final String IPC = "IPC$";

    private final ServerContext server;

    public TreeConnectHandler(ServerContext server) {
        this.server = server;
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        TreeConnectRequest req = TreeConnectRequest.decode(ctx.message());
        String shareName = shareName(req.path());
        Session session = ctx.session();
        TreeConnect tree;
        int shareType;
        if (IPC.equalsIgnoreCase(shareName)) {
            tree = session.addTree(id -> new TreeConnect(id, IPC, null, null, AccessMask.FILE_ALL_ACCESS, false));
            shareType = TreeConnectResponse.SHARE_TYPE_PIPE;
        } else {
            Share share = server.share(shareName);
            if (share == null) {
                throw new SmbException(NtStatus.STATUS_BAD_NETWORK_NAME, "no share " + shareName);
            }
            ShareAdmission.check(share.config(), session.user());
            // [MS-SMB2] 2.2.10 MaximalAccess: everything on a writable share, read and execute on a read-only one
            int access = share.config().readOnly() ? DesiredAccess.READ_ONLY_SHARE_RIGHTS : AccessMask.FILE_ALL_ACCESS;
            boolean encrypt = encryptShare(share.config(), session);
            tree = session.addTree(id -> new TreeConnect(id, share.config().name(), share.config(),
                    share.fileSystem(), access, encrypt));
            shareType = TreeConnectResponse.SHARE_TYPE_DISK;
        }
        if (tree == null) {
            throw new SmbException(NtStatus.STATUS_INSUFFICIENT_RESOURCES, "too many tree connects");
        }
        ctx.responseTreeId(tree.id());
        int shareFlags = TreeConnectResponse.SHAREFLAG_MANUAL_CACHING
                | (tree.encryptData() ? TreeConnectResponse.SHAREFLAG_ENCRYPT_DATA : 0);
        // [MS-SMB2] 3.3.5.7: a continuously available share says so to 3.x clients, which may then ask for persistent
        // handles on it.
        int capabilities = tree.share() != null && tree.share().continuousAvailability()
                && ctx.connection().negotiated().dialect().isSmb3()
                ? TreeConnectResponse.SHARE_CAP_CONTINUOUS_AVAILABILITY : 0;
        new TreeConnectResponse(shareType, shareFlags, capabilities, tree.maximalAccess()).encode(out);
    }

    /**
     * [MS-SMB2] 3.3.5.7: Share.EncryptData from the share's `smb encrypt` (or the global one). A share that requires
     * encryption refuses a session that cannot encrypt (RejectUnencryptedAccess); one that desires it encrypts when
     * the session can.
     */
    private boolean encryptShare(ShareConfig share, Session session) {
        EncryptionPolicy policy = share.encryption() != null ? share.encryption() : server.config().encryption();
        boolean canEncrypt = session.encryptor() != null;
        if (policy == EncryptionPolicy.REQUIRED && !canEncrypt) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "share " + share.name() + " requires encryption");
        }
        return canEncrypt && (policy == EncryptionPolicy.REQUIRED || policy == EncryptionPolicy.DESIRED);
    }

    /** "\\server\share" -> "share" ([MS-SMB2] 2.2.9 Buffer: the UNC path). */
    static String shareName(String path) {
        if (!path.startsWith("\\\\")) {
            throw new SmbException(NtStatus.STATUS_BAD_NETWORK_NAME, "not a UNC path: " + path);
        }
        int slash = path.indexOf('\\', 2);
        if (slash < 0 || slash == path.length() - 1 || path.indexOf('\\', slash + 1) >= 0) {
            throw new SmbException(NtStatus.STATUS_BAD_NETWORK_NAME, "bad UNC path: " + path);
        }
        return path.substring(slash + 1);
    }
}

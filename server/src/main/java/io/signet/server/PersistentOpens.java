package io.signet.server;

import io.signet.protocol.smb2.AccessMask;
import io.signet.server.context.ServerContext;
import io.signet.server.context.Share;
import io.signet.server.durable.PersistentOpenRestore;
import io.signet.server.security.FileSecurity;
import io.signet.storage.create.DesiredAccess;
import java.util.function.Function;

/** Startup glue: the persistent opens of the state directory come back on the shares of this configuration. */
final class PersistentOpens {
    private PersistentOpens() {
    }

    static int restore(ServerContext context) {
        FileSecurity security = new FileSecurity(context.accounts());
        Function<String, PersistentOpenRestore.ShareTarget> shares = name -> {
            Share share = context.share(name);
            if (share == null) {
                return null;
            }
            // [MS-SMB2] 2.2.10 MaximalAccess, as TREE_CONNECT grants it
            int access = share.config().readOnly() ? DesiredAccess.READ_ONLY_SHARE_RIGHTS : AccessMask.FILE_ALL_ACCESS;
            return new PersistentOpenRestore.ShareTarget(share.config(), share.fileSystem(), access);
        };
        return PersistentOpenRestore.restore(context.durableOpens(), context.caching(), context.byteRangeLocks(),
                shares, (user, share) -> security.accessCheck(user, share, null),
                context.config().limits().maxDurableTimeout());
    }
}

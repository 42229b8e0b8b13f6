package io.signet.server.fsctl;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.RequestContext;

/**
 * [MS-SMB2] 3.3.5.15.2 FSCTL_DFS_GET_REFERRALS and FSCTL_DFS_GET_REFERRALS_EX: Signet hosts no DFS namespace
 * (IsDfsCapable is FALSE), so both are refused with STATUS_FS_DRIVER_REQUIRED, as that section has such a server do.
 */
final class DfsReferralControls {
    private DfsReferralControls() {
    }

    static ByteBuf refuse(RequestContext ctx, IoctlRequest req) {
        throw new SmbException(NtStatus.STATUS_FS_DRIVER_REQUIRED, "no DFS");
    }
}

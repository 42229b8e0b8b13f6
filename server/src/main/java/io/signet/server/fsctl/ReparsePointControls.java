package io.signet.server.fsctl;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.fsctl.CtlCode;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.RequestContext;
import io.signet.server.tree.Open;

/**
 * [MS-FSA] 2.1.5.10.14 FSCTL_GET_REPARSE_POINT, 2.1.5.10.37 FSCTL_SET_REPARSE_POINT and 2.1.5.10.3
 * FSCTL_DELETE_REPARSE_POINT, on a volume whose IsReparsePointsSupported is FALSE: Signet presents no file as a
 * reparse point (a symbolic link inside the share is followed, one leading out of it refused) and keeps none, so
 * FileFsAttributeInformation does not claim FILE_SUPPORTS_REPARSE_POINTS, and all three answer
 * STATUS_VOLUME_NOT_UPGRADED as [MS-FSA] has such a volume answer. (NTFS answers STATUS_NOT_A_REPARSE_POINT for a
 * plain file only because its volumes do support them.) SET and DELETE first check, as [MS-FSA] does, that the open
 * may write data or attributes; a read-only share grants neither, so it refuses them there.
 */
final class ReparsePointControls {
    private ReparsePointControls() {
    }

    static ByteBuf refuse(RequestContext ctx, IoctlRequest req) {
        Open open = ctx.open(req.fileId());
        if (req.ctlCode() != CtlCode.FSCTL_GET_REPARSE_POINT) {
            FsctlAccess.requireDataOrAttributeWrite(open, "a reparse point");
        }
        throw new SmbException(NtStatus.STATUS_VOLUME_NOT_UPGRADED, "the share has no reparse points");
    }
}

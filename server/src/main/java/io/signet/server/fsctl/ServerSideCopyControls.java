package io.signet.server.fsctl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fsctl.CopyChunkResponse;
import io.signet.protocol.fsctl.CtlCode;
import io.signet.protocol.fsctl.ResumeKeyResponse;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.RequestContext;
import io.signet.server.io.IoRange;
import io.signet.server.notify.ChangeNotifier;
import io.signet.server.session.Session;
import io.signet.server.tree.Open;
import io.signet.storage.lock.ByteRangeLocks;

/**
 * Server-side copy ([MS-SMB2] 3.3.5.15.5 and 3.3.5.15.6): FSCTL_SRV_REQUEST_RESUME_KEY names an open by a key, and
 * FSCTL_SRV_COPYCHUNK and FSCTL_SRV_COPYCHUNK_WRITE copy from the open a key names. The two share the server's
 * {@link ResumeKeyTable}.
 */
final class ServerSideCopyControls {
    private final ResumeKeyTable resumeKeys = new ResumeKeyTable();
    private final ServerSideCopy serverSideCopy = new ServerSideCopy(IoRange::checkWrite);
    private final ChangeNotifier notifier;
    private final ByteRangeLocks locks;

    ServerSideCopyControls(ChangeNotifier notifier, ByteRangeLocks locks) {
        this.notifier = notifier;
        this.locks = locks;
    }

    /**
     * [MS-SMB2] 3.3.5.15.5 FSCTL_SRV_REQUEST_RESUME_KEY: the key ([MS-SMB2] 2.2.32.3) a later copy names this open by
     * as its source.
     */
    ByteBuf resumeKey(RequestContext ctx, IoctlRequest req) {
        Open open = ctx.open(req.fileId());
        if (req.maxOutputResponse() < ResumeKeyResponse.SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "SRV_REQUEST_RESUME_KEY needs 32 bytes");
        }
        ByteBuf body = Unpooled.buffer(ResumeKeyResponse.SIZE);
        new ResumeKeyResponse(resumeKeys.keyFor(ctx.session(), open)).encode(body);
        return body;
    }

    /**
     * [MS-SMB2] 3.3.5.15.6 FSCTL_SRV_COPYCHUNK and FSCTL_SRV_COPYCHUNK_WRITE: copies ranges of the open a resume key
     * names into the IOCTL's open ([MS-SMB2] 2.2.31.1). A copy that breaks a limit or fails part way still answers
     * with an SRV_COPYCHUNK_RESPONSE ([MS-SMB2] 2.2.32.4), under its error status, as Windows does.
     *
     * <p>A key is honoured only for the session that holds its open, on any of that session's channels; a key of
     * another session, even one on this same connection, is STATUS_OBJECT_NAME_NOT_FOUND, as a FileId of another
     * session is STATUS_FILE_CLOSED ([MS-SMB2] 3.3.5.2.10). Resume keys cross the wire in the clear when only
     * signing is on, so a key proves nothing about who may read the open's file (Samba refuses handles of two
     * sessions too).
     */
    ByteBuf copyChunk(RequestContext ctx, IoctlRequest req) {
        Open target = ctx.open(req.fileId());
        if (req.maxOutputResponse() < CopyChunkResponse.SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "SRV_COPYCHUNK_RESPONSE needs 12 bytes");
        }
        boolean writeOnly = req.ctlCode() == CtlCode.FSCTL_SRV_COPYCHUNK_WRITE;
        ServerSideCopy.Result result = serverSideCopy.copy(req.input(), writeOnly, side(target, Open.RangeAccess.WRITE),
                key -> sourceSide(ctx, key));
        if (result.response().totalBytesWritten() > 0) {
            notifier.changed(target.handle().path(), ChangeNotifier.SIZE);
        }
        ByteBuf body = Unpooled.buffer(CopyChunkResponse.SIZE);
        result.response().encode(body);
        ctx.responseStatus(result.status());
        return body;
    }

    /** One side of a copy: the open's handle, checked against the other opens' byte-range locks like READ or WRITE. */
    private ServerSideCopy.Side side(Open open, Open.RangeAccess access) {
        return new ServerSideCopy.Side(open.handle(),
                (offset, length) -> open.byteRangeLocksAllow(locks, access, offset, length));
    }

    /** The source side of the live open {@code key} names in the request's own session, or null. */
    private ServerSideCopy.Side sourceSide(RequestContext ctx, byte[] key) {
        ResumeKeyTable.Source source = resumeKeys.find(key);
        if (source == null) {
            return null;
        }
        Session owner = source.session();
        // The request's session was admitted on this connection by the gate, so the same session is on it too.
        if (owner != ctx.session() || !source.isLive() || source.open().isPipe()) {
            return null;
        }
        return side(source.open(), Open.RangeAccess.READ);
    }
}

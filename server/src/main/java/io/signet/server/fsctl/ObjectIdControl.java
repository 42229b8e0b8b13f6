package io.signet.server.fsctl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fsctl.ObjectIdBuffer;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.RequestContext;
import io.signet.server.tree.Open;

/**
 * [MS-FSCC] 2.3.7 FSCTL_CREATE_OR_GET_OBJECT_ID: the FILE_OBJECTID_BUFFER (2.1.3.1) of the open file. Object ids are
 * not stored; each is derived from the file's stable id and the volume serial number
 * ({@link ObjectIdBuffer#forFile}).
 */
final class ObjectIdControl implements FsctlHandler {
    @Override
    public ByteBuf handle(RequestContext ctx, IoctlRequest req) {
        Open open = ctx.open(req.fileId());
        if (open.tree().isIpc()) {
            throw new SmbException(NtStatus.STATUS_INVALID_DEVICE_REQUEST, "object id on a pipe");
        }
        if (req.maxOutputResponse() < ObjectIdBuffer.SIZE) {
            throw new SmbException(NtStatus.STATUS_BUFFER_TOO_SMALL, "FILE_OBJECTID_BUFFER needs 64 bytes");
        }
        ByteBuf body = Unpooled.buffer(ObjectIdBuffer.SIZE);
        ObjectIdBuffer.forFile(open.handle().metadata().stat().fileId(), open.tree().fileSystem().volumeSerial())
                .encode(body);
        return body;
    }
}

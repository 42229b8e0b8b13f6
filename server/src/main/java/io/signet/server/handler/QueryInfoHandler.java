package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.fscc.FileInfoContext;
import io.signet.protocol.fscc.FileInfoEncoder;
import io.signet.protocol.fscc.FileInformationClass;
import io.signet.protocol.fscc.FileSystemInformationClass;
import io.signet.protocol.fscc.FsInfoEncoder;
import io.signet.protocol.smb2.message.QueryInfoRequest;
import io.signet.protocol.smb2.message.QueryInfoResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.tree.Open;

/** [MS-SMB2] 3.3.5.20 Receiving an SMB2 QUERY_INFO Request: file, file system and security information. */
final class QueryInfoHandler implements CommandHandler {
    private final FileSecurity security;

    QueryInfoHandler(FileSecurity security) {
        this.security = security;
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        QueryInfoRequest req = QueryInfoRequest.decode(ctx.message());
        Open open = ctx.open(req.fileId());
        ctx.checkCreditCharge(Math.max(req.input().readableBytes(), req.outputBufferLength()));
        int max = (int) Math.min(req.outputBufferLength(), Integer.MAX_VALUE);
        ByteBuf data = ctx.connection().channel().alloc().buffer(Math.min(max, 4096));
        try {
            NtStatus status = switch (req.infoType()) {
                case QueryInfoRequest.INFO_FILE -> fileInfo(req, open, data, max);
                case QueryInfoRequest.INFO_FILESYSTEM -> fsInfo(req, open, data, max);
                case QueryInfoRequest.INFO_SECURITY -> {
                    security.query(open, req.additionalInformation(), data, max);
                    yield NtStatus.STATUS_SUCCESS;
                }
                case QueryInfoRequest.INFO_QUOTA ->
                        throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "quotas are not supported");
                default -> throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "InfoType " + req.infoType());
            };
            ctx.responseStatus(status);
            new QueryInfoResponse(data).encode(out);
        } finally {
            data.release();
        }
    }

    private static NtStatus fileInfo(QueryInfoRequest req, Open open, ByteBuf data, int max) {
        FileInformationClass c = FileInformationClass.fromCode(req.fileInfoClass());
        if (c == null) {
            throw new SmbException(NtStatus.STATUS_INVALID_INFO_CLASS, "file class " + req.fileInfoClass());
        }
        // SMB2 I/O is positional; FilePositionInformation reports where the last READ or WRITE on this open ended.
        FileInfoContext info = open.handle().infoContext().withCurrentByteOffset(open.currentByteOffset());
        return FileInfoEncoder.encode(c, info, data, max);
    }

    private static NtStatus fsInfo(QueryInfoRequest req, Open open, ByteBuf data, int max) {
        FileSystemInformationClass c = FileSystemInformationClass.fromCode(req.fileInfoClass());
        if (c == null) {
            throw new SmbException(NtStatus.STATUS_INVALID_INFO_CLASS, "file system class " + req.fileInfoClass());
        }
        return FsInfoEncoder.encode(c, open.tree().fileSystem().fsStats(), data, max);
    }
}

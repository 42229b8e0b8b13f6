package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.fscc.DirectoryEntry;
import io.signet.protocol.fscc.DirectoryInfoEncoder;
import io.signet.protocol.fscc.FileInformationClass;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.message.QueryDirectoryRequest;
import io.signet.protocol.smb2.message.QueryDirectoryResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.tree.Open;
import io.signet.storage.DirectoryCursor;

/**
 * [MS-SMB2] 3.3.5.18 Receiving an SMB2 QUERY_DIRECTORY Request. The enumeration state lives in the open, so a
 * directory of any size is listed a buffer at a time without reading it all into memory.
 */
public final class QueryDirectoryHandler implements CommandHandler {
    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        QueryDirectoryRequest req = QueryDirectoryRequest.decode(ctx.message());
        Open open = ctx.open(req.fileId());
        ctx.checkCreditCharge(req.outputBufferLength());
        FileInformationClass infoClass = FileInformationClass.fromCode(req.fileInformationClass());
        if (infoClass == null || !DirectoryInfoEncoder.supports(infoClass)) {
            throw new SmbException(NtStatus.STATUS_INVALID_INFO_CLASS, "class " + req.fileInformationClass());
        }
        if (!open.handle().isDirectory()) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "QUERY_DIRECTORY on a file");
        }
        if ((open.handle().grantedAccess() & AccessMask.FILE_READ_DATA) == 0) { // FILE_LIST_DIRECTORY
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "no FILE_LIST_DIRECTORY access");
        }
        // The cursor is the open's: two channels of its session must not move it at once.
        synchronized (open) {
            query(ctx, req, open, infoClass, out);
        }
    }

    private static void query(RequestContext ctx, QueryDirectoryRequest req, Open open,
                              FileInformationClass infoClass, ByteBuf out) {
        DirectoryCursor cursor = open.handle().directoryCursor();
        boolean restart = (req.flags() & (QueryDirectoryRequest.RESTART_SCANS | QueryDirectoryRequest.REOPEN)) != 0;
        boolean firstQuery = cursor.pattern() == null;
        if (restart || firstQuery) {
            String pattern = req.fileName().isEmpty() ? "*" : req.fileName();
            cursor.restart(pattern);
        }
        boolean single = (req.flags() & QueryDirectoryRequest.RETURN_SINGLE_ENTRY) != 0;
        ByteBuf data = ctx.connection().channel().alloc().buffer((int) Math.min(req.outputBufferLength(), 65536));
        try {
            DirectoryInfoEncoder encoder = new DirectoryInfoEncoder(infoClass, data, (int) req.outputBufferLength());
            DirectoryEntry entry;
            while ((entry = cursor.next()) != null) {
                if (!encoder.add(entry)) {
                    cursor.pushBack(entry);
                    break;
                }
                if (single) {
                    break;
                }
            }
            if (encoder.entryCount() == 0) {
                if (entry != null) {
                    // Not even one entry fits the client's buffer ([MS-SMB2] 3.3.5.18).
                    throw new SmbException(NtStatus.STATUS_INFO_LENGTH_MISMATCH, "buffer too small for one entry");
                }
                throw new SmbException(restart || firstQuery ? NtStatus.STATUS_NO_SUCH_FILE
                        : NtStatus.STATUS_NO_MORE_FILES);
            }
            ctx.reserveResponse(data.readableBytes());
            new QueryDirectoryResponse(data).encode(out);
        } finally {
            data.release();
        }
    }
}

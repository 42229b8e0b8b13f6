package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.fscc.ExtendedAttribute;
import io.signet.protocol.fscc.FileInfoContext;
import io.signet.protocol.fscc.FileInfoEncoder;
import io.signet.protocol.fscc.FileInformationClass;
import io.signet.protocol.fscc.FileSystemInformationClass;
import io.signet.protocol.fscc.FsInfoEncoder;
import io.signet.protocol.fscc.FullEaInformation;
import io.signet.protocol.smb2.message.QueryInfoRequest;
import io.signet.protocol.smb2.message.QueryInfoResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.security.FileSecurity;
import io.signet.server.tree.Open;
import io.signet.storage.FileHandle;
import java.util.ArrayList;
import java.util.List;

/** [MS-SMB2] 3.3.5.20 Receiving an SMB2 QUERY_INFO Request: file, file system and security information. */
public final class QueryInfoHandler implements CommandHandler {
    private final FileSecurity security;

    public QueryInfoHandler(FileSecurity security) {
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
            ctx.reserveResponse(data.readableBytes());
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
        if (c == FileInformationClass.FileFullEaInformation) {
            return fullEaInfo(req, open, data, max);
        }
        // SMB2 I/O is positional; FilePositionInformation reports where the last READ or WRITE on this open ended.
        FileInfoContext info = open.handle().metadata().infoContext().withCurrentByteOffset(open.currentByteOffset());
        return FileInfoEncoder.encode(c, info, data, max);
    }

    /**
     * [MS-SMB2] 3.3.5.20.1 with [MS-FSCC] 2.4.15 FileFullEaInformation (needs FILE_READ_EA). With a
     * FILE_GET_EA_INFORMATION list in the InputBuffer, the EAs it names, in its order (a missing one with an empty
     * value). Otherwise a scan from where the open's last one stopped: SL_RESTART_SCAN starts over,
     * SL_RETURN_SINGLE_ENTRY returns one EA; SL_INDEX_SPECIFIED carries no index in SMB2 and is treated as a restart.
     * Only whole entries are returned: if the first does not fit, STATUS_BUFFER_TOO_SMALL; if later ones do not,
     * STATUS_BUFFER_OVERFLOW with those that fit (the scan continues after them). A file without EAs answers
     * STATUS_NO_EAS_ON_FILE; a scan past the last EA STATUS_NO_MORE_EAS.
     */
    private static NtStatus fullEaInfo(QueryInfoRequest req, Open open, ByteBuf data, int max) {
        FileHandle h = open.handle();
        List<ExtendedAttribute> all = h.metadata().extendedAttributes();
        List<ExtendedAttribute> candidates;
        int start;
        boolean scan = req.input().readableBytes() == 0;
        if (!scan) {
            candidates = new ArrayList<>();
            for (String name : FullEaInformation.decodeNames(req.input())) {
                FullEaInformation.checkName(name);
                ExtendedAttribute found = null;
                for (ExtendedAttribute ea : all) {
                    if (ea.name().equalsIgnoreCase(name)) {
                        found = ea;
                        break;
                    }
                }
                candidates.add(found != null ? found : new ExtendedAttribute(0, name, new byte[0]));
            }
            start = 0;
        } else {
            if (all.isEmpty()) {
                throw new SmbException(NtStatus.STATUS_NO_EAS_ON_FILE, h.smbPath());
            }
            candidates = all;
            boolean restart = (req.flags() & (QueryInfoRequest.SL_RESTART_SCAN
                    | QueryInfoRequest.SL_INDEX_SPECIFIED)) != 0;
            start = restart ? 0 : h.eaIndex();
            if (start >= all.size()) {
                throw new SmbException(NtStatus.STATUS_NO_MORE_EAS, h.smbPath());
            }
        }
        boolean single = (req.flags() & QueryInfoRequest.SL_RETURN_SINGLE_ENTRY) != 0;
        List<ExtendedAttribute> chosen = new ArrayList<>();
        int used = 0;
        int end = start;
        while (end < candidates.size()) {
            ExtendedAttribute ea = candidates.get(end);
            int needed = used + FullEaInformation.entryLength(ea);
            if (needed > max) {
                break;
            }
            chosen.add(ea);
            used += FullEaInformation.paddedEntryLength(ea);
            end++;
            if (single) {
                break;
            }
        }
        if (chosen.isEmpty()) {
            throw new SmbException(NtStatus.STATUS_BUFFER_TOO_SMALL,
                    "the first EA does not fit in " + max + " bytes");
        }
        FullEaInformation.encode(chosen, data);
        if (scan) {
            h.eaIndex(end);
        }
        return end < candidates.size() && !single ? NtStatus.STATUS_BUFFER_OVERFLOW : NtStatus.STATUS_SUCCESS;
    }

    private static NtStatus fsInfo(QueryInfoRequest req, Open open, ByteBuf data, int max) {
        FileSystemInformationClass c = FileSystemInformationClass.fromCode(req.fileInfoClass());
        if (c == null) {
            throw new SmbException(NtStatus.STATUS_INVALID_INFO_CLASS, "file system class " + req.fileInfoClass());
        }
        return FsInfoEncoder.encode(c, open.tree().fileSystem().fsStats(), data, max);
    }
}

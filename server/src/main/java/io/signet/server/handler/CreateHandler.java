package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.session.Session;
import io.signet.server.tree.Open;
import io.signet.server.tree.TreeConnect;
import io.signet.storage.CreateDisposition;
import io.signet.storage.CreateResult;
import java.util.ArrayList;
import java.util.List;

/** [MS-SMB2] 3.3.5.9 Receiving an SMB2 CREATE Request. */
final class CreateHandler implements CommandHandler {
    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        CreateRequest req = CreateRequest.decode(ctx.message());
        TreeConnect tree = ctx.tree();
        if (tree.isIpc()) {
            // Named pipes (srvsvc, wkssvc, ...) are not served yet: no pipe of any name exists.
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, "no pipe " + req.name());
        }
        validate(req);
        Session session = ctx.session();
        if (session.openCount() >= Session.MAX_OPENS) {
            throw new SmbException(NtStatus.STATUS_INSUFFICIENT_RESOURCES, "too many opens on this session");
        }
        CreateDisposition disposition = CreateDisposition.fromCode(req.createDisposition());
        CreateResult result = tree.fileSystem().create(req.name(), disposition, req.createOptions(),
                req.desiredAccess(), req.fileAttributes());
        FileId fileId = session.nextFileId();
        Open open = new Open(fileId, tree, result.handle(), req.createOptions());
        FileMetadata md;
        try {
            md = result.handle().metadata();
        } catch (SmbException e) {
            open.closeQuietly();
            throw e;
        }
        session.addOpen(open);
        ctx.compound().fileId(fileId);
        new CreateResponse(CreateRequest.OPLOCK_LEVEL_NONE, 0, result.action().code(), md.creationTime(),
                md.lastAccessTime(), md.lastWriteTime(), md.changeTime(), md.allocationSize(), md.endOfFile(),
                md.fileAttributes(), fileId, responseContexts(req, tree, md)).encode(out);
    }

    /** Checks the request fields [MS-SMB2] 3.3.5.9 lists before any file is touched. */
    private static void validate(CreateRequest req) {
        if (req.impersonationLevel() > CreateRequest.IMPERSONATION_DELEGATE) {
            throw new SmbException(NtStatus.STATUS_BAD_IMPERSONATION_LEVEL);
        }
        if (CreateDisposition.fromCode(req.createDisposition()) == null) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "CreateDisposition " + req.createDisposition());
        }
        if (req.name().startsWith("\\")) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "name starts with a backslash");
        }
        if ((req.createOptions() & CreateRequest.FILE_OPEN_BY_FILE_ID) != 0) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "open by file id");
        }
        if (req.context(CreateContext.EA_BUFFER).isPresent()) {
            // Extended attributes are not stored yet; refusing keeps the client from believing they were.
            throw new SmbException(NtStatus.STATUS_EAS_NOT_SUPPORTED);
        }
    }

    /** MxAc ([MS-SMB2] 2.2.14.2.5) and QFid ([MS-SMB2] 2.2.14.2.9) answers; other contexts are not granted. */
    private static List<CreateContext> responseContexts(CreateRequest req, TreeConnect tree, FileMetadata md) {
        List<CreateContext> contexts = new ArrayList<>(2);
        if (req.context(CreateContext.QUERY_MAXIMAL_ACCESS).isPresent()) {
            ByteBuf data = Unpooled.buffer(8);
            data.writeIntLE(NtStatus.STATUS_SUCCESS.code()); // QueryStatus (4 bytes)
            data.writeIntLE(tree.maximalAccess());           // MaximalAccess (4 bytes)
            contexts.add(new CreateContext(CreateContext.QUERY_MAXIMAL_ACCESS, data));
        }
        if (req.context(CreateContext.QUERY_ON_DISK_ID).isPresent()) {
            ByteBuf data = Unpooled.buffer(32);
            data.writeLongLE(md.fileId());                   // DiskFileId (8 bytes of 32): the file's id
            data.writeLongLE(0);                             // volume id (8 bytes)
            data.writeZero(16);                              // Reserved (16 bytes)
            contexts.add(new CreateContext(CreateContext.QUERY_ON_DISK_ID, data));
        }
        return contexts;
    }
}

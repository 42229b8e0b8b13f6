package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.dtyp.SecurityDescriptor;
import io.signet.protocol.fscc.ExtendedAttribute;
import io.signet.protocol.fscc.FileAttributes;
import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.fscc.FullEaInformation;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.smb2.CreateAction;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.message.AllocationSizeRequest;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.EaBufferRequest;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.MaximalAccessRequest;
import io.signet.protocol.smb2.message.MaximalAccessResponse;
import io.signet.protocol.smb2.message.QueryOnDiskIdRequest;
import io.signet.protocol.smb2.message.QueryOnDiskIdResponse;
import io.signet.protocol.smb2.message.SecurityDescriptorRequest;
import io.signet.protocol.smb2.message.TimewarpTokenRequest;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.AsyncRequest;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.Connection;
import io.signet.server.conn.RequestContext;
import io.signet.server.ipc.NamedPipes;
import io.signet.server.limits.OpenQuota;
import io.signet.server.notify.ChangeNotifier;
import io.signet.server.oplock.OplockTable;
import io.signet.server.security.FileSecurity;
import io.signet.server.session.Session;
import io.signet.server.tree.Open;
import io.signet.server.tree.ShareAdmission;
import io.signet.server.tree.TreeConnect;
import io.signet.storage.CreateResult;
import io.signet.storage.create.FileAccessCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** [MS-SMB2] 3.3.5.9 Receiving an SMB2 CREATE Request. */
public final class CreateHandler implements CommandHandler {
    private final ChangeNotifier notifier;
    private final OplockTable oplocks;
    private final FileSecurity security;
    private final NamedPipes pipes;
    private final OpenQuota quota;

    public CreateHandler(ChangeNotifier notifier, OplockTable oplocks, FileSecurity security, NamedPipes pipes,
                  OpenQuota quota) {
        this.notifier = notifier;
        this.oplocks = oplocks;
        this.security = security;
        this.pipes = pipes;
        this.quota = quota;
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        CreateRequest req = CreateRequest.decode(ctx.message());
        TreeConnect tree = ctx.tree();
        if (tree.isIpc()) {
            openPipe(ctx, req, out);
            return;
        }
        // The session's identity of this moment decides: one re-authenticated as anonymous opens nothing here
        // unless the share admits guests.
        ShareAdmission.check(tree.share(), ctx.session().user());
        validate(req);
        CreatePlan plan = new CreatePlan(req);
        // [MS-SMB2] 3.3.4.6: an existing exclusive or batch oplock on the file is broken before the file is opened,
        // so that the holder's cached writes land before, say, an overwrite.
        CompletableFuture<Void> pendingBreak = existingKey(tree, req.name())
                .map(key -> oplocks.breakFor(key))
                .orElse(null);
        if (pendingBreak != null) {
            AsyncRequest async = ctx.goAsync();
            Session session = ctx.session();
            pendingBreak.thenRun(() -> async.complete(NtStatus.STATUS_SUCCESS,
                    body -> open(plan, session, tree, ctx.connection(), null, body)));
            return;
        }
        open(plan, ctx.session(), tree, ctx.connection(), ctx, out);
    }

    /**
     * Opens or creates the file and writes the CREATE response body.
     *
     * @param ctx the request when it is answered synchronously (its compound state learns the new FileId); null when
     *            the CREATE completes asynchronously after an oplock break
     */
    private void open(CreatePlan plan, Session session, TreeConnect tree, Connection connection, RequestContext ctx,
                      ByteBuf out) {
        FileAccessCheck access = security.accessCheck(session.user(), tree.share(), plan.securityDescriptor);
        Runnable place = quota.acquire(session.user(), session.openCount(), true);
        CreateResult result;
        try {
            result = tree.fileSystem().create(plan.name, plan.disposition, plan.createOptions,
                    plan.desiredAccess, plan.shareAccess, plan.fileAttributes, access);
        } catch (RuntimeException e) {
            place.run(); // the open never existed: its place goes back
            throw e;
        }
        FileId fileId = session.nextFileId();
        Open open = new Open(fileId, tree, result.handle(), plan.createOptions);
        open.onClose(place);
        FileMetadata md;
        try {
            applyExtendedAttributes(plan, result);
            applyAllocationSize(plan, result);
            md = result.handle().metadata().stat();
        } catch (SmbException e) {
            open.closeQuietly();
            throw e;
        }
        OplockLevel oplockLevel = OplockLevel.NONE;
        if (!md.directory()) {
            OplockTable.Key key = new OplockTable.Key(tree.fileSystem(), result.handle().fileKey());
            // A concurrent open may have taken an oplock since the check above; it is broken like any other, and this
            // open simply gets none (it does not wait: no client data of this open is at stake).
            oplockLevel = oplocks.register(key, open, connection, session::links, plan.requestedOplock);
            open.oplockKey(key);
            open.onClose(() -> oplocks.release(key, open));
        } else {
            // A CHANGE_NOTIFY pending on the directory ends with STATUS_NOTIFY_CLEANUP however its open closes (CLOSE,
            // TREE_DISCONNECT, a reload removing the share): left armed, it would report later changes of a
            // directory its client no longer reaches, and never be answered otherwise.
            open.onClose(() -> notifier.closed(open));
        }
        session.addOpen(open);
        if (ctx != null) {
            ctx.compound().fileId(fileId);
        }
        notifier.created(result.handle().path(), md.directory(), result.baseFileCreated(),
                result.action(), result.handle().streamName());
        new CreateResponse(oplockLevel.code(), 0, result.action().code(), md.creationTime(), md.lastAccessTime(),
                md.lastWriteTime(), md.changeTime(), md.allocationSize(), md.endOfFile(), md.fileAttributes(), fileId,
                responseContexts(plan, tree, md, access, result)).encode(out);
    }

    /**
     * [MS-SMB2] 2.2.13.2.1 SMB2_CREATE_EA_BUFFER: the EAs are given to a file the CREATE created, overwrote or
     * superseded ([MS-FSA] 2.1.5.1.1 and 2.1.5.1.2.1; an overwrite replaces the EAs the file had). A CREATE that
     * opens an existing file ignores them, as NTFS does; so does one that creates or replaces a named stream of an
     * existing file, whose EAs are the file's.
     */
    private static void applyExtendedAttributes(CreatePlan plan, CreateResult result) {
        if (plan.eas == null) {
            return;
        }
        boolean stream = result.handle().isStream();
        if (result.baseFileCreated()) {
            result.handle().metadata().applyCreateExtendedAttributes(plan.eas, false);
        } else if (!stream && (result.action() == CreateAction.OVERWRITTEN
                || result.action() == CreateAction.SUPERSEDED)) {
            result.handle().metadata().applyCreateExtendedAttributes(plan.eas, true);
        }
    }

    /**
     * [MS-SMB2] 3.3.5.9.3 SMB2_CREATE_ALLOCATION_SIZE: the allocation is set on a file (or stream) the CREATE
     * created, overwrote or superseded; opening an existing file leaves its allocation alone ([MS-FSA] 2.1.5.1.2.1
     * applies AllocationSize only when the stream is created or replaced).
     */
    private static void applyAllocationSize(CreatePlan plan, CreateResult result) {
        if (plan.allocationSize < 0 || result.action() == CreateAction.OPENED) {
            return;
        }
        result.handle().data().applyCreateAllocationSize(plan.allocationSize);
    }

    /** The oplock key of the file or stream {@code name} names, if it exists: the key its opens registered under. */
    private static Optional<OplockTable.Key> existingKey(TreeConnect tree, String name) {
        return tree.fileSystem().existingFileKey(name).map(file -> new OplockTable.Key(tree.fileSystem(), file));
    }

    /** What a CREATE needs once its request buffer is gone (it may complete after an oplock break). */
    private static final class CreatePlan {
        final String name;
        final CreateDisposition disposition;
        final int createOptions;
        final int desiredAccess;
        final int shareAccess;
        final int fileAttributes;
        final OplockLevel requestedOplock;
        final boolean maximalAccess;
        final boolean onDiskId;
        /** The SMB2_CREATE_EA_BUFFER entries, decoded (and so checked) before the file is touched; null if none. */
        final List<ExtendedAttribute> eas;
        /** The SMB2_CREATE_ALLOCATION_SIZE AllocationSize, checked before the file is touched; -1 if none. */
        final long allocationSize;
        /**
         * [MS-SMB2] 2.2.13.2 SMB2_CREATE_SD_BUFFER: the descriptor a file this CREATE makes is to get ([MS-FSA]
         * 2.1.5.1.1), decoded (and so checked) before the file is touched; null if none. An open of an existing
         * file ignores it, as NTFS does.
         */
        final SecurityDescriptor securityDescriptor;

        CreatePlan(CreateRequest req) {
            name = req.name();
            disposition = CreateDisposition.fromCode(req.createDisposition());
            createOptions = req.createOptions();
            desiredAccess = req.desiredAccess();
            shareAccess = req.shareAccess();
            fileAttributes = req.fileAttributes();
            requestedOplock = OplockLevel.fromCode(req.requestedOplockLevel());
            maximalAccess = req.context(MaximalAccessRequest.class).isPresent();
            onDiskId = req.context(QueryOnDiskIdRequest.class).isPresent();
            eas = req.context(EaBufferRequest.class).map(EaBufferRequest::eas).orElse(null);
            allocationSize = req.context(AllocationSizeRequest.class).map(AllocationSizeRequest::allocationSize)
                    .orElse(-1L);
            securityDescriptor = req.context(SecurityDescriptorRequest.class)
                    .map(SecurityDescriptorRequest::securityDescriptor).orElse(null);
        }
    }

    /** [MS-SMB2] 3.3.5.9: a CREATE on IPC$ opens a named pipe; an unknown name is STATUS_OBJECT_NAME_NOT_FOUND. */
    private void openPipe(RequestContext ctx, CreateRequest req, ByteBuf out) {
        Session session = ctx.session();
        Runnable place = quota.acquire(session.user(), session.openCount(), false);
        RpcPipe pipe = pipes.open(req.name(), session.user());
        if (pipe == null) {
            place.run();
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, "no pipe " + req.name());
        }
        FileId fileId = session.nextFileId();
        Open pipeOpen = new Open(fileId, ctx.tree(), pipe);
        pipeOpen.onClose(place);
        session.addOpen(pipeOpen);
        ctx.compound().fileId(fileId);
        new CreateResponse(OplockLevel.NONE.code(), 0, CreateAction.OPENED.code(), 0, 0, 0, 0, 4096, 0,
                FileAttributes.NORMAL, fileId, List.of()).encode(out);
    }

    /** Checks the request fields [MS-SMB2] 3.3.5.9 lists before any file is touched. */
    private static void validate(CreateRequest req) {
        if (req.impersonationLevel() > ImpersonationLevel.DELEGATE) {
            throw new SmbException(NtStatus.STATUS_BAD_IMPERSONATION_LEVEL);
        }
        if (CreateDisposition.fromCode(req.createDisposition()) == null) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "CreateDisposition " + req.createDisposition());
        }
        if (req.name().startsWith("\\")) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "name starts with a backslash");
        }
        if ((req.createOptions() & CreateOptions.OPEN_BY_FILE_ID) != 0) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "open by file id");
        }
        if (req.hasContext(TimewarpTokenRequest.class)) {
            // [MS-SMB2] 3.3.5.9.4: the open must use a snapshot taken at the given time; Signet keeps no snapshots,
            // so none exists for any time.
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, "no snapshot for the timewarp token");
        }
    }

    /**
     * MxAc ([MS-SMB2] 2.2.14.2.5) and QFid ([MS-SMB2] 2.2.14.2.9) answers; other contexts are not granted. The
     * maximal access is what the file's descriptor grants the user ([MS-SMB2] 3.3.5.9.5), within what the share
     * grants; a file without a descriptor reports the share's.
     */
    private static List<CreateContext> responseContexts(CreatePlan plan, TreeConnect tree, FileMetadata md,
                                                        FileAccessCheck access, CreateResult result) {
        List<CreateContext> contexts = new ArrayList<>(2);
        if (plan.maximalAccess) {
            int maximal = access.maximalAccess(result.handle().path(), result.handle().smbPath().isEmpty())
                    .map(granted -> granted & tree.maximalAccess())
                    .orElse(tree.maximalAccess());
            contexts.add(new MaximalAccessResponse(NtStatus.STATUS_SUCCESS.code(), maximal).toContext());
        }
        if (plan.onDiskId) {
            contexts.add(new QueryOnDiskIdResponse(md.fileId(), 0).toContext()); // the file's id; no volume id
        }
        return contexts;
    }
}

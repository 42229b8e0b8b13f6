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
import io.signet.protocol.smb2.LeaseState;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.AllocationSizeRequest;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateContextData;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.EaBufferRequest;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.MaximalAccessRequest;
import io.signet.protocol.smb2.message.MaximalAccessResponse;
import io.signet.protocol.smb2.message.NegotiateResponse;
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
import io.signet.server.durable.DurableOpenTable;
import io.signet.server.durable.DurableRequest;
import io.signet.server.ipc.NamedPipes;
import io.signet.server.limits.OpenQuota;
import io.signet.server.notify.ChangeNotifier;
import io.signet.server.oplock.CachingTable;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** [MS-SMB2] 3.3.5.9 Receiving an SMB2 CREATE Request. */
public final class CreateHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CreateHandler.class);
    private final ChangeNotifier notifier;
    private final CreateCaching caching;
    private final FileSecurity security;
    private final NamedPipes pipes;
    private final OpenQuota quota;
    private final CachingTable table;
    private final DurableOpenTable durables;

    public CreateHandler(ChangeNotifier notifier, CachingTable caching, FileSecurity security, NamedPipes pipes,
                  OpenQuota quota, DurableOpenTable durables) {
        this.notifier = notifier;
        this.table = caching;
        this.durables = durables;
        this.caching = new CreateCaching(caching);
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
        DurableRequest durable = DurableRequest.of(req);
        if (durable.isReconnect()) {
            // [MS-SMB2] 3.3.5.9.7, 3.3.5.9.12: only the reconnect (and a lease's) context counts; the rest of the
            // request is ignored.
            reconnect(ctx, req, durable, out);
            return;
        }
        validate(req);
        if (durable.kind() == DurableRequest.Kind.REQUEST_V2 && replay(ctx, req, durable, out)) {
            return;
        }
        CreatePlan plan = new CreatePlan(req, caching.intent(req.desiredAccess(),
                CreateDisposition.fromCode(req.createDisposition()), LeaseRequests.requested(req, ctx.connection()),
                ctx.connection(), ctx.session()), durable);
        Session session = ctx.session();
        durables.closeAppInstance(durable.appInstanceId(), CreateCaching.existingKey(tree.fileSystem(), plan.name),
                clientGuid(ctx.connection()), session.user());
        // [MS-SMB2] 3.3.4.6/3.3.4.7: the caching of other opens that stands in the way is broken before the file is
        // opened, so that, say, the holder's cached writes land before an overwrite; the CREATE waits
        // asynchronously for the breaks and is then tried again.
        CompletableFuture<Void> wait = caching.beforeOpen(tree, plan.name, plan.desiredAccess, plan.shareAccess,
                plan.caching, true);
        if (wait == null) {
            open(plan, session, tree, ctx.connection(), ctx).encode(out);
            return;
        }
        AsyncRequest async = ctx.goAsync();
        if (durable.kind() == DurableRequest.Kind.REQUEST_V2) {
            pending(async, wait, clientGuid(ctx.connection()), durable.createGuid(), session);
        }
        retryAfter(wait, async, plan, session, tree, ctx.connection());
    }

    /**
     * A DH2Q CREATE waits for a break: its CreateGuid is pending ([MS-SMB2] 3.3.5.9.10) until it is answered, and, if
     * its channel went away meanwhile, until the wait is over, since the client may replay it on another channel.
     */
    private void pending(AsyncRequest async, CompletableFuture<Void> wait, CreateGuid client, CreateGuid createGuid,
                         Session session) {
        Runnable done = durables.replays().pending(client, createGuid, session.user());
        async.onFinish(() -> {
            if (wait.isDone()) {
                done.run();
            }
        });
        wait.whenComplete((v, t) -> {
            if (async.finished()) {
                done.run();
            }
        });
    }

    /** Tries the CREATE again on its connection's thread once {@code wait} completes. */
    private void retryAfter(CompletableFuture<Void> wait, AsyncRequest async, CreatePlan plan, Session session,
                            TreeConnect tree, Connection connection) {
        wait.thenRun(() -> connection.executor().execute(() -> retry(async, plan, session, tree, connection)));
    }

    private void retry(AsyncRequest async, CreatePlan plan, Session session, TreeConnect tree,
                       Connection connection) {
        if (async.finished()) {
            return; // cancelled, or its connection is gone
        }
        try {
            CompletableFuture<Void> wait = caching.beforeOpen(tree, plan.name, plan.desiredAccess, plan.shareAccess,
                    plan.caching, false);
            if (wait == null) {
                // Opened while the response is built: a request whose connection or session went meanwhile opens
                // nothing that no one would close.
                async.complete(NtStatus.STATUS_SUCCESS, body -> open(plan, session, tree, connection, null)
                        .encode(body));
                return;
            }
            retryAfter(wait, async, plan, session, tree, connection);
        } catch (SmbException e) {
            async.complete(e.status(), null);
        } catch (RuntimeException e) {
            LOG.warn("CREATE of {} after a break failed", plan.name, e);
            async.complete(NtStatus.STATUS_INTERNAL_ERROR, null);
        }
    }

    /**
     * Opens or creates the file and returns the CREATE response.
     *
     * @param ctx the request when it is answered synchronously (its compound state learns the new FileId); null when
     *            the CREATE completes asynchronously after a break
     */
    private CreateResponse open(CreatePlan plan, Session session, TreeConnect tree, Connection connection,
                                RequestContext ctx) {
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
        CachingTable.Grant grant = caching.register(tree, open, result, plan.caching, plan.requestedOplock,
                connection, session);
        Optional<CreateContextData> durableResponse = md.directory() ? Optional.empty()
                : durables.grant(plan.durable, open, session, clientGuid(connection), handleCaching(grant),
                        persistentHandles(connection));
        if (grant.lease() != null) {
            durables.cachingChanged(open.oplockKey()); // a lease the file's persistent opens share may have grown
        }
        if (md.directory()) {
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
        List<CreateContext> contexts = responseContexts(plan, tree, md, access, result);
        if (grant.lease() != null) {
            contexts.add(grant.lease().toContext());
        }
        durableResponse.ifPresent(d -> contexts.add(d.toContext()));
        CreateResponse response = new CreateResponse(grant.oplock().code(), 0, result.action().code(),
                md.creationTime(), md.lastAccessTime(), md.lastWriteTime(), md.changeTime(), md.allocationSize(),
                md.endOfFile(), md.fileAttributes(), fileId, contexts);
        if (plan.durable.kind() == DurableRequest.Kind.REQUEST_V2) {
            durables.created(clientGuid(connection), plan.durable.createGuid(), open, session.user(), response);
        }
        return response;
    }

    /**
     * What durability needs ([MS-SMB2] 3.3.5.9.6, 3.3.5.9.10): a batch oplock or a lease with handle caching, which
     * another client's open breaks to take the file from a disconnected holder.
     */
    private static boolean handleCaching(CachingTable.Grant grant) {
        return grant.oplock() == OplockLevel.BATCH
                || (grant.lease() != null && (grant.lease().state() & LeaseState.HANDLE) != 0);
    }

    /**
     * [MS-SMB2] 3.3.5.9.7, 3.3.5.9.12: takes back a durable open kept for this client, into this session and tree
     * connect, with its oplock or lease, locks and position; the table checks who may (STATUS_OBJECT_NAME_NOT_FOUND
     * otherwise). The response carries the lease the open holds, and no durable context: the open stays durable.
     */
    private void reconnect(RequestContext ctx, CreateRequest req, DurableRequest durable, ByteBuf out) {
        Session session = ctx.session();
        TreeConnect tree = ctx.tree();
        // The lease context names the lease whatever RequestedOplockLevel says: Windows ignores that field here.
        LeaseContext lease = LeaseRequests.leasesSupported(ctx.connection())
                ? req.context(LeaseContext.class).orElse(null) : null;
        Open open = durables.reconnect(durable, session, tree, clientGuid(ctx.connection()), req.name(),
                lease == null ? null : lease.key(), persistentHandles(ctx.connection()));
        FileId fileId = session.nextFileId(open.fileId().persistent());
        open.reattach(fileId, tree);
        CachingTable.Key key = open.oplockKey();
        if (key != null) {
            table.reattach(key, open, ctx.connection(), session::links);
        }
        session.addOpen(open);
        ctx.compound().fileId(fileId);
        FileMetadata md = open.handle().metadata().stat();
        CachingTable.Holding holding = key == null ? null : table.holding(key, open);
        OplockLevel level = holding == null ? OplockLevel.NONE : holding.oplock();
        List<CreateContext> contexts = holding != null && holding.isLease()
                ? List.of(holding.leaseResponse().toContext()) : List.of();
        new CreateResponse(level.code(), 0, CreateAction.OPENED.code(), md.creationTime(), md.lastAccessTime(),
                md.lastWriteTime(), md.changeTime(), md.allocationSize(), md.endOfFile(), md.fileAttributes(), fileId,
                contexts).encode(out);
    }

    /**
     * [MS-SMB2] 3.3.5.9.10: a replayed CREATE (SMB2_FLAGS_REPLAY_OPERATION) of a durable v2 open this client made is
     * answered with the original result, and changes nothing; one whose original is still waiting gets
     * STATUS_FILE_NOT_AVAILABLE. The same CREATE sent again without the flag is STATUS_DUPLICATE_OBJECTID.
     *
     * @return true when the request was a replay and is answered
     */
    private boolean replay(RequestContext ctx, CreateRequest req, DurableRequest durable, ByteBuf out) {
        CreateGuid client = clientGuid(ctx.connection());
        if ((ctx.header().flags() & Smb2Header.FLAG_REPLAY_OPERATION) == 0) {
            durables.replays().checkNotDuplicate(client, durable.createGuid());
            return false;
        }
        durables.replays().checkNotPending(client, durable.createGuid());
        LeaseContext lease = LeaseRequests.requested(req, ctx.connection());
        Optional<CreateResponse> response = durables.replays().replay(client, durable.createGuid(),
                ctx.session().user(), OplockLevel.fromCode(req.requestedOplockLevel()),
                lease == null ? null : lease.key());
        if (response.isEmpty() || ctx.session().open(response.get().fileId()) == null) {
            return false;
        }
        ctx.compound().fileId(response.get().fileId());
        response.get().encode(out);
        return true;
    }

    /** Connection.ServerCapabilities includes SMB2_GLOBAL_CAP_PERSISTENT_HANDLES ([MS-SMB2] 3.3.5.4). */
    private static boolean persistentHandles(Connection connection) {
        return (connection.negotiated().serverCapabilities() & NegotiateResponse.CAP_PERSISTENT_HANDLES) != 0;
    }

    /** Connection.ClientGuid, which durable v2 opens, replays and app instances are told apart by. */
    private static CreateGuid clientGuid(Connection connection) {
        return CreateGuid.of(connection.negotiated().clientGuid());
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
        /** What the CREATE asks of the caching table: its access, whether it overwrites, its lease. */
        final CachingTable.Intent caching;

        /** What the CREATE asks of durability ([MS-SMB2] 3.3.5.9.6, 3.3.5.9.10). */
        final DurableRequest durable;

        CreatePlan(CreateRequest req, CachingTable.Intent caching, DurableRequest durable) {
            this.caching = caching;
            this.durable = durable;
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

package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.crypto.MessageSigner;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.context.ServerContext;
import io.signet.server.session.Session;
import io.signet.server.tree.Open;
import io.signet.server.tree.TreeConnect;
import java.util.function.Consumer;

/**
 * One request in flight: the decoded header, the message bytes (borrowed from the frame), the session and tree the
 * gate found, and what the handler wants in the response header.
 */
public final class RequestContext {
    private final Connection connection;
    private final Smb2Header header;
    private final ByteBuf message;
    private final CompoundState compound;

    Session session;
    TreeConnect tree;
    /**
     * A binding SESSION_SETUP ([MS-SMB2] 3.3.5.5) names a session not bound to this connection yet: signed with
     * Session.SigningKey, verified by the gate with this signer, which also signs the responses until the channel
     * exists ([MS-SMB2] 3.3.4.1.1). Null when the request was not signed (or for any other request).
     */
    MessageSigner bindingSigner;
    boolean binding;

    private int responseStatus = NtStatus.STATUS_SUCCESS.code();
    private long responseSessionId;
    private int responseTreeId;
    private boolean signResponse;
    private Consumer<ByteBuf> onResponseWritten;
    private AsyncRequest async;
    /** Whether the request may go asynchronous where it stands in its chain ({@link #mayGoAsync()}). */
    private boolean mayGoAsync = true;
    /** The session whose key decrypted the TRANSFORM message this request came in, or null for a plain message. */
    private Session encryptedBy;
    /**
     * Set by the gate once the request passed every check that names its session (lookup in this connection's
     * table, signature, state): only then may a related request inherit that session ([MS-SMB2] 3.3.5.2.7.2).
     */
    boolean sessionAdmitted;
    private boolean failedLogon;
    private ResponseBudget responseBudget;
    private ResponseBody response;
    /** [MS-SMB2] 3.3.5.2.10: whether the request's open was checked, and the open that counts it, if any. */
    private boolean sequenceChecked;
    private Open sequencedOpen;
    private int sequence;
    /** Set when this request's file I/O may run on the I/O pool ({@link IoPipeline}); then what it handed over. */
    private boolean mayPipeline;
    private PipelinedRequest pipelined;

    RequestContext(Connection connection, Smb2Header header, ByteBuf message, CompoundState compound) {
        this.connection = connection;
        this.header = header;
        this.message = message;
        this.compound = compound;
        this.responseSessionId = header.sessionId();
        this.responseTreeId = header.treeId();
        if (!header.hasFlag(Smb2Header.FLAG_RELATED_OPERATIONS)) {
            // An unrelated request starts a new chain: FileId ANY refers only to what this request itself opens.
            compound.fileId(null);
        }
    }

    public Connection connection() {
        return connection;
    }

    public Smb2Header header() {
        return header;
    }

    /** The request message, header at index 0 of the slice. Borrowed: valid until the handler returns. */
    public ByteBuf message() {
        return message;
    }

    public CompoundState compound() {
        return compound;
    }

    /** The session the gate found, or null for commands that do not need one. */
    public Session session() {
        return session;
    }

    public TreeConnect tree() {
        return tree;
    }

    /** Sets a success or warning status that still carries a normal response body (e.g. MORE_PROCESSING_REQUIRED). */
    public void responseStatus(NtStatus status) {
        this.responseStatus = status.code();
    }

    int responseStatus() {
        return responseStatus;
    }

    void responseStatusCode(int code) {
        this.responseStatus = code;
    }

    public void responseSessionId(long id) {
        this.responseSessionId = id;
    }

    long responseSessionId() {
        return responseSessionId;
    }

    public void responseTreeId(int id) {
        this.responseTreeId = id;
    }

    int responseTreeId() {
        return responseTreeId;
    }

    /** Asks for the response to be signed even though the request was not (the final SESSION_SETUP response). */
    public void signResponse() {
        this.signResponse = true;
    }

    boolean signResponseRequested() {
        return signResponse;
    }

    /** Runs with the final response bytes (signed, as on the wire) once written: the preauth integrity hash. */
    public void onResponseWritten(Consumer<ByteBuf> hook) {
        this.onResponseWritten = hook;
    }

    Consumer<ByteBuf> responseHook() {
        return onResponseWritten;
    }

    /**
     * Marks the response as the answer to a failed NTLM or Kerberos logon: it goes out after the client address's
     * failed-logon delay ({@link io.signet.server.limits.LogonThrottle}).
     */
    public void failedLogon() {
        this.failedLogon = true;
    }

    boolean isFailedLogon() {
        return failedLogon;
    }

    /**
     * Turns this request asynchronous: the server answers STATUS_PENDING now and the returned handle sends the final
     * response later ([MS-SMB2] 3.3.4.2). The handler writes no body.
     */
    public AsyncRequest goAsync() {
        async = connection.asyncRequests().start(this);
        return async;
    }

    AsyncRequest async() {
        return async;
    }

    /**
     * [MS-SMB2] 3.3.5.2.7: false for a request in the middle of a compound chain that does not wait on a break: were it
     * to go asynchronous it would be taken back and answered STATUS_INTERNAL_ERROR (CompoundLoop). A handler that
     * can fail it before it starts waiting does so, leaving nothing to take back.
     */
    public boolean mayGoAsync() {
        return mayGoAsync;
    }

    void mayGoAsync(boolean may) {
        this.mayGoAsync = may;
    }

    /**
     * The handler went asynchronous ({@link #goAsync}) but, before it returned, found it need not wait after all, or
     * failed: the request is answered by the handler now, as if it never went asynchronous. Its async request leaves
     * the connection's list unanswered, so that no final response goes out before (or besides) this one, and no
     * interim response after it.
     */
    public void stayedSynchronous() {
        if (async != null && connection.asyncRequests().withdraw(async)) {
            async = null;
        }
    }

    /** The request does not go asynchronous after all: {@link AsyncRequests#withdraw} took it back. */
    void takeBackAsync() {
        async = null;
    }

    /** True when the request arrived inside a TRANSFORM message that decrypted ([MS-SMB2] 3.3.5.2.1.1). */
    public boolean encrypted() {
        return encryptedBy != null;
    }

    /** The session whose key decrypted this request's TRANSFORM message, or null. */
    Session encryptedBy() {
        return encryptedBy;
    }

    void encryptedBy(Session s) {
        this.encryptedBy = s;
    }

    void responseBudget(ResponseBudget budget) {
        this.responseBudget = budget;
    }

    /** The response under construction, where {@link #runIo} has a READ or WRITE write its body. */
    void respondsInto(ResponseBody response) {
        this.response = response;
    }

    /**
     * Claims room in the response frame for a body carrying {@code dataBytes} of data (a READ's data, an output
     * buffer) before the handler allocates or writes it: the responses of a compound chain share one frame
     * ({@link ResponseBudget}).
     *
     * @throws SmbException STATUS_INVALID_PARAMETER when the frame cannot take it ([MS-SMB2] 3.3.5.2.7: the rest of
     *                      the chain is still processed)
     */
    public void reserveResponse(long dataBytes) {
        if (responseBudget != null) {
            responseBudget.reserve(dataBytes);
        }
    }

    /**
     * True when this is a binding SESSION_SETUP for a session of another connection, which the gate found in the
     * GlobalSessionTable; {@link #session()} is that session.
     */
    public boolean binding() {
        return binding;
    }

    /** True when the binding request was signed and its signature verified with Session.SigningKey. */
    public boolean bindingSigned() {
        return bindingSigner != null;
    }

    /**
     * Makes {@code s}, a session SESSION_SETUP just created in this connection's table (or the one the gate admitted),
     * the one the response is signed with and the one a related request of the same compound may use.
     */
    public void bindSession(Session s) {
        this.session = s;
        this.responseSessionId = s.id();
        this.sessionAdmitted = true;
    }

    /**
     * [MS-SMB2] 3.3.5.2.5 Verifying the Credit Charge and the Payload Size: a request moving {@code payload} bytes
     * must have paid one credit per started 64 KiB (multi-credit requests exist only with CAP_LARGE_MTU).
     */
    public void checkCreditCharge(long payload) {
        int charge = Math.max(1, header.creditCharge());
        boolean largeMtu = (connection.negotiated().serverCapabilities() & 0x04) != 0;
        long limit = largeMtu ? ServerContext.MAX_IO : ServerContext.SMB2_02_MAX_IO;
        if (payload > limit) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "payload " + payload + " exceeds " + limit);
        }
        long needed = payload <= 0 ? 1 : (payload - 1) / 65536 + 1;
        if (largeMtu && charge < needed) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                    "credit charge " + charge + " too small for " + payload + " bytes");
        }
    }

    /**
     * Resolves a request's FileId to an open of a file or directory of this tree connect; an open of a named pipe
     * cannot do what the command asks (STATUS_INVALID_DEVICE_REQUEST).
     */
    public Open open(FileId id) {
        Open open = anyOpen(id);
        if (open.isPipe()) {
            throw new SmbException(NtStatus.STATUS_INVALID_DEVICE_REQUEST, "not supported on a named pipe");
        }
        return open;
    }

    /**
     * Resolves a request's FileId to an open of this tree connect, file or pipe; FileId ANY in a related compound
     * request means the open the previous request created or used ([MS-SMB2] 3.3.5.2.7.2).
     */
    public Open anyOpen(FileId id) {
        FileId effective = id;
        if (id.isAny() && header.hasFlag(Smb2Header.FLAG_RELATED_OPERATIONS)) {
            effective = compound.fileId();
            if (effective == null) {
                NtStatus inherited = compound.createFailure != 0 ? NtStatus.fromCode(compound.createFailure) : null;
                throw new SmbException(inherited != null ? inherited : NtStatus.STATUS_FILE_CLOSED,
                        "related request without a previous FileId");
            }
        }
        Open open = session.open(effective);
        if (open == null || open.tree() != tree) {
            throw new SmbException(NtStatus.STATUS_FILE_CLOSED);
        }
        compound.fileId(effective);
        open.used();
        checkChannelSequence(open);
        return open;
    }

    /**
     * [MS-SMB2] 3.3.5.2.10 Verifying the Channel Sequence Number, for the open a 3.x request names (the first it
     * resolves): a stale WRITE, SET_INFO or IOCTL, or a replay of one that could overtake requests in flight from
     * before a channel failure, is refused with STATUS_FILE_NOT_AVAILABLE.
     */
    private void checkChannelSequence(Open open) {
        if (sequenceChecked || !connection.negotiated().dialect().isSmb3()) {
            return;
        }
        sequenceChecked = true;
        int sequence = header.status() & 0xFFFF; // ChannelSequence (2 bytes) of a 3.x request
        if (open.channelSequence().admit(sequence, header.hasFlag(Smb2Header.FLAG_REPLAY_OPERATION))) {
            sequencedOpen = open;
            this.sequence = sequence;
        } else if (header.command() == Smb2Command.WRITE || header.command() == Smb2Command.SET_INFO
                || header.command() == Smb2Command.IOCTL) {
            throw new SmbException(NtStatus.STATUS_FILE_NOT_AVAILABLE, "stale ChannelSequence " + sequence);
        }
    }

    /**
     * Runs the file I/O of a READ or WRITE, which writes the response body: here and now, or, when the
     * request came alone in its message, on an I/O thread while this connection goes on with its next requests
     * ({@link IoPipeline}); the handler has done its checks and returns right after. {@code work} must use only
     * what is safe on another thread ({@link IoWork}).
     *
     * @param offset where the I/O starts in the file (negative: at its end)
     * @param length the bytes it reads or writes
     */
    public void runIo(Open open, long offset, long length, boolean write, IoWork work) {
        if (mayPipeline) {
            pipelined = new PipelinedRequest(this, open, offset, length, write, work);
            return;
        }
        work.run(response);
    }

    void mayPipeline() {
        this.mayPipeline = true;
    }

    /** The request's I/O waiting to be handed to the I/O pool, or null. */
    PipelinedRequest pipelined() {
        return pipelined;
    }

    /** The request is answered: its open no longer counts it as outstanding ([MS-SMB2] 3.3.4.1). */
    void answered() {
        Open open = sequencedOpen;
        if (open != null) {
            sequencedOpen = null;
            open.channelSequence().completed(sequence);
        }
    }
}

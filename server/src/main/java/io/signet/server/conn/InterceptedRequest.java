package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.signet.auth.AuthenticatedUser;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.ChangeNotifyRequest;
import io.signet.protocol.smb2.message.CloseRequest;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.smb2.message.FlushRequest;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.smb2.message.LockRequest;
import io.signet.protocol.smb2.message.OplockBreak;
import io.signet.protocol.smb2.message.QueryDirectoryRequest;
import io.signet.protocol.smb2.message.QueryInfoRequest;
import io.signet.protocol.smb2.message.ReadRequest;
import io.signet.protocol.smb2.message.ReadResponse;
import io.signet.protocol.smb2.message.SetInfoRequest;
import io.signet.protocol.smb2.message.WriteRequest;
import io.signet.protocol.smb2.message.WriteResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.server.session.Session;
import io.signet.server.tree.Open;
import java.net.SocketAddress;

/**
 * What a {@link RequestInterceptor} sees of one admitted request: its command, user, share and share-relative path,
 * and once answered its status and the bytes it moved. Made only when an interceptor is set. The path is read before
 * the handler runs (a CLOSE still finds its open); a request the interceptor cannot place has a null path.
 */
public final class InterceptedRequest {
    private final Smb2Command command;
    private final long messageId;
    private final SocketAddress client;
    private final String user;
    private final String share;
    private final String path;
    private int status = NtStatus.STATUS_SUCCESS.code();
    private long bytesRead;
    private long bytesWritten;

    InterceptedRequest(RequestContext ctx) {
        Smb2Header header = ctx.header();
        this.command = header.command();
        this.messageId = header.messageId();
        this.client = ctx.connection().channel().remoteAddress();
        Session session = ctx.session();
        AuthenticatedUser u = session == null ? null : session.user();
        this.user = u == null ? null : u.name();
        this.share = ctx.tree() == null ? null : ctx.tree().shareName();
        this.path = ctx.tree() == null ? null : pathOf(ctx);
    }

    public Smb2Command command() {
        return command;
    }

    public long messageId() {
        return messageId;
    }

    public SocketAddress client() {
        return client;
    }

    /** The session's user name; null before a logon completed (NEGOTIATE, SESSION_SETUP). */
    public String user() {
        return user;
    }

    /** The share of the request's tree connect; null for requests outside one. */
    public String share() {
        return share;
    }

    /**
     * The share-relative path, '\' separated and without a leading '\' ("" for the share's root): the name a
     * CREATE asks for, or the file of the open a file command names by its FileId. Null for other commands and for a
     * FileId that names no open.
     */
    public String path() {
        return path;
    }

    /** The response's NTSTATUS code; meaningful in {@link RequestInterceptor#after}. */
    public int status() {
        return status;
    }

    /** Bytes a successful READ returned. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Bytes a successful WRITE wrote. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Records the answer; {@code response} holds the response message, header at its reader index. */
    void answered(int responseStatus, ByteBuf response) {
        this.status = responseStatus;
        if (responseStatus != NtStatus.STATUS_SUCCESS.code()) {
            return;
        }
        if (command == Smb2Command.READ) {
            bytesRead = ReadResponse.decode(response).data().readableBytes();
        } else if (command == Smb2Command.WRITE) {
            bytesWritten = WriteResponse.decode(response).count();
        }
    }

    private static String pathOf(RequestContext ctx) {
        ByteBuf msg = ctx.message();
        try {
            if (ctx.header().command() == Smb2Command.CREATE) {
                String name = CreateRequest.decode(msg).name();
                return name.startsWith("\\") ? name.substring(1) : name;
            }
            FileId id = fileIdOf(ctx.header().command(), msg);
            if (id == null) {
                return null;
            }
            if (id.isAny() && ctx.header().hasFlag(Smb2Header.FLAG_RELATED_OPERATIONS)) {
                id = ctx.compound().fileId();
            }
            Open open = id == null || ctx.session() == null ? null : ctx.session().open(id);
            return open == null || open.handle() == null ? null : open.handle().smbPath();
        } catch (RuntimeException malformed) {
            // The handler answers a malformed request; the interceptor just cannot name its file.
            return null;
        }
    }

    /** The FileId of the commands that carry one ([MS-SMB2] 2.2.14 to 2.2.40), decoded by their records. */
    private static FileId fileIdOf(Smb2Command command, ByteBuf msg) {
        return switch (command) {
            case CLOSE -> CloseRequest.decode(msg).fileId();
            case FLUSH -> FlushRequest.decode(msg).fileId();
            case READ -> ReadRequest.decode(msg).fileId();
            case WRITE -> WriteRequest.decode(msg).fileId();
            case LOCK -> LockRequest.decode(msg).fileId();
            case IOCTL -> IoctlRequest.decode(msg).fileId();
            case QUERY_DIRECTORY -> QueryDirectoryRequest.decode(msg).fileId();
            case CHANGE_NOTIFY -> ChangeNotifyRequest.decode(msg).fileId();
            case QUERY_INFO -> QueryInfoRequest.decode(msg).fileId();
            case SET_INFO -> SetInfoRequest.decode(msg).fileId();
            case OPLOCK_BREAK -> OplockBreak.decode(msg).fileId();
            default -> null;
        };
    }

    @Override
    public String toString() {
        return command + " " + (share == null ? "" : share + ":") + (path == null ? "" : path) + " user=" + user
                + " status=0x" + Integer.toHexString(status);
    }
}

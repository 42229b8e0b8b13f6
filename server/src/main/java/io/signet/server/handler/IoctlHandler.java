package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.message.CtlCode;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.smb2.message.IoctlResponse;
import io.signet.protocol.smb2.message.NegotiateResponse;
import io.signet.protocol.smb2.message.NetworkInterfaceInfo;
import io.signet.protocol.smb2.message.ValidateNegotiateInfoRequest;
import io.signet.protocol.smb2.message.ValidateNegotiateInfoResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.ServerContext;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.Connection;
import io.signet.server.conn.Disconnect;
import io.signet.server.conn.RequestContext;
import io.signet.server.copy.CopyChunkResponse;
import io.signet.server.copy.ResumeKeyResponse;
import io.signet.server.copy.ResumeKeyTable;
import io.signet.server.copy.ServerSideCopy;
import io.signet.server.notify.ChangeNotifier;
import io.signet.server.session.Session;
import io.signet.server.tree.Open;
import io.signet.storage.lock.ByteRangeLocks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * [MS-SMB2] 3.3.5.15 Receiving an SMB2 IOCTL Request. Implemented: FSCTL_VALIDATE_NEGOTIATE_INFO,
 * FSCTL_QUERY_NETWORK_INTERFACE_INFO, FSCTL_PIPE_TRANSCEIVE, FSCTL_CREATE_OR_GET_OBJECT_ID, server-side copy
 * (FSCTL_SRV_REQUEST_RESUME_KEY, FSCTL_SRV_COPYCHUNK, FSCTL_SRV_COPYCHUNK_WRITE), sparse files (FSCTL_SET_SPARSE,
 * FSCTL_SET_ZERO_DATA, FSCTL_QUERY_ALLOCATED_RANGES; {@link SparseFileControls}) and compression state
 * ({@link CompressionControls}: nothing is compressed). DFS referrals are refused as a server without DFS does,
 * reparse point controls as a volume without reparse points does; any other control is refused with
 * STATUS_INVALID_DEVICE_REQUEST.
 */
final class IoctlHandler implements CommandHandler {
    private static final int OBJECT_ID_BUFFER_SIZE = 64;
    private final ServerContext server;
    private final ResumeKeyTable resumeKeys = new ResumeKeyTable();
    private final ServerSideCopy serverSideCopy = new ServerSideCopy(IoRange::checkWrite);
    private final SparseFileControls sparseFiles;

    IoctlHandler(ServerContext server) {
        this.server = server;
        this.sparseFiles = new SparseFileControls(server.notifier(), server.byteRangeLocks());
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        IoctlRequest req = IoctlRequest.decode(ctx.message());
        ctx.checkCreditCharge(Math.max(req.input().readableBytes() + (long) req.output().readableBytes(),
                req.maxInputResponse() + req.maxOutputResponse()));
        if (!req.isFsctl()) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "device IOCTL " + Integer.toHexString(req.ctlCode()));
        }
        // Every control writes at most MaxOutputResponse bytes (capped at MaxTransactSize); claimed before it runs.
        ctx.reserveResponse(Math.min(req.maxOutputResponse(), ServerContext.MAX_IO));
        switch (req.ctlCode()) {
            case CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO -> validateNegotiate(ctx, req, out);
            case CtlCode.FSCTL_QUERY_NETWORK_INTERFACE_INFO -> networkInterfaces(ctx, req, out);
            case CtlCode.FSCTL_CREATE_OR_GET_OBJECT_ID -> objectId(ctx, req, out);
            case CtlCode.FSCTL_PIPE_TRANSCEIVE -> transceive(ctx, req, out);
            case CtlCode.FSCTL_SRV_REQUEST_RESUME_KEY -> resumeKey(ctx, req, out);
            case CtlCode.FSCTL_SRV_COPYCHUNK, CtlCode.FSCTL_SRV_COPYCHUNK_WRITE -> copyChunk(ctx, req, out);
            case CtlCode.FSCTL_SET_SPARSE -> sparseFiles.setSparse(ctx, req, out);
            case CtlCode.FSCTL_SET_ZERO_DATA -> sparseFiles.setZeroData(ctx, req, out);
            case CtlCode.FSCTL_QUERY_ALLOCATED_RANGES -> sparseFiles.queryAllocatedRanges(ctx, req, out);
            case CtlCode.FSCTL_GET_COMPRESSION -> CompressionControls.get(ctx, req, out);
            case CtlCode.FSCTL_SET_COMPRESSION -> CompressionControls.set(ctx, req, out);
            case CtlCode.FSCTL_GET_REPARSE_POINT, CtlCode.FSCTL_SET_REPARSE_POINT,
                    CtlCode.FSCTL_DELETE_REPARSE_POINT -> refuseReparsePoint(ctx, req);
            case CtlCode.FSCTL_DFS_GET_REFERRALS, CtlCode.FSCTL_DFS_GET_REFERRALS_EX ->
                    throw new SmbException(NtStatus.STATUS_FS_DRIVER_REQUIRED, "no DFS");
            default -> throw new SmbException(NtStatus.STATUS_INVALID_DEVICE_REQUEST,
                    "FSCTL 0x" + Integer.toHexString(req.ctlCode()));
        }
    }

    /**
     * [MS-FSA] 2.1.5.10.14 FSCTL_GET_REPARSE_POINT, 2.1.5.10.37 FSCTL_SET_REPARSE_POINT and 2.1.5.10.3
     * FSCTL_DELETE_REPARSE_POINT, on a volume whose IsReparsePointsSupported is FALSE: Signet presents no file as a
     * reparse point (a symbolic link inside the share is followed, one leading out of it refused) and keeps none, so
     * FileFsAttributeInformation does not claim FILE_SUPPORTS_REPARSE_POINTS, and all three answer
     * STATUS_VOLUME_NOT_UPGRADED as [MS-FSA] has such a volume answer. (NTFS answers STATUS_NOT_A_REPARSE_POINT for a
     * plain file only because its volumes do support them.) SET and DELETE first check, as [MS-FSA] does, that the
     * open may write data or attributes; a read-only share grants neither, so it refuses them there.
     */
    private static void refuseReparsePoint(RequestContext ctx, IoctlRequest req) {
        Open open = ctx.open(req.fileId());
        if (req.ctlCode() != CtlCode.FSCTL_GET_REPARSE_POINT) {
            FsctlAccess.requireDataOrAttributeWrite(open, "a reparse point");
        }
        throw new SmbException(NtStatus.STATUS_VOLUME_NOT_UPGRADED, "the share has no reparse points");
    }

    /**
     * [MS-SMB2] 3.3.5.15.5 FSCTL_SRV_REQUEST_RESUME_KEY: the key ([MS-SMB2] 2.2.32.3) a later copy names this open by
     * as its source.
     */
    private void resumeKey(RequestContext ctx, IoctlRequest req, ByteBuf out) {
        Open open = ctx.open(req.fileId());
        if (req.maxOutputResponse() < ResumeKeyResponse.SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "SRV_REQUEST_RESUME_KEY needs 32 bytes");
        }
        ByteBuf body = Unpooled.buffer(ResumeKeyResponse.SIZE);
        new ResumeKeyResponse(resumeKeys.keyFor(ctx.session(), open)).encode(body);
        new IoctlResponse(req.ctlCode(), req.fileId(), body).encode(out);
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
    private void copyChunk(RequestContext ctx, IoctlRequest req, ByteBuf out) {
        Open target = ctx.open(req.fileId());
        if (req.maxOutputResponse() < CopyChunkResponse.SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "SRV_COPYCHUNK_RESPONSE needs 12 bytes");
        }
        boolean writeOnly = req.ctlCode() == CtlCode.FSCTL_SRV_COPYCHUNK_WRITE;
        ServerSideCopy.Result result = serverSideCopy.copy(req.input(), writeOnly, side(target, true),
                key -> sourceSide(ctx, key));
        if (result.response().totalBytesWritten() > 0) {
            server.notifier().changed(target.handle().path(), ChangeNotifier.SIZE);
        }
        ByteBuf body = Unpooled.buffer(CopyChunkResponse.SIZE);
        result.response().encode(body);
        new IoctlResponse(req.ctlCode(), req.fileId(), body).encode(out);
        ctx.responseStatus(result.status());
    }

    /** One side of a copy: the open's handle, checked against the other opens' byte-range locks like READ or WRITE. */
    private ServerSideCopy.Side side(Open open, boolean write) {
        ByteRangeLocks locks = server.byteRangeLocks();
        return new ServerSideCopy.Side(open.handle(), (offset, length) -> open.oplockKey() == null
                || (write ? locks.canWrite(open.oplockKey(), open, offset, length)
                        : locks.canRead(open.oplockKey(), open, offset, length)));
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
        return side(source.open(), false);
    }

    /**
     * [MS-SMB2] 3.3.5.15.8 FSCTL_PIPE_TRANSCEIVE: writes the input to the pipe and answers with what it returns, in
     * one round trip (how clients make DCE/RPC calls).
     */
    private static void transceive(RequestContext ctx, IoctlRequest req, ByteBuf out) {
        Open open = ctx.anyOpen(req.fileId());
        if (!open.isPipe()) {
            throw new SmbException(NtStatus.STATUS_INVALID_DEVICE_REQUEST, "FSCTL_PIPE_TRANSCEIVE on a file");
        }
        PipeIo.write(open.pipe(), req.input().duplicate());
        int max = (int) Math.min(req.maxOutputResponse(), ServerContext.MAX_IO);
        ByteBuf reply = PipeIo.read(ctx, open.pipe(), max, ctx.connection().channel().alloc());
        try {
            new IoctlResponse(req.ctlCode(), req.fileId(), reply).encode(out);
        } finally {
            reply.release();
        }
    }

    /**
     * [MS-FSCC] 2.3.7 FSCTL_CREATE_OR_GET_OBJECT_ID: the FILE_OBJECTID_BUFFER (2.1.3.1) of the open file. Object ids
     * are not stored; each is derived from the file's stable id and the volume serial number, so it is unique on the
     * share and the same for the file's whole life, which is what clients rely on.
     */
    private static void objectId(RequestContext ctx, IoctlRequest req, ByteBuf out) {
        Open open = ctx.open(req.fileId());
        if (open.tree().isIpc()) {
            throw new SmbException(NtStatus.STATUS_INVALID_DEVICE_REQUEST, "object id on a pipe");
        }
        if (req.maxOutputResponse() < OBJECT_ID_BUFFER_SIZE) {
            throw new SmbException(NtStatus.STATUS_BUFFER_TOO_SMALL, "FILE_OBJECTID_BUFFER needs 64 bytes");
        }
        long fileId = open.handle().metadata().stat().fileId();
        int serial = open.tree().fileSystem().volumeSerial();
        ByteBuf body = Unpooled.buffer(OBJECT_ID_BUFFER_SIZE);
        body.writeLongLE(fileId);          // ObjectId (16 bytes): the file id ...
        body.writeIntLE(serial);           // ... and the volume serial number
        body.writeIntLE(0);
        body.writeIntLE(serial);           // BirthVolumeId (16 bytes)
        body.writeZero(12);
        body.writeLongLE(fileId);          // BirthObjectId (16 bytes): the same as ObjectId
        body.writeIntLE(serial);
        body.writeIntLE(0);
        body.writeZero(16);                // DomainId (16 bytes): unused
        new IoctlResponse(req.ctlCode(), req.fileId(), body).encode(out);
    }

    /**
     * [MS-SMB2] 3.3.5.15.11 FSCTL_QUERY_NETWORK_INTERFACE_INFO: the server's addresses a multichannel client may open
     * further channels to, as a chain of NETWORK_INTERFACE_INFO ([MS-SMB2] 2.2.32.5). The control names no open, so
     * its FileId (all ones from clients, 3.2.4.20.10) is not looked up. Without multichannel on this connection the
     * request is STATUS_NOT_SUPPORTED; a MaxOutputResponse that cannot hold the whole list is
     * STATUS_BUFFER_TOO_SMALL.
     */
    private void networkInterfaces(RequestContext ctx, IoctlRequest req, ByteBuf out) {
        Connection conn = ctx.connection();
        if (!conn.dialect().isSmb3() || (conn.serverCapabilities() & NegotiateResponse.CAP_MULTI_CHANNEL) == 0) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "multichannel is not offered on this connection");
        }
        InetAddress local = conn.channel().localAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        List<NetworkInterfaceInfo> entries = server.interfaces().list(local);
        long size = (long) entries.size() * NetworkInterfaceInfo.SIZE;
        if (req.maxOutputResponse() < size) {
            throw new SmbException(NtStatus.STATUS_BUFFER_TOO_SMALL,
                    entries.size() + " interfaces need " + size + " bytes");
        }
        ByteBuf body = Unpooled.buffer((int) size);
        NetworkInterfaceInfo.encodeAll(entries, body);
        new IoctlResponse(req.ctlCode(), req.fileId(), body).encode(out);
    }

    /**
     * [MS-SMB2] 3.3.5.15.12: the client proves its NEGOTIATE was not tampered with. Any mismatch ends the
     * connection; so does the request on a 3.1.1 connection, which preauth integrity protects instead.
     */
    private void validateNegotiate(RequestContext ctx, IoctlRequest req, ByteBuf out) {
        Connection conn = ctx.connection();
        if (conn.dialect() == Dialect.SMB3_1_1) {
            throw new Disconnect("FSCTL_VALIDATE_NEGOTIATE_INFO on a 3.1.1 connection");
        }
        if (req.maxOutputResponse() < ValidateNegotiateInfoResponse.SIZE) {
            throw new Disconnect("VALIDATE_NEGOTIATE_INFO MaxOutputResponse too small");
        }
        ValidateNegotiateInfoRequest v = ValidateNegotiateInfoRequest.decode(req.input());
        Dialect common = NegotiateHandler.highestCommon(v.dialects());
        if (common != conn.dialect()
                || !Arrays.equals(v.guid(), conn.clientGuid())
                || v.securityMode() != conn.clientSecurityMode()
                || v.capabilities() != conn.clientCapabilities()) {
            throw new Disconnect("VALIDATE_NEGOTIATE_INFO does not match the NEGOTIATE");
        }
        ByteBuf body = Unpooled.buffer(ValidateNegotiateInfoResponse.SIZE);
        new ValidateNegotiateInfoResponse(conn.serverCapabilities(), server.serverGuid(), conn.serverSecurityMode(),
                conn.dialect().code()).encode(body);
        new IoctlResponse(req.ctlCode(), req.fileId(), body).encode(out);
    }
}

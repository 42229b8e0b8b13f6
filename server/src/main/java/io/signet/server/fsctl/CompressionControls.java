package io.signet.server.fsctl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.protocol.smb2.message.IoctlResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.RequestContext;
import io.signet.server.tree.Open;

/**
 * FSCTL_GET_COMPRESSION and FSCTL_SET_COMPRESSION ([MS-FSCC] 2.3.18, 2.3.67) on a share that compresses nothing
 * (FileFsAttributeInformation does not claim FILE_FILE_COMPRESSION). Windows Server 2016 answers such a volume's
 * files as Signet does (smbtorture smb2.ioctl.compress_notsup_get/_set record it): every file reads as
 * COMPRESSION_FORMAT_NONE, asking for NONE succeeds, asking for compression is STATUS_NOT_SUPPORTED. (For an NTFS
 * volume with compression disabled [MS-FSA] 2.1.5.10.30 gives STATUS_COMPRESSION_DISABLED; clients treat both as
 * "cannot compress here", and the volume-without-compression answer is the one that describes Signet.)
 */
public final class CompressionControls {
    /** [MS-FSCC] 2.3.69: CompressionState values. */
    static final int COMPRESSION_FORMAT_NONE = 0x0000;
    static final int COMPRESSION_FORMAT_DEFAULT = 0x0001;
    static final int COMPRESSION_FORMAT_LZNT1 = 0x0002;
    private static final int STATE_SIZE = 2;

    private CompressionControls() {
    }

    /** [MS-FSA] 2.1.5.10.9: the USHORT CompressionState; an output buffer too small for it is refused. */
    public static void get(RequestContext ctx, IoctlRequest req, ByteBuf out) {
        ctx.open(req.fileId());
        if (req.maxOutputResponse() < STATE_SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "COMPRESSION_STATE needs 2 bytes");
        }
        ByteBuf state = Unpooled.buffer(STATE_SIZE).writeShortLE(COMPRESSION_FORMAT_NONE);
        new IoctlResponse(req.ctlCode(), req.fileId(), state).encode(out);
    }

    /**
     * [MS-FSA] 2.1.5.10.30: the input must hold a known CompressionState and the open must be allowed to change the
     * file's data or attributes; then NONE is what every file already is, and anything else cannot be done here.
     */
    public static void set(RequestContext ctx, IoctlRequest req, ByteBuf out) {
        Open open = ctx.open(req.fileId());
        ByteBuf in = req.input();
        if (in.readableBytes() < STATE_SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "COMPRESSION_STATE needs 2 bytes");
        }
        int state = in.getUnsignedShortLE(in.readerIndex());
        if (state != COMPRESSION_FORMAT_NONE && state != COMPRESSION_FORMAT_DEFAULT
                && state != COMPRESSION_FORMAT_LZNT1) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "unknown compression state " + state);
        }
        FsctlAccess.requireDataOrAttributeWrite(open, "compression");
        if (state != COMPRESSION_FORMAT_NONE) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "the share does not compress files");
        }
        new IoctlResponse(req.ctlCode(), req.fileId(), Unpooled.EMPTY_BUFFER).encode(out);
    }
}

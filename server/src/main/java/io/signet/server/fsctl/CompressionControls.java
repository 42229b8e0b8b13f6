package io.signet.server.fsctl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fsctl.CompressionState;
import io.signet.protocol.smb2.message.IoctlRequest;
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
final class CompressionControls {
    private CompressionControls() {
    }

    /** [MS-FSA] 2.1.5.10.9: the USHORT CompressionState; an output buffer too small for it is refused. */
    static ByteBuf get(RequestContext ctx, IoctlRequest req) {
        ctx.open(req.fileId());
        if (req.maxOutputResponse() < CompressionState.SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "COMPRESSION_STATE needs 2 bytes");
        }
        ByteBuf state = Unpooled.buffer(CompressionState.SIZE);
        new CompressionState(CompressionState.COMPRESSION_FORMAT_NONE).encode(state);
        return state;
    }

    /**
     * [MS-FSA] 2.1.5.10.30: the input must hold a known CompressionState and the open must be allowed to change the
     * file's data or attributes; then NONE is what every file already is, and anything else cannot be done here.
     */
    static ByteBuf set(RequestContext ctx, IoctlRequest req) {
        Open open = ctx.open(req.fileId());
        CompressionState state = CompressionState.decode(req.input());
        if (!state.isKnown()) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "unknown compression state " + state.format());
        }
        FsctlAccess.requireDataOrAttributeWrite(open, "compression");
        if (state.format() != CompressionState.COMPRESSION_FORMAT_NONE) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "the share does not compress files");
        }
        return Unpooled.EMPTY_BUFFER;
    }
}

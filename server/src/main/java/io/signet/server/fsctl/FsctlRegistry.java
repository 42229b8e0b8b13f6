package io.signet.server.fsctl;

import io.signet.protocol.fsctl.CtlCode;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.context.ServerContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The file system controls this server implements, one handler per control code. A control without one is refused
 * with STATUS_INVALID_DEVICE_REQUEST, as Windows refuses a control its file system does not know.
 */
public final class FsctlRegistry {
    private final Map<Integer, FsctlHandler> handlers;

    public FsctlRegistry(Map<Integer, FsctlHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    /** The server's controls: to add one, add its handler here. */
    public static FsctlRegistry standard(ServerContext server) {
        SparseFileControls sparseFiles = new SparseFileControls(server.notifier(), server.byteRangeLocks());
        ServerSideCopyControls copy = new ServerSideCopyControls(server.notifier(), server.byteRangeLocks());
        Map<Integer, FsctlHandler> m = new HashMap<>();
        m.put(CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO, new ValidateNegotiateControl(server));
        m.put(CtlCode.FSCTL_QUERY_NETWORK_INTERFACE_INFO, new NetworkInterfacesControl(server.interfaces()));
        m.put(CtlCode.FSCTL_CREATE_OR_GET_OBJECT_ID, new ObjectIdControl());
        m.put(CtlCode.FSCTL_PIPE_TRANSCEIVE, new PipeTransceiveControl());
        m.put(CtlCode.FSCTL_SRV_REQUEST_RESUME_KEY, copy::resumeKey);
        m.put(CtlCode.FSCTL_SRV_COPYCHUNK, copy::copyChunk);
        m.put(CtlCode.FSCTL_SRV_COPYCHUNK_WRITE, copy::copyChunk);
        m.put(CtlCode.FSCTL_SET_SPARSE, sparseFiles::setSparse);
        m.put(CtlCode.FSCTL_SET_ZERO_DATA, sparseFiles::setZeroData);
        m.put(CtlCode.FSCTL_QUERY_ALLOCATED_RANGES, sparseFiles::queryAllocatedRanges);
        m.put(CtlCode.FSCTL_GET_COMPRESSION, CompressionControls::get);
        m.put(CtlCode.FSCTL_SET_COMPRESSION, CompressionControls::set);
        m.put(CtlCode.FSCTL_GET_REPARSE_POINT, ReparsePointControls::refuse);
        m.put(CtlCode.FSCTL_SET_REPARSE_POINT, ReparsePointControls::refuse);
        m.put(CtlCode.FSCTL_DELETE_REPARSE_POINT, ReparsePointControls::refuse);
        m.put(CtlCode.FSCTL_DFS_GET_REFERRALS, DfsReferralControls::refuse);
        m.put(CtlCode.FSCTL_DFS_GET_REFERRALS_EX, DfsReferralControls::refuse);
        return new FsctlRegistry(m);
    }

    /** @throws SmbException STATUS_INVALID_DEVICE_REQUEST for a control without a handler */
    public FsctlHandler handler(int ctlCode) {
        FsctlHandler h = handlers.get(ctlCode);
        if (h == null) {
            throw new SmbException(NtStatus.STATUS_INVALID_DEVICE_REQUEST, "FSCTL 0x" + Integer.toHexString(ctlCode));
        }
        return h;
    }
}

package io.signet.protocol.rpc.endpoint;

import io.signet.protocol.rpc.CallContext;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.rpc.srvsvc.ShareDirectory;
import io.signet.protocol.rpc.srvsvc.SrvsvcInterface;
import io.signet.protocol.rpc.wkssvc.WkssvcInterface;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The named pipes Signet serves on IPC$ and the interface behind each: {@code srvsvc} ([MS-SRVS] 2.1) and
 * {@code wkssvc} ([MS-WKST] 2.1). An SMB2 CREATE on IPC$ names the pipe without the {@code \PIPE\} prefix
 * ([MS-SMB2] 3.3.5.9); a name not served here is the server's STATUS_OBJECT_NAME_NOT_FOUND.
 */
public final class PipeEndpoints {
    public static final String SRVSVC = "srvsvc";
    public static final String WKSSVC = "wkssvc";

    private final SrvsvcInterface srvsvc;
    private final WkssvcInterface wkssvc;

    /**
     * @param shares the shares and server description srvsvc and wkssvc report
     * @param workgroup the domain or workgroup name wkssvc reports
     */
    public PipeEndpoints(ShareDirectory shares, String workgroup) {
        Objects.requireNonNull(shares, "shares");
        this.srvsvc = new SrvsvcInterface(shares);
        this.wkssvc = new WkssvcInterface(shares::server, workgroup);
    }

    public Set<String> names() {
        return Set.of(SRVSVC, WKSSVC);
    }

    /** A new conversation for one open of {@code pipeName} (case-insensitive), or empty if no such pipe is served. */
    public Optional<RpcPipe> open(String pipeName, CallContext caller) {
        String name = pipeName.toLowerCase(Locale.ROOT);
        return switch (name) {
            case SRVSVC -> Optional.of(new RpcPipe(caller, SRVSVC, srvsvc));
            case WKSSVC -> Optional.of(new RpcPipe(caller, WKSSVC, wkssvc));
            default -> Optional.empty();
        };
    }
}

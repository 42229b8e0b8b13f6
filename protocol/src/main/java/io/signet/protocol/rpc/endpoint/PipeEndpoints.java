package io.signet.protocol.rpc.endpoint;

import io.signet.protocol.rpc.CallContext;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.rpc.lsarpc.LsaIdentity;
import io.signet.protocol.rpc.lsarpc.LsarpcInterface;
import io.signet.protocol.rpc.srvsvc.ShareDirectory;
import io.signet.protocol.rpc.srvsvc.SrvsvcInterface;
import io.signet.protocol.rpc.wkssvc.WkssvcInterface;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The named pipes Signet serves on IPC$ and the interface behind each: {@code srvsvc} ([MS-SRVS] 2.1),
 * {@code wkssvc} ([MS-WKST] 2.1) and, when the server's identity is given, {@code lsarpc} ([MS-LSAT] 2.1, [MS-LSAD]
 * 2.1), also opened under the alias {@code lsass}. An SMB2 CREATE on IPC$ names the pipe without the
 * {@code \PIPE\} prefix ([MS-SMB2] 3.3.5.9); a name not served here is the server's STATUS_OBJECT_NAME_NOT_FOUND.
 */
public final class PipeEndpoints {
    public static final String SRVSVC = "srvsvc";
    public static final String WKSSVC = "wkssvc";
    public static final String LSARPC = "lsarpc";
    /** The name the lsarpc endpoint also answers to; the bind_ack still names {@code \PIPE\lsarpc}. */
    public static final String LSASS = "lsass";

    private final SrvsvcInterface srvsvc;
    private final WkssvcInterface wkssvc;
    private final LsaIdentity lsaIdentity;

    /**
     * Serves srvsvc and wkssvc only.
     *
     * @param shares the shares and server description srvsvc and wkssvc report
     * @param workgroup the domain or workgroup name wkssvc reports
     */
    public PipeEndpoints(ShareDirectory shares, String workgroup) {
        this(shares, workgroup, null);
    }

    /**
     * @param shares the shares and server description srvsvc and wkssvc report
     * @param workgroup the domain or workgroup name wkssvc reports
     * @param lsaIdentity the names and machine SID lsarpc reports, or null to serve no lsarpc
     */
    public PipeEndpoints(ShareDirectory shares, String workgroup, LsaIdentity lsaIdentity) {
        Objects.requireNonNull(shares, "shares");
        this.srvsvc = new SrvsvcInterface(shares);
        this.wkssvc = new WkssvcInterface(shares::server, workgroup);
        this.lsaIdentity = lsaIdentity;
    }

    public Set<String> names() {
        return lsaIdentity == null ? Set.of(SRVSVC, WKSSVC) : Set.of(SRVSVC, WKSSVC, LSARPC, LSASS);
    }

    /** A new conversation for one open of {@code pipeName} (case-insensitive), or empty if no such pipe is served. */
    public Optional<RpcPipe> open(String pipeName, CallContext caller) {
        String name = pipeName.toLowerCase(Locale.ROOT);
        return switch (name) {
            case SRVSVC -> Optional.of(new RpcPipe(caller, SRVSVC, srvsvc));
            case WKSSVC -> Optional.of(new RpcPipe(caller, WKSSVC, wkssvc));
            // policy handles belong to one open, so each open gets its own interface
            case LSARPC, LSASS -> lsaIdentity == null ? Optional.empty()
                    : Optional.of(new RpcPipe(caller, LSARPC, new LsarpcInterface(lsaIdentity)));
            default -> Optional.empty();
        };
    }
}

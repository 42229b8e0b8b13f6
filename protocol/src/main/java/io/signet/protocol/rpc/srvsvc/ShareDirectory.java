package io.signet.protocol.rpc.srvsvc;

import io.signet.protocol.rpc.CallContext;

import java.util.List;
import java.util.Optional;

/** Where srvsvc gets its answers: the shares a caller may see and the server's own description. */
public interface ShareDirectory {
    /** Every share the caller may see, IPC$ included, in the order NetrShareEnum lists them. */
    List<ShareInfo> shares(CallContext caller);

    /** The share named {@code name} (case-insensitively, as Windows matches share names), if the caller may see it. */
    Optional<ShareInfo> share(String name, CallContext caller);

    ServerInfo server();
}

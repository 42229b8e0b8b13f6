package io.signet.protocol.rpc;

import io.signet.protocol.rpc.srvsvc.ServerInfo;
import io.signet.protocol.rpc.srvsvc.ShareDirectory;
import io.signet.protocol.rpc.srvsvc.ShareInfo;
import io.signet.protocol.rpc.srvsvc.SrvsvcInterface;
import io.signet.protocol.rpc.wkssvc.WkssvcInterface;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test helper: a share directory with IPC$, "data" and any number of numbered shares, and pipes serving it. */
public final class SampleInterfaces {
    public static final CallContext USER = new CallContext("alice", "WORKGROUP", false);
    public static final CallContext ADMIN = new CallContext("admin", "WORKGROUP", true);
    public static final ServerInfo SERVER = new ServerInfo("SIGNET", "Signet file server", ServerInfo.PLATFORM_ID_NT,
            10, 0, ServerInfo.SV_TYPE_WORKSTATION | ServerInfo.SV_TYPE_SERVER | ServerInfo.SV_TYPE_SERVER_NT);

    private SampleInterfaces() {
    }

    public static ShareDirectory directory(int numbered) {
        List<ShareInfo> shares = new ArrayList<>();
        shares.add(ShareInfo.of("IPC$", ShareInfo.STYPE_IPC, "IPC Service", null, ShareInfo.UNLIMITED, 1));
        shares.add(ShareInfo.of("data", ShareInfo.STYPE_DISKTREE, "Team data", "C:\\srv\\data", 10, 2));
        for (int i = 0; i < numbered; i++) {
            shares.add(ShareInfo.of(String.format("share%03d", i), ShareInfo.STYPE_DISKTREE, "Numbered share " + i,
                    "C:\\srv\\share" + i, ShareInfo.UNLIMITED, 0));
        }
        List<ShareInfo> all = List.copyOf(shares);
        return new ShareDirectory() {
            @Override
            public List<ShareInfo> shares(CallContext caller) {
                return all;
            }

            @Override
            public Optional<ShareInfo> share(String name, CallContext caller) {
                return all.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
            }

            @Override
            public ServerInfo server() {
                return SERVER;
            }
        };
    }

    public static RpcPipe srvsvcPipe() {
        return srvsvcPipe(USER, 0);
    }

    public static RpcPipe srvsvcPipe(CallContext caller, int numbered) {
        return new RpcPipe(caller, "srvsvc", new SrvsvcInterface(directory(numbered)));
    }

    public static RpcPipe wkssvcPipe() {
        return new RpcPipe(USER, "wkssvc", new WkssvcInterface(() -> SERVER, "WORKGROUP"));
    }
}

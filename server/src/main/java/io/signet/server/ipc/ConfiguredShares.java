package io.signet.server.ipc;

import io.signet.config.ServerConfig;
import io.signet.config.ShareConfig;
import io.signet.protocol.rpc.CallContext;
import io.signet.protocol.rpc.srvsvc.ServerInfo;
import io.signet.protocol.rpc.srvsvc.ShareDirectory;
import io.signet.protocol.rpc.srvsvc.ShareInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What srvsvc reports ([MS-SRVS] 3.1.4.8 NetrShareEnum, 3.1.4.10 NetrShareGetInfo): the configured disk shares and
 * IPC$. A share with {@code browseable = no} is left out of enumerations but can still be asked for by name, as with
 * Samba. With access-based enumeration (the default), a share whose {@code valid users} do not include the caller is
 * left out of enumerations too.
 */
public final class ConfiguredShares implements ShareDirectory {
    /** Windows reports SMB servers as platform NT, version 10.0. */
    private static final int VERSION_MAJOR = 10;
    private static final int VERSION_MINOR = 0;
    private static final String IPC = "IPC$";

    private final Supplier<ServerConfig> current;

    public ConfiguredShares(ServerConfig config) {
        this(() -> config);
    }

    /** @param current the configuration in force at each call: a reload changes the shares listed */
    public ConfiguredShares(Supplier<ServerConfig> current) {
        this.current = current;
    }

    @Override
    public List<ShareInfo> shares(CallContext caller) {
        ServerConfig config = current.get();
        List<ShareInfo> out = new ArrayList<>();
        for (ShareConfig s : config.shares()) {
            // The same rule as ShareAdmission: an anonymous or guest caller (no user name) may connect only to a
            // share with guest ok.
            boolean mayConnect = caller.userName().isEmpty() ? s.guestOk() : s.allows(caller.userName());
            boolean admitted = !config.accessBasedShareEnum() || mayConnect;
            if (s.browseable() && admitted) {
                out.add(info(s));
            }
        }
        out.add(ipc());
        return out;
    }

    @Override
    public Optional<ShareInfo> share(String name, CallContext caller) {
        if (IPC.equalsIgnoreCase(name)) {
            return Optional.of(ipc());
        }
        return current.get().share(name).map(ConfiguredShares::info);
    }

    @Override
    public ServerInfo server() {
        return new ServerInfo(current.get().serverName(), "Signet", ServerInfo.PLATFORM_ID_NT, VERSION_MAJOR, VERSION_MINOR,
                ServerInfo.SV_TYPE_WORKSTATION | ServerInfo.SV_TYPE_SERVER | ServerInfo.SV_TYPE_SERVER_NT);
    }

    private static ShareInfo info(ShareConfig s) {
        return ShareInfo.of(s.name(), ShareInfo.STYPE_DISKTREE, s.comment(), s.path().toString(), ShareInfo.UNLIMITED,
                0);
    }

    private static ShareInfo ipc() {
        return ShareInfo.of(IPC, ShareInfo.STYPE_IPC, "IPC Service", "", ShareInfo.UNLIMITED, 0);
    }
}

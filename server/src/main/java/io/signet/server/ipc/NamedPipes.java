package io.signet.server.ipc;

import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.config.ServerConfig;
import io.signet.protocol.rpc.CallContext;
import io.signet.protocol.rpc.RpcPipe;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.rpc.endpoint.PipeEndpoints;
import io.signet.protocol.rpc.lsarpc.LsaIdentity;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The named pipes of IPC$ ([MS-SMB2] 3.3.5.9: CREATE on a pipe share), for a session's user: {@code srvsvc} for
 * share and server information, {@code wkssvc} for workstation information, {@code lsarpc} for the server's
 * identity. Each open gets its own DCE/RPC conversation.
 */
public final class NamedPipes {
    private static final String PIPE_PREFIX = "\\pipe\\";

    private final PipeEndpoints endpoints;

    /** @param machineSid the server's machine SID, which lsarpc reports as its account domain */
    public NamedPipes(ServerConfig config, Sid machineSid) {
        this(() -> config, machineSid);
    }

    /**
     * @param current the configuration in force at each call (srvsvc lists the shares of the last reload); the
     *                server's names are read once, they do not change at run time
     */
    public NamedPipes(Supplier<ServerConfig> current, Sid machineSid) {
        ServerConfig config = current.get();
        this.endpoints = new PipeEndpoints(new ConfiguredShares(current), config.domain(),
                LsaIdentity.of(config.serverName(), config.domain(), machineSid));
    }

    /**
     * Opens the pipe {@code name} ("srvsvc", also accepted with a leading {@code \PIPE\}) for {@code user}.
     *
     * @return null when no pipe of that name exists
     */
    public RpcPipe open(String name, AuthenticatedUser user) {
        String pipe = name.toLowerCase(Locale.ROOT);
        if (pipe.startsWith(PIPE_PREFIX)) {
            pipe = pipe.substring(PIPE_PREFIX.length());
        }
        boolean authenticated = user != null && user.kind() == UserKind.USER;
        // Levels 2 and 502 of srvsvc reveal share paths and need an administrator on Windows. Signet's accounts are
        // all set up by the server's administrator and there is no lesser role yet, so, like Samba, any
        // authenticated user may read them; anonymous callers may not.
        CallContext caller = new CallContext(authenticated ? user.name() : "",
                user == null ? "" : user.domain(), authenticated);
        return endpoints.open(pipe, caller).orElse(null);
    }
}

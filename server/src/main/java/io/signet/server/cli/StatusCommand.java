package io.signet.server.cli;

import io.signet.config.ConfigException;
import io.signet.config.ServerConfigBuilder;
import io.signet.config.ServerConfig;
import io.signet.config.SmbConfParser;
import io.signet.server.admin.AdminClient;
import io.signet.server.admin.AdminSocketPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet status}: who is connected to a running server (sessions, tree connects, opens), read over the
 * server's local admin socket, as smbstatus does for Samba. The socket is the one named with {@code --socket}, else
 * the {@code admin socket} of {@code --config}, else {@code admin.sock} in the server's state directory
 * ({@code --state-dir}, or the {@code state dir} of {@code --config}), else the runtime default
 * ({@link AdminSocketPath}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the sessions, tree connects and opens of a running server.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print the status as JSON")
    boolean json;

    @Option(names = "--socket", paramLabel = "PATH", description = "the server's admin socket")
    Path socket;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "the server's state directory")
    Path stateDir;

    @Option(names = "--config", paramLabel = "FILE", description = "the server's smb.conf-style configuration file")
    Path config;

    @Override
    public Integer call() {
        Path path;
        try {
            path = socketPath();
        } catch (ConfigException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("signet: " + e.getMessage());
            return 2;
        }
        try {
            String answer = AdminClient.request(path, json ? "status json" : "status");
            spec.commandLine().getOut().print(answer);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("signet: " + e.getMessage());
            return 1;
        }
    }

    private Path socketPath() {
        if (socket != null) {
            return socket;
        }
        if (stateDir == null && config != null) {
            ServerConfigBuilder b = ServerConfig.builder();
            SmbConfParser.parseInto(config, b);
            return AdminSocketPath.of(b.build());
        }
        return AdminSocketPath.of(stateDir);
    }
}

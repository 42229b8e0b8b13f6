package io.signet.server.cli;

import io.signet.config.ConfigException;
import io.signet.config.ServerConfig;
import io.signet.config.ServerConfigBuilder;
import io.signet.config.SigningPolicy;
import io.signet.config.SmbConfParser;
import io.signet.server.SignetServer;
import io.signet.server.admin.AdminSocketPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet serve}: starts the server from a config file and/or flags (flags override the file) and runs until
 * SIGINT or SIGTERM; SIGHUP re-reads the file and the users file ({@link #reload}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the SMB server.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "smb.conf-style configuration file")
    Path config;

    @Option(names = "--port", description = "TCP port (default 445)")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "address to listen on (default: all interfaces)")
    String bind;

    @Option(names = "--share", paramLabel = "NAME=PATH", description = "a read-write disk share (repeatable)")
    List<String> shares = new ArrayList<>();

    @Option(names = "--user", paramLabel = "NAME:PASSWORD",
            description = "a user for tests and demos (repeatable); real installations use 'user add'")
    List<String> users = new ArrayList<>();

    @Option(names = "--users-file", paramLabel = "FILE", description = "users file written by 'signet user add'")
    Path usersFile;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "directory for the server's persistent state")
    Path stateDir;

    @Option(names = "--signing", paramLabel = "POLICY", description = "mandatory (default) or auto")
    String signing;

    @Option(names = "--realm", paramLabel = "REALM",
            description = "Kerberos realm whose users may log on (user@REALM is the local user 'user'); needs --keytab")
    String realm;

    @Option(names = "--keytab", paramLabel = "FILE",
            description = "keytab with the server's Kerberos service keys (e.g. cifs/host@REALM); needs --realm")
    Path keytab;

    @Option(names = "--multi-channel", paramLabel = "yes|no", arity = "1",
            description = "offer SMB3 multichannel (session binding, interface list); default yes")
    String multiChannel;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "serve Prometheus metrics over HTTP at /metrics on this port (default 0: no endpoint)")
    Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDR",
            description = "address of the metrics endpoint (default 127.0.0.1; it has no authentication)")
    String metricsBind;

    @Option(names = "--admin-socket", paramLabel = "PATH",
            description = "the local socket 'signet status' reads (default: admin.sock in the state directory, else"
                    + " in $XDG_RUNTIME_DIR/signet or a private directory under the temporary directory)")
    Path adminSocket;

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg;
        try {
            cfg = buildConfig();
        } catch (ConfigException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("signet: " + e.getMessage());
            return 2;
        }
        if (!users.isEmpty()) {
            LOG.warn("password given on the command line (--user): fine for tests and demos, visible to other local "
                    + "users in the process list; use 'signet user add' and a users file for real installations");
        }
        SignetServer server;
        try {
            server = SignetServer.start(cfg);
        } catch (IOException e) {
            // An unreadable users file or keytab, a share that cannot hold descriptors, a port in use: one line that
            // says why, as `config check` reports it, not a stack trace.
            spec.commandLine().getErr().println("signet: cannot start: " + e.getMessage());
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "signet-shutdown"));
        HangupSignal.install(() -> reload(server));
        server.awaitClose();
        return 0;
    }

    /**
     * SIGHUP: builds the configuration again from the same file and flags (flags still override the file) and applies
     * it. Without {@code --config} the flags are unchanged, so only the users file is read again. A file that does
     * not parse or validate changes nothing: the server goes on with what it has.
     */
    void reload(SignetServer server) {
        LOG.info("SIGHUP: reloading {}", config != null ? "configuration file " + config : "the users file");
        ServerConfig next;
        try {
            next = buildConfig();
        } catch (ConfigException | IllegalArgumentException e) {
            LOG.error("configuration not reloaded, the server keeps serving with the previous one: {}",
                    e.getMessage());
            return;
        }
        try {
            server.reload(next);
        } catch (IOException e) {
            // SignetServer.reload has logged the reason as an ERROR
        }
    }

    ServerConfig buildConfig() {
        ServerConfigBuilder b = ServerConfig.builder();
        if (config != null) {
            SmbConfParser.parseInto(config, b);
        }
        if (port != null) {
            b.port(port);
        }
        if (bind != null) {
            b.bindAddress(bind);
        }
        for (String s : shares) {
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new ConfigException("--share expects NAME=PATH, got '" + s + "'");
            }
            b.share(s.substring(0, eq), Path.of(s.substring(eq + 1)));
        }
        for (String u : users) {
            int colon = u.indexOf(':');
            if (colon <= 0) {
                throw new ConfigException("--user expects NAME:PASSWORD");
            }
            b.user(u.substring(0, colon), u.substring(colon + 1));
        }
        if (usersFile != null) {
            b.usersFile(usersFile);
        }
        if (stateDir != null) {
            b.stateDir(stateDir);
        }
        if (signing != null) {
            b.signing(SigningPolicy.fromName(signing));
        }
        if (realm != null) {
            b.realm(realm);
        }
        if (keytab != null) {
            b.kerberosKeytab(keytab);
        }
        if (adminSocket != null) {
            b.adminSocket(adminSocket);
        }
        if (multiChannel != null) {
            b.multiChannel(yesOrNo("--multi-channel", multiChannel));
        }
        if (metricsPort != null) {
            b.metricsPort(metricsPort);
        }
        if (metricsBind != null) {
            b.metricsBind(metricsBind);
        }
        ServerConfig built = b.build();
        if (built.adminSocket() == null && built.stateDir() == null) {
            // An embedded server opens an admin socket only in its state directory or where told; `serve` always
            // has one, so that `signet status` finds it in the user's runtime directory.
            built = b.adminSocket(AdminSocketPath.of((Path) null)).build();
        }
        return built;
    }

    private static boolean yesOrNo(String option, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true", "on" -> true;
            case "no", "false", "off" -> false;
            default -> throw new ConfigException(option + " expects yes or no, got '" + value + "'");
        };
    }
}

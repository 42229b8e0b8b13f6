package io.signet.server.cli;

import io.signet.config.ConfigException;
import io.signet.config.ServerConfig;
import io.signet.config.SmbConfParser;
import io.signet.config.SmbConfWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code signet config check FILE}: validates a configuration file the way {@code serve} would, like testparm. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with configuration files.",
        subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getErr().println("usage: signet config check FILE");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check FILE as 'serve --config FILE' would, without listening or writing state, and print"
                    + " the effective configuration, defaults included, in smb.conf syntax.",
                    "Exit status 0 when 'serve' would accept the file, 2 when it would refuse it."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the smb.conf-style file")
        Path file;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            ServerConfig config;
            try {
                config = SmbConfParser.parse(file);
                StartupChecks.run(config);
            } catch (ConfigException | IllegalArgumentException | IOException e) {
                err.println("signet: " + e.getMessage());
                err.flush();
                return 2;
            }
            err.println("Loaded config file " + file);
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            out.print(SmbConfWriter.write(config));
            out.flush();
            return 0;
        }
    }
}

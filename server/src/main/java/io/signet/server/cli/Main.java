package io.signet.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code signet} command line: {@code serve} runs the server, {@code user add} manages the users file,
 * {@code config check} validates a configuration file, {@code status} shows who is connected, {@code probe} audits
 * another SMB server's signing.
 */
@Command(name = "signet", mixinStandardHelpOptions = true, version = "Signet 0.1.0",
        description = "An SMB2/SMB3 file server with mandatory signing.",
        subcommands = {ServeCommand.class, UserCommand.class, ConfigCommand.class, StatusCommand.class,
                ProbeCommand.class})
public final class Main implements Runnable {
    static {
        // signet.jar keeps its logging configuration under its own name, so that the library jar embedding projects
        // use brings none into their class path; an explicit -Dlogback.configurationFile still wins.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "io/signet/server/cli/logback.xml");
        }
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0 || args.length == 0 || !"serve".equals(args[0])) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

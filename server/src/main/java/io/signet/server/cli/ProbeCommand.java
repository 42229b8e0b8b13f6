package io.signet.server.cli;

import io.signet.server.probe.Credentials;
import io.signet.server.probe.ProbeReport;
import io.signet.server.probe.ProbeTarget;
import io.signet.server.probe.ReportJson;
import io.signet.server.probe.ReportText;
import io.signet.server.probe.SignetProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code signet probe HOST[:PORT] [--user U --password-stdin] [--json]}: audits any SMB2/3 server's signing. Exit
 * code 0 when the audit ran (whatever it found), 1 when the server could not be reached, 2 on bad usage, 3 when the
 * server broke off the audit with a protocol error.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Audit an SMB server's signing: dialects and SecurityMode, 3.1.1 algorithms, anonymous and "
                + "guest logons, and with credentials whether unsigned or wrongly signed requests are refused.")
final class ProbeCommand implements Callable<Integer> {
    static final int UNREACHABLE = 1;
    static final int USAGE = 2;
    static final int PROTOCOL_ERROR = 3;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "the server; port 445 by default")
    String target;

    @Option(names = "--user", paramLabel = "USER", description = "log on as USER (DOMAIN\\USER for a domain account)")
    String user;

    @Option(names = "--password-stdin", description = "read the password for --user from the first line of stdin")
    boolean passwordStdin;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        ProbeTarget probeTarget;
        try {
            probeTarget = ProbeTarget.parse(target);
        } catch (IllegalArgumentException e) {
            System.err.println("signet: " + e.getMessage());
            return USAGE;
        }
        if ((user != null) != passwordStdin) {
            System.err.println("signet: --user and --password-stdin go together");
            return USAGE;
        }
        Credentials credentials = null;
        if (user != null) {
            String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (password == null) {
                System.err.println("signet: no password on stdin");
                return USAGE;
            }
            int slash = user.indexOf('\\');
            credentials = slash < 0 ? new Credentials(user, "", password)
                    : new Credentials(user.substring(slash + 1), user.substring(0, slash), password);
        }
        ProbeReport report;
        try {
            report = new SignetProbe(probeTarget).run(credentials);
        } catch (SignetProbe.UnreachableException e) {
            System.err.println("signet: " + e.getMessage());
            return UNREACHABLE;
        } catch (IOException e) {
            System.err.println("signet: probe of " + probeTarget + " failed: " + e.getMessage());
            return PROTOCOL_ERROR;
        }
        System.out.print(json ? ReportJson.format(report) : ReportText.format(report));
        return 0;
    }
}

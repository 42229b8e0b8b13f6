package io.signet.interop.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Samba's {@code smbclient} pointed at one server's {@code data} share.
 *
 * <p>It reads an empty configuration file of its own instead of the machine's {@code smb.conf}, so that what a test
 * exercises is decided by the options the test passes, not by how the machine happens to be set up.
 */
public final class Smbclient {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final String binary;
    private final String host;
    private final int port;
    private final Path workDir;
    private final Map<String, String> environment;
    private final Path config;

    /** @param workDir where local files are put and got, and where the empty configuration file is written */
    public Smbclient(int port, Path workDir) {
        this("127.0.0.1", port, workDir, Map.of());
    }

    /**
     * @param host        the server name in {@code //HOST/data}; Kerberos needs a name, not an address, because the
     *                    client asks for a ticket to {@code cifs/HOST}
     * @param environment added to smbclient's environment, e.g. {@code KRB5_CONFIG} and {@code KRB5CCNAME}
     */
    public Smbclient(String host, int port, Path workDir, Map<String, String> environment) {
        this.binary = ExternalCommand.require("smbclient", "smbclient");
        this.host = host;
        this.port = port;
        this.workDir = workDir;
        this.environment = Map.copyOf(environment);
        this.config = workDir.resolve("empty-smb.conf");
        try {
            Files.write(config, new byte[0]);
        } catch (IOException e) {
            fail("cannot write " + config, e);
        }
    }

    /**
     * Runs {@code smbclient //HOST/data -p PORT <options> -c <commands>}.
     *
     * @param options credentials ({@code -U user%password}, {@code -N}) and any other flags
     */
    public ExternalCommand.Result run(List<String> options, String commands) {
        return run("data", options, commands);
    }

    /** Runs {@code smbclient //HOST/SHARE -p PORT <options> -c <commands>}. */
    public ExternalCommand.Result run(String share, List<String> options, String commands) {
        List<String> command = new ArrayList<>(List.of(binary, "--configfile=" + config, "//" + host + "/" + share,
                "-p", Integer.toString(port)));
        command.addAll(options);
        command.add("-c");
        command.add(commands);
        return ExternalCommand.run(workDir, TIMEOUT, command, environment, null);
    }

    /**
     * Starts {@code smbclient //HOST/SHARE -p PORT <options>} reading its commands from the process's standard input,
     * for a test that needs the client to hold something (an open) while it looks at the server. Its output goes to
     * {@code output}; the caller ends it by closing standard input, or destroys it.
     */
    public Process startInteractive(String share, List<String> options, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary, "--configfile=" + config, "//" + host + "/" + share,
                "-p", Integer.toString(port)));
        command.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().putAll(environment);
        return pb.start();
    }

    /** Runs {@code smbclient -L //HOST -p PORT <options>}: the share listing, through IPC$ and srvsvc. */
    public ExternalCommand.Result list(List<String> options) {
        List<String> command = new ArrayList<>(List.of(binary, "--configfile=" + config, "-L", "//" + host,
                "-p", Integer.toString(port)));
        command.addAll(options);
        return ExternalCommand.run(workDir, TIMEOUT, command, environment, null);
    }

    /** Asserts that smbclient finished in time with exit code 0 and printed no NT_STATUS_ error. */
    public static void assertSucceeded(ExternalCommand.Result result, int serverLogMark) {
        String context = result.describe() + "\n" + result.output() + "\n" + ServerLog.dump(serverLogMark);
        assertFalse(result.timedOut(), "smbclient did not finish:\n" + context);
        assertEquals(0, result.exitCode(), "smbclient failed:\n" + context);
        assertFalse(result.output().contains("NT_STATUS_"), "smbclient reported an error:\n" + context);
    }
}

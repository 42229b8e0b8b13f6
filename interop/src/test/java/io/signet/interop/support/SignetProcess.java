package io.signet.interop.support;

import io.signet.server.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code signet} run as administrators run it, in a JVM of its own with this test run's class path, its output kept
 * for assertions: for tests of what only a process shows (signals, a restart after kill -9).
 */
public final class SignetProcess {
    /** The line {@code signet serve} logs once it listens; group 1 is the port. */
    public static final Pattern LISTENING = Pattern.compile("Signet listening on \\S+ port (\\d+)");

    private SignetProcess() {
    }

    /** Starts {@code signet args...}; its output (standard error too) is appended to {@code log} as it comes. */
    public static Process start(StringBuffer log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    log.append(line).append('\n');
                }
            } catch (IOException e) {
                log.append("(output lost: ").append(e).append(")\n");
            }
        }, "serve-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    /**
     * Waits for {@code wanted} in {@code log} from offset {@code from} on: the process answers at its own pace.
     *
     * @return the match; null when the process ended or a minute passed without it
     */
    public static Matcher awaitLog(Process p, StringBuffer log, Pattern wanted, int from)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = wanted.matcher(log.substring(Math.min(from, log.length())));
            if (m.find()) {
                return m;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        return null;
    }
}

package io.signet.interop.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real client (smbclient, smbtorture) as a process with a deadline and captures its output.
 *
 * <p>A missing tool fails the test with a message that names the package to install: these tests exist to show that
 * real clients work, so "not installed" must never look like "passed".
 */
public final class ExternalCommand {
    private ExternalCommand() {
    }

    /**
     * What a finished (or killed) process left behind.
     *
     * @param exitCode the exit status, or -1 if the process was killed at the deadline
     * @param output   standard output and standard error, interleaved
     */
    public record Result(List<String> command, int exitCode, boolean timedOut, String output) {
        public List<String> lines() {
            return output.lines().toList();
        }

        /** The last {@code n} lines of output, for a failure message. */
        public String tail(int n) {
            List<String> all = lines();
            return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
        }

        /** The command line and its outcome, without the password. */
        public String describe() {
            String cmd = String.join(" ", command).replaceAll("(-U\\s*\\S+?%)\\S*", "$1***");
            return cmd + "\n-> " + (timedOut ? "killed after the timeout" : "exit code " + exitCode);
        }
    }

    /**
     * The absolute path of {@code tool}, searched on PATH, in /usr/bin and in /usr/sbin; fails the test if it is not
     * installed.
     *
     * @param debianPackage the package that provides it, for the failure message
     */
    public static String require(String tool, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> dirs = new java.util.ArrayList<>(Arrays.asList(path.split(File.pathSeparator)));
        dirs.add("/usr/bin");
        dirs.add("/usr/sbin"); // daemons and their admin tools (krb5kdc, kdb5_util), often not on a user's PATH
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail(tool + " is not installed (searched PATH=" + path + " and /usr/bin). This test drives the real "
                + tool + " against the server and cannot pass without it: install the '" + debianPackage
                + "' package.");
    }

    /**
     * Runs {@code command} in {@code workDir} and waits up to {@code timeout}; on the deadline the process and its
     * children are killed and the result says so.
     */
    public static Result run(Path workDir, Duration timeout, List<String> command) {
        return run(workDir, timeout, command, Map.of(), null);
    }

    /**
     * Runs {@code command} as {@link #run(Path, Duration, List)} does, with {@code environment} added to this
     * process's environment and, unless it is null, {@code stdin} (UTF-8) as standard input instead of /dev/null.
     */
    public static Result run(Path workDir, Duration timeout, List<String> command, Map<String, String> environment,
            String stdin) {
        Path output;
        File input = new File("/dev/null");
        try {
            output = Files.createTempFile(workDir, "output", ".txt");
            if (stdin != null) {
                Path in = Files.createTempFile(workDir, "input", ".txt");
                Files.writeString(in, stdin, StandardCharsets.UTF_8);
                input = in.toFile();
            }
        } catch (IOException e) {
            return fail("cannot create the output or input file in " + workDir, e);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(input));
        builder.environment().putAll(environment);
        // Samba's tools print localised messages otherwise; the assertions read them.
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return fail("cannot start " + command.get(0), e);
        }
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stdin != null) {
            try {
                Files.deleteIfExists(input.toPath());
            } catch (IOException e) {
                // Only a password-sized file in the test's temporary directory, which JUnit removes anyway.
            }
        }
        String text;
        try {
            // Not Files.readString: a stray non-UTF-8 byte in a tool's output must not hide the rest of it.
            text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "(output unreadable: " + e + ")";
        }
        return new Result(List.copyOf(command), finished ? process.exitValue() : -1, !finished, text);
    }
}

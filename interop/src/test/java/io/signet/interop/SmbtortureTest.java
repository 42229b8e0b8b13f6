package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.signet.interop.support.ExternalCommand;
import io.signet.interop.support.ServerLog;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samba's smbtorture, one dynamic test per line of {@value #LIST}, {@value #ENCRYPTION_LIST},
 * {@value #FILES_LIST}, {@value #IOCTL_LIST}, {@value #MULTICHANNEL_LIST}, {@value #ACCESS_LIST} and {@value #CACHING_LIST}: the lists alone
 * decide what runs. A test named in {@value #KNOWN_FAILURES} (with its reason) is expected to fail, and is reported
 * as soon as it passes, so that the list of what Signet does not do yet stays true. A line may add smbtorture options
 * after the test's name.
 *
 * <p>Each torture test gets a server of its own on a fresh share, so one test's leftovers (files, open handles,
 * a connection the server dropped) cannot decide another's outcome. A test passes only if smbtorture printed a
 * {@code success:} line and no {@code failure:} or {@code error:} line; a {@code skip:} is not a pass.
 */
class SmbtortureTest {
    /** The list of torture tests to run: one name per line, {@code #} starts a comment. */
    static final String LIST = "/torture/foundation.txt";
    static final String ENCRYPTION_LIST = "/torture/encryption.txt";
    static final String FILES_LIST = "/torture/files.txt";
    static final String IOCTL_LIST = "/torture/ioctl.txt";
    static final String MULTICHANNEL_LIST = "/torture/multichannel.txt";
    static final String ACCESS_LIST = "/torture/access.txt";
    static final String CACHING_LIST = "/torture/caching.txt";
    static final String KNOWN_FAILURES = "/torture/known-failures.txt";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int TAIL_LINES = 40;
    private static final Pattern SUCCESS = Pattern.compile("^success:", Pattern.MULTILINE);
    private static final Pattern FAILURE = Pattern.compile("^(failure|error):", Pattern.MULTILINE);
    /** How many torture runs go side by side ({@code -Dsignet.torture.parallel=N}; 1 runs them one at a time). */
    private static final int PARALLEL = Integer.getInteger("signet.torture.parallel", 3);
    private static final ExecutorService RUNNERS = Executors.newFixedThreadPool(PARALLEL, r -> {
        Thread t = new Thread(r, "smbtorture-runner");
        t.setDaemon(true);
        return t;
    });

    /** Shared by the lists' runs, which outlive the factory method that starts them: not a per-method @TempDir. */
    @TempDir
    static Path work;

    @TestFactory
    Stream<DynamicTest> foundation() {
        return tests(LIST);
    }

    @TestFactory
    Stream<DynamicTest> encryption() {
        return tests(ENCRYPTION_LIST);
    }

    @TestFactory
    Stream<DynamicTest> files() {
        return tests(FILES_LIST);
    }

    @TestFactory
    Stream<DynamicTest> ioctl() {
        return tests(IOCTL_LIST);
    }

    @TestFactory
    Stream<DynamicTest> multichannel() {
        return tests(MULTICHANNEL_LIST);
    }

    @TestFactory
    Stream<DynamicTest> access() {
        return tests(ACCESS_LIST);
    }

    @TestFactory
    Stream<DynamicTest> caching() {
        return tests(CACHING_LIST);
    }

    private Stream<DynamicTest> tests(String list) {
        List<String> tests = readList(list);
        assertFalse(tests.isEmpty(), list + " names no test");
        List<String> knownFailures = readList(KNOWN_FAILURES);
        String smbtorture = ExternalCommand.require("smbtorture", "samba-testsuite");
        // The runs start at once, a few side by side (each on its own server and share): most of a torture test's
        // time is spent waiting on the network or on a timer, so the list finishes sooner than one run at a time.
        // Each dynamic test then reports its own run's outcome, in list order.
        List<Future<Outcome>> runs = tests.stream()
                .map(name -> RUNNERS.submit(() -> runOne(smbtorture, name))).toList();
        return IntStream.range(0, tests.size()).mapToObj(i -> DynamicTest.dynamicTest(tests.get(i),
                () -> check(tests.get(i), runs.get(i).get(), knownFailures.contains(tests.get(i)))));
    }

    /** What one smbtorture run showed: whether it passed, and what explains a failure. */
    private record Outcome(boolean passed, String explanation) {
    }

    private Outcome runOne(String smbtorture, String test) throws IOException {
        Path dir = Files.createTempDirectory(work, test.replaceAll("[^A-Za-z0-9_.-]", "_"));
        Path share = Files.createDirectory(dir.resolve("share"));
        Path config = Files.createFile(dir.resolve("empty-smb.conf"));
        ExternalCommand.Result result;
        String serverWarnings;
        try (SignetServer server = SignetServer.builder().share("data", share).user("alice", "secret")
                .port(0).bindAddress("127.0.0.1").stateDir(dir.resolve("state")).start()) {
            // smbtorture makes its scratch directories in the working directory: keep them out of the checkout.
            // A line may carry smbtorture options after the test's name ("smb2.session.bind1 --option=..."); names
            // themselves may hold spaces ("smb2.delete-on-close-perms.CREATE Existing").
            int options = test.indexOf(" --");
            String name = options < 0 ? test : test.substring(0, options);
            List<String> command = new ArrayList<>(List.of(smbtorture, "--configfile=" + config));
            if (options >= 0) {
                command.addAll(Arrays.asList(test.substring(options + 1).strip().split("\\s+")));
            }
            command.addAll(List.of("//127.0.0.1/data", "-p", Integer.toString(server.port()), "-U", "alice%secret",
                    name));
            int mark = ServerLog.mark();
            result = ExternalCommand.run(dir, TIMEOUT, command);
            // Runs overlap, so the lines after the mark may hold other servers' lines too: a hint, not a verdict.
            serverWarnings = String.join("\n", ServerLog.since(mark).stream()
                    .filter(l -> l.startsWith("WARN") || l.startsWith("ERROR")).toList());
        }
        String output = result.output();
        boolean passed = !result.timedOut() && SUCCESS.matcher(output).find() && !FAILURE.matcher(output).find();
        return new Outcome(passed, result.describe() + "\n--- last " + TAIL_LINES + " lines of smbtorture output ---\n"
                + result.tail(TAIL_LINES) + "\n--- server warnings and errors while it ran ---\n" + serverWarnings);
    }

    private static void check(String test, Outcome outcome, boolean knownFailure) {
        if (knownFailure) {
            if (outcome.passed()) {
                fail(test + " passes now: remove it from " + KNOWN_FAILURES);
            }
            return;
        }
        if (!outcome.passed()) {
            fail(test + " did not pass: " + outcome.explanation());
        }
    }

    /** The test names in a list resource, comments and blank lines dropped. */
    static List<String> readList(String resource) {
        try (InputStream in = SmbtortureTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "missing test resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

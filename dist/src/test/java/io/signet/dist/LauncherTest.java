package io.signet.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as an administrator uses it: unpacked with tar, its {@code bin/signet} adds a user and serves a share
 * that Samba's smbclient lists, with the launcher's memory settings on the server's command line; the launcher of the
 * source tree finds {@code server/target/signet.jar}; the shipped example configuration passes {@code config check}
 * once its paths exist; a missing or too old Java is refused with a message that says what to do.
 */
class LauncherTest {
    private static final Pattern LISTENING = Pattern.compile("Signet listening on \\S+ port (\\d+) ");

    @TempDir
    static Path root;

    private static Path home;

    @BeforeAll
    static void unpack() throws IOException, InterruptedException {
        Path tarball = Path.of(property("signet.tarball"));
        assertTrue(Files.isRegularFile(tarball), "the package phase did not write " + tarball);
        Run tar = Run.of(root, Map.of(), "tar", "-xzf", tarball.toString(), "-C", root.toString());
        assertEquals(0, tar.exitCode, tar.output);
        home = root.resolve("signet-" + property("signet.version"));
    }

    @Test
    void tarballHoldsLauncherJarConfigurationAndUnit() throws IOException {
        assertTrue(Files.getPosixFilePermissions(home.resolve("bin/signet")).contains(PosixFilePermission.OTHERS_EXECUTE),
                "bin/signet is not executable");
        for (String file : List.of("lib/signet.jar", "etc/smb.conf", "packaging/signet.service", "README.md")) {
            assertTrue(Files.size(home.resolve(file)) > 0, file + " is missing or empty");
        }
        String unit = Files.readString(home.resolve("packaging/signet.service"));
        assertTrue(unit.contains("ExecStart=/opt/signet/bin/signet serve --config /etc/signet/smb.conf"), unit);
        assertFalse(unit.lines().anyMatch(l -> l.startsWith("MemoryDenyWriteExecute=")),
                "the JIT compiler needs writable and executable memory");
    }

    @Test
    void tarballLauncherServesAShareThatSmbclientLists() throws Exception {
        Path work = Files.createDirectories(root.resolve("serve"));
        Files.createDirectories(work.resolve("data"));
        Path users = work.resolve("users");
        Run add = Run.withInput(work, Map.of(), "secret\n",
                home.resolve("bin/signet").toString(), "user", "add", "alice", "--users-file", users.toString(),
                "--password-stdin");
        assertEquals(0, add.exitCode, add.output);
        Path config = work.resolve("smb.conf");
        Files.writeString(config, "[global]\n  port = 0\n  bind address = 127.0.0.1\n  users file = users\n"
                + "  state dir = state\n[data]\n  path = data\n  comment = launcher test\n");

        Path log = work.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/signet").toString(), "serve", "--config",
                config.toString()).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SIGNET_HEAP", "96m");
        Process server = builder.start();
        try {
            int port = awaitPort(server, log);
            // The launcher execs java: the process it started is the server, with the launcher's options.
            String commandLine = String.join(" ", server.info().arguments().orElseThrow());
            assertTrue(commandLine.contains("-Xmx96m"), commandLine);
            assertTrue(commandLine.contains("-XX:+UseSerialGC"), commandLine);
            assertTrue(commandLine.contains("-XX:MaxDirectMemorySize=256m"), commandLine);
            assertTrue(commandLine.contains(home.resolve("bin/../lib/signet.jar").toString()), commandLine);

            Files.writeString(work.resolve("client.conf"), "");
            Run list = Run.of(work, Map.of("LC_ALL", "C"), "smbclient", "--configfile=" + work.resolve("client.conf"),
                    "-L", "//127.0.0.1", "-p", Integer.toString(port), "-U", "alice%secret");
            String context = list.output + "\n--- server log ---\n" + Files.readString(log);
            assertEquals(0, list.exitCode, context);
            assertTrue(Pattern.compile("(?m)^\\s+data\\s+Disk\\s+launcher test\\s*$").matcher(list.output).find(),
                    context);
        } finally {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
        }
    }

    @Test
    void sourceTreeLauncherChecksTheShippedExampleConfiguration() throws Exception {
        // The example names /etc/signet/users, /var/lib/signet and /srv/signet/data: point them at directories of the
        // test, so that what is checked is the file's syntax and keys.
        Path work = Files.createDirectories(root.resolve("example"));
        Files.createDirectories(work.resolve("srv/signet/data"));
        Files.createDirectories(work.resolve("var/lib/signet"));
        Path sourceTree = Path.of(property("signet.sourceTree"));
        Run add = Run.withInput(work, Map.of(), "secret\n", sourceTree.resolve("bin/signet").toString(),
                "user", "add", "alice", "--users-file", work.resolve("users").toString(), "--password-stdin");
        assertEquals(0, add.exitCode, add.output);
        String example = Files.readString(home.resolve("etc/smb.conf"));
        assertTrue(example.matches("(?s).*server signing = mandatory.*"), example);
        Path config = work.resolve("smb.conf");
        Files.writeString(config, example
                .replace("/etc/signet/users", work.resolve("users").toString())
                .replace("/var/lib/signet", work.resolve("var/lib/signet").toString())
                .replace("/srv/signet/data", work.resolve("srv/signet/data").toString()));

        Run check = Run.of(work, Map.of(), sourceTree.resolve("bin/signet").toString(), "config", "check",
                config.toString());
        assertEquals(0, check.exitCode, check.output);
        assertTrue(check.output.contains("445"), check.output);
    }

    @Test
    void aJavaOptionOverridesTheDefaultsAndAGarbageCollectorReplacesTheSerialOne() throws Exception {
        Path fakeHome = fakeJava("echo 'openjdk version \"21.0.2\" 2024-01-16' >&2", "echo \"MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX\"; printf '%s\\n' \"$@\"");
        Run run = launch(fakeHome, "-XX:+UseG1GC -Xmx1g", "serve", "--config", "/etc/signet/smb.conf");
        assertEquals(0, run.exitCode, run.output);
        List<String> args = run.output.lines().toList();
        assertEquals("MALLOC_ARENA_MAX=2", args.get(0), run.output);
        assertFalse(args.contains("-XX:+UseSerialGC"), run.output);
        assertTrue(args.indexOf("-Xmx1g") > args.indexOf("-Xmx256m"), "SIGNET_JAVA_OPTS must come last: " + args);
        assertEquals(List.of("-jar", home.resolve("bin/../lib/signet.jar").toString(), "serve", "--config",
                "/etc/signet/smb.conf"), args.subList(args.indexOf("-jar"), args.size()));
        assertTrue(args.contains("-XX:TrimNativeHeapInterval=30000"), "a JVM that knows it gets the trim: " + args);

        // The real JVM accepts the result: two collectors on one command line would not start.
        Run real = launch(null, "-XX:+UseG1GC", "--version");
        assertEquals(0, real.exitCode, real.output);
        assertTrue(real.output.contains("Signet"), real.output);
    }

    @Test
    void aJavaWithoutTheTrimOptionStartsWithoutIt() throws Exception {
        // As a JDK 17 update from before -XX:TrimNativeHeapInterval answers: it refuses to start with the option.
        Path fakeHome = fakeJava("case \"$*\" in *TrimNativeHeapInterval*) echo \"Unrecognized VM option"
                + " 'TrimNativeHeapInterval=30000'\" >&2; exit 1 ;; esac; echo 'openjdk version \"17.0.8\"' >&2",
                "printf '%s\\n' \"$@\"");
        Run run = launch(fakeHome, "", "--version");
        assertEquals(0, run.exitCode, run.output);
        List<String> args = run.output.lines().toList();
        assertTrue(args.contains("-XX:+UseSerialGC"), run.output);
        assertFalse(run.output.contains("TrimNativeHeapInterval"), run.output);
    }

    /**
     * From Java 24 the launcher lets Netty keep using sun.misc.Unsafe for direct buffers (without it, each buffer's
     * release stops every thread) and native access for epoll; an older Java gets neither option, which it would
     * refuse or not know.
     */
    @Test
    void javaTwentyFourAndNewerGetUnsafeMemoryAccessAndNativeAccess() throws Exception {
        String echoArgs = "printf '%s\\n' \"$@\"";
        Run java25 = launch(fakeJava("echo 'openjdk version \"25.0.1\" 2025-10-21' >&2", echoArgs), "", "--version");
        assertEquals(0, java25.exitCode, java25.output);
        List<String> args = java25.output.lines().toList();
        assertTrue(args.contains("--sun-misc-unsafe-memory-access=allow"), java25.output);
        assertTrue(args.contains("--enable-native-access=ALL-UNNAMED"), java25.output);

        Run java21 = launch(fakeJava("echo 'openjdk version \"21.0.2\" 2024-01-16' >&2", echoArgs), "", "--version");
        assertEquals(0, java21.exitCode, java21.output);
        assertFalse(java21.output.contains("unsafe-memory-access"), java21.output);
        assertFalse(java21.output.contains("enable-native-access"), java21.output);
    }

    @Test
    void aJavaOlderThan17IsRefused() throws Exception {
        Path java11 = fakeJava("echo 'openjdk version \"11.0.20\" 2023-07-18' >&2", "echo started");
        Run run = launch(java11, "", "--version");
        assertEquals(1, run.exitCode, run.output);
        assertTrue(run.output.contains("is Java 11.0.20; Signet needs Java 17 or newer"), run.output);
        assertFalse(run.output.contains("started"), run.output);

        Path java8 = fakeJava("echo 'java version \"1.8.0_292\"' >&2", "echo started");
        Run old = launch(java8, "", "--version");
        assertEquals(1, old.exitCode, old.output);
        assertTrue(old.output.contains("is Java 1.8.0_292; Signet needs Java 17 or newer"), old.output);
    }

    @Test
    void aMissingJavaIsNamed() throws Exception {
        Run badHome = launch(root.resolve("no-such-jdk"), "", "--version");
        assertEquals(1, badHome.exitCode, badHome.output);
        assertTrue(badHome.output.contains("JAVA_HOME is " + root.resolve("no-such-jdk")), badHome.output);

        // No JAVA_HOME and a PATH with the launcher's tools but no java.
        Path tools = Files.createDirectories(root.resolve("tools-without-java"));
        for (String tool : List.of("dirname", "readlink", "sed", "head", "cut")) {
            Path real = List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool)).stream()
                    .filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(tool + " not found"));
            Path wrapper = tools.resolve(tool);
            Files.writeString(wrapper, "#!/bin/sh\nexec " + real + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Run noJava = Run.of(root, Map.of("PATH", tools.toString(), "JAVA_HOME", ""), "/bin/sh",
                home.resolve("bin/signet").toString(), "--version");
        assertEquals(1, noJava.exitCode, noJava.output);
        assertTrue(noJava.output.contains("java not found: install Java 17 or newer"), noJava.output);
    }

    /**
     * A JAVA_HOME whose bin/java runs {@code onVersion} when -version is among its arguments (the launcher puts a JVM
     * option before it) and {@code otherwise} for anything else.
     */
    private static Path fakeJava(String onVersion, String otherwise) throws IOException {
        Path fake = Files.createTempDirectory(root, "fake-jdk");
        Path java = Files.createDirectories(fake.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\ncase \" $* \" in *\" -version \"*) " + onVersion + "; exit 0 ;; esac\n"
                + otherwise + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return fake;
    }

    /** Runs the tarball's launcher with JAVA_HOME (the PATH's java when null) and SIGNET_JAVA_OPTS. */
    private static Run launch(Path javaHome, String javaOpts, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/signet").toString()));
        command.addAll(List.of(args));
        return Run.of(root, Map.of("JAVA_HOME", javaHome == null ? "" : javaHome.toString(), "SIGNET_JAVA_OPTS",
                javaOpts), command.toArray(String[]::new));
    }

    private static int awaitPort(Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!server.isAlive()) {
                fail("the server exited with " + server.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return fail("the server did not log that it listens within 60 s:\n" + Files.readString(log));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            fail("system property " + name + " is not set: run this test through Maven (dist/pom.xml sets it)");
        }
        return value;
    }

    /** A finished process: exit code and interleaved output. */
    private record Run(int exitCode, String output) {
        static Run of(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
            return withInput(dir, env, null, command);
        }

        static Run withInput(Path dir, Map<String, String> env, String stdin, String... command)
                throws IOException, InterruptedException {
            Path out = Files.createTempFile(root, "out", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            if (stdin == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            }
            builder.environment().putAll(env);
            Process process = builder.start();
            if (stdin != null) {
                try (var in = process.getOutputStream()) {
                    in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 120 s:\n" + Files.readString(out));
            }
            return new Run(process.exitValue(), Files.readString(out));
        }
    }
}

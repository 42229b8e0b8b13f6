package io.signet.interop.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private Samba smbd for a test: a standalone server on a free loopback port, with its smb.conf, passdb, locks,
 * state, cache and pid files all under the test's temporary directory, and one user added with smbpasswd. Never the
 * packaged service: nothing outside the directory is touched except the Unix account the user maps to, which
 * smbpasswd requires ({@code useradd -M} when missing).
 */
public final class Smbd implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path log;

    private Smbd(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts smbd with {@code server signing = signing} ("mandatory", "auto", ...) and {@code user}/{@code password}
     * in its passdb. Fails the test with a clear message when smbd is not installed.
     */
    public static Smbd start(Path dir, String signing, String user, String password) throws IOException {
        String smbd = ExternalCommand.require("smbd", "samba");
        String smbpasswd = ExternalCommand.require("smbpasswd", "samba-common-bin");
        int port = freePort();
        Path conf = writeConfig(dir, port, signing);
        ensureUnixUser(dir, user);
        ExternalCommand.Result added = ExternalCommand.run(dir, Duration.ofSeconds(30),
                List.of(smbpasswd, "-c", conf.toString(), "-s", "-a", user), Map.of(),
                password + "\n" + password + "\n");
        if (added.exitCode() != 0) {
            fail("smbpasswd could not add " + user + ":\n" + added.describe() + "\n" + added.tail(20));
        }
        Path log = dir.resolve("smbd.out");
        // -F: stay in the foreground, as this process's child. Not --no-process-group: smbd signals its whole process
        // group when it stops, which must be its own session (as -F makes it), never the test's JVM and build.
        Process process = new ProcessBuilder(smbd, "-F", "--debug-stdout", "-d", "1",
                "-s", conf.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Smbd started = new Smbd(process, port, log);
        started.awaitListening();
        return started;
    }

    public int port() {
        return port;
    }

    /** smbd's own output, for failure messages. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static Path writeConfig(Path dir, int port, String signing) throws IOException {
        for (String sub : List.of("private", "lock", "state", "cache", "pid", "ncalrpc")) {
            Files.createDirectories(dir.resolve(sub));
        }
        String conf = String.join("\n",
                "[global]",
                "server role = standalone server",
                "smb ports = " + port,
                "interfaces = lo",
                "bind interfaces only = yes",
                "disable netbios = yes",
                "load printers = no",
                "printcap name = /dev/null",
                "passdb backend = tdbsam",
                "server signing = " + signing,
                "private dir = " + dir.resolve("private"),
                "lock directory = " + dir.resolve("lock"),
                "state directory = " + dir.resolve("state"),
                "cache directory = " + dir.resolve("cache"),
                "pid directory = " + dir.resolve("pid"),
                "ncalrpc dir = " + dir.resolve("ncalrpc"),
                "log file = " + dir.resolve("log.%m"),
                "",
                "[share]",
                "path = " + dir,
                "read only = yes",
                "");
        Path file = dir.resolve("smb.conf");
        Files.writeString(file, conf);
        return file;
    }

    private static void ensureUnixUser(Path dir, String user) {
        ExternalCommand.Result id = ExternalCommand.run(dir, Duration.ofSeconds(10), List.of("id", "-u", user));
        if (id.exitCode() == 0) {
            return;
        }
        String useradd = ExternalCommand.require("useradd", "passwd");
        ExternalCommand.Result added = ExternalCommand.run(dir, Duration.ofSeconds(30),
                List.of(useradd, "-M", "-s", "/usr/sbin/nologin", user));
        if (added.exitCode() != 0) {
            fail("cannot create the Unix user " + user + " smbpasswd needs:\n" + added.describe() + "\n"
                    + added.tail(20));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("smbd exited with " + process.exitValue() + " before listening:\n" + output());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
        fail("smbd did not listen on port " + port + " within " + STARTUP + ":\n" + output());
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

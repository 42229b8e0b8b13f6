package io.signet.bench;

import io.signet.junit5.SignetExtension;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start-up time of a server for a test, warm (JIT compiled, classes loaded): what a test class or a test waits for
 * before its first request. {@code extension} is {@link SignetExtension}'s start as a test meets it (temporary
 * directories, server with the test double, bound to a free port); {@code server} is {@link SignetServer#start} alone.
 * Stopping is outside the measured time (a teardown per invocation). See docs/PERFORMANCE.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 40)
@Measurement(iterations = 40)
public class StartupBench {
    private SignetExtension extension;
    private SignetServer server;
    private Path share;

    @Setup(Level.Trial)
    public void share() throws IOException {
        share = Files.createTempDirectory("signet-bench-");
    }

    @Benchmark
    public int extension() throws IOException {
        extension = SignetExtension.builder().share("data").user("alice", "secret").build();
        extension.beforeEach(null);
        return extension.port();
    }

    @Benchmark
    public int server() throws IOException {
        server = SignetServer.builder().share("data", share).user("alice", "secret").port(0)
                .bindAddress("127.0.0.1").start();
        return server.port();
    }

    @TearDown(Level.Invocation)
    public void stop() throws IOException {
        if (extension != null) {
            extension.afterEach(null);
            extension = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @TearDown(Level.Trial)
    public void removeShare() throws IOException {
        Files.deleteIfExists(share);
    }
}

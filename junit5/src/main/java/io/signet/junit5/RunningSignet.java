package io.signet.junit5;

import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One started server with its temporary directory (one subdirectory per share, one for server state), listening on
 * a free port of the loopback address, with the extension's {@link TestDouble} on its request path.
 */
final class RunningSignet implements Smb, AutoCloseable {
    static final String HOST = "127.0.0.1";

    private final ServerSpec spec;
    private final Path root;
    private final Map<String, Path> shares = new LinkedHashMap<>();
    private final TestDouble testDouble = new TestDouble();
    private final SignetServer server;

    RunningSignet(ServerSpec spec) throws IOException {
        this.spec = spec;
        this.root = Files.createTempDirectory("signet-test-");
        try {
            SignetServer.Builder builder = SignetServer.builder()
                    .port(0)
                    .bindAddress(HOST)
                    .stateDir(Files.createDirectory(root.resolve(".state")))
                    .interceptor(testDouble);
            for (String share : spec.shares()) {
                Path dir = Files.createDirectory(root.resolve("share-" + share));
                shares.put(share, dir);
                builder.share(share, dir);
            }
            spec.users().forEach(builder::user);
            for (Consumer<SignetServer.Builder> setting : spec.settings()) {
                setting.accept(builder);
            }
            this.server = builder.start();
        } catch (IOException | RuntimeException e) {
            deleteTree(root);
            throw e;
        }
    }

    void reset() {
        testDouble.reset();
    }

    /** The temporary directory holding the shares and the server's state; gone once closed. */
    Path root() {
        return root;
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String url(String share) {
        sharePath(share);
        return "smb://" + HOST + ":" + port() + "/" + share + "/";
    }

    @Override
    public Path sharePath(String share) {
        Path dir = shares.get(share);
        if (dir == null) {
            throw new IllegalArgumentException("no share '" + share + "'; the server has " + shares.keySet());
        }
        return dir;
    }

    @Override
    public String user() {
        return spec.users().keySet().iterator().next();
    }

    @Override
    public String password() {
        return spec.users().get(user());
    }

    @Override
    public String password(String user) {
        String p = spec.users().get(user);
        if (p == null) {
            throw new IllegalArgumentException("no user '" + user + "'; the server has " + spec.users().keySet());
        }
        return p;
    }

    @Override
    public Faults faults() {
        return testDouble.faults();
    }

    @Override
    public Operations operations() {
        return testDouble.operations();
    }

    @Override
    public CompletableFuture<Void> breakLeases(String share, String path) {
        return server.breakLeases(share, path);
    }

    @Override
    public SignetServer server() {
        return server;
    }

    /** Stops the server, then deletes its directory with everything clients left in the shares. */
    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public String toString() {
        return "Signet on " + HOST + ":" + port() + " shares " + shares.keySet();
    }
}

package io.signet.junit5;

import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Signet server for a test class or for each test:
 * <pre>{@code
 * @RegisterExtension
 * static SignetExtension smb = SignetExtension.builder().share("data").user("alice", "secret").build();
 * }</pre>
 * In a static field the server starts before the class's first test and stops after its last; in an instance field
 * each test gets a server of its own. It listens on a free port of 127.0.0.1, each share is a fresh temporary
 * directory ({@link #sharePath}), and all of it is deleted when the server stops. {@link #faults()} and
 * {@link #operations()} start empty for every test.
 *
 * <p>Each extension instance owns its server: test classes running in parallel never share one. The tests of one
 * class share a static extension's server, its faults and its record, so run them one at a time.
 */
public final class SignetExtension implements Smb, BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private final ServerSpec spec;
    private volatile RunningSignet running;
    /** True when beforeAll started the server (a static field), so afterAll stops it rather than afterEach. */
    private volatile boolean perClass;

    private SignetExtension(ServerSpec spec) {
        this.spec = spec;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (running == null) {
            running = new RunningSignet(spec);
            perClass = true;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (running == null) {
            running = new RunningSignet(spec);
            perClass = false;
        } else {
            running.reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
    }

    private void stop() throws IOException {
        RunningSignet r = running;
        running = null;
        if (r != null) {
            r.close();
        }
    }

    private RunningSignet running() {
        RunningSignet r = running;
        if (r == null) {
            throw new IllegalStateException("the Signet server runs only during a test (and its @BeforeEach/"
                    + "@AfterEach; @BeforeAll/@AfterAll too when the extension is in a static field)");
        }
        return r;
    }

    @Override
    public String host() {
        return RunningSignet.HOST;
    }

    @Override
    public int port() {
        return running().port();
    }

    @Override
    public String url(String share) {
        return running().url(share);
    }

    @Override
    public Path sharePath(String share) {
        return running().sharePath(share);
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
        return running().password(user);
    }

    @Override
    public Faults faults() {
        return running().faults();
    }

    @Override
    public Operations operations() {
        return running().operations();
    }

    @Override
    public CompletableFuture<Void> breakLeases(String share, String path) {
        return running().server().breakLeases(share, path);
    }

    @Override
    public SignetServer server() {
        return running().server();
    }

    /** The shares and users of the server to start. */
    public static final class Builder {
        private final List<String> shares = new ArrayList<>();
        private final Map<String, String> users = new LinkedHashMap<>();
        private final List<Consumer<SignetServer.Builder>> settings = new ArrayList<>();

        private Builder() {
        }

        /** Shares, each backed by its own temporary directory. */
        public Builder share(String... names) {
            shares.addAll(List.of(names));
            return this;
        }

        /** A user who may log on (NTLMv2); the first one added is {@link Smb#user()}. */
        public Builder user(String name, String password) {
            users.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(password, "password"));
            return this;
        }

        /**
         * Further server settings, applied after the shares and users, e.g.
         * {@code configure(b -> b.signing(SigningPolicy.AUTO))}. Port, bind address and state directory are the
         * extension's.
         */
        public Builder configure(Consumer<SignetServer.Builder> setting) {
            settings.add(Objects.requireNonNull(setting, "setting"));
            return this;
        }

        public SignetExtension build() {
            return new SignetExtension(new ServerSpec(shares, users, settings));
        }
    }
}

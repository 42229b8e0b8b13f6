package io.signet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.config.ServerConfig;
import io.signet.config.ShareConfig;
import io.signet.interop.support.ExternalCommand;
import io.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code valid users} with smbclient: a share admits only the users it lists, and access-based enumeration (the
 * default) leaves it out of the share list of everyone else; with enumeration turned off, everyone sees it listed
 * but still cannot connect.
 */
class ShareAccessInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void validUsersAdmitOnlyTheListedUserAndHideTheShareFromOthers() throws IOException {
        try (SignetServer server = SignetServer.start(config(true))) {
            String alice = list(server, "alice%secret");
            String bob = list(server, "bob%hunter2");
            assertTrue(alice.contains("public"), alice);
            assertFalse(alice.contains("private"), "alice must not see bob's share:\n" + alice);
            assertTrue(bob.contains("private"), bob);

            ExternalCommand.Result refused = connect(server, "private", "alice%secret");
            assertTrue(refused.output().contains("NT_STATUS_ACCESS_DENIED"), refused.output());
            ExternalCommand.Result admitted = connect(server, "private", "bob%hunter2");
            assertEquals(0, admitted.exitCode(), admitted.output());
            assertFalse(admitted.output().contains("NT_STATUS_"), admitted.output());
        }
    }

    @Test
    void withoutAccessBasedEnumerationTheShareIsListedButStillRefused() throws IOException {
        try (SignetServer server = SignetServer.start(config(false))) {
            String alice = list(server, "alice%secret");
            assertTrue(alice.contains("private"), alice);
            ExternalCommand.Result refused = connect(server, "private", "alice%secret");
            assertTrue(refused.output().contains("NT_STATUS_ACCESS_DENIED"), refused.output());
        }
    }

    private ServerConfig config(boolean accessBasedEnum) throws IOException {
        Path pub = Files.createDirectories(dir.resolve("public"));
        Path priv = Files.createDirectories(dir.resolve("private"));
        return ServerConfig.builder().port(0).bindAddress("127.0.0.1")
                .user("alice", "secret").user("bob", "hunter2")
                .share(ShareConfig.of("public", pub))
                .share(ShareConfig.of("private", priv).withValidUsers(List.of("bob")))
                .accessBasedShareEnum(accessBasedEnum)
                .build();
    }

    private String list(SignetServer server, String credentials) throws IOException {
        ExternalCommand.Result r = smbclient(List.of("-L", "//127.0.0.1", "-p", Integer.toString(server.port()),
                "-U", credentials));
        assertEquals(0, r.exitCode(), r.output());
        return r.output();
    }

    private ExternalCommand.Result connect(SignetServer server, String share, String credentials) throws IOException {
        return smbclient(List.of("//127.0.0.1/" + share, "-p", Integer.toString(server.port()), "-U", credentials,
                "-c", "ls"));
    }

    private ExternalCommand.Result smbclient(List<String> args) throws IOException {
        String binary = ExternalCommand.require("smbclient", "smbclient");
        Path config = dir.resolve("empty-smb.conf");
        if (!Files.exists(config)) {
            Files.createFile(config);
        }
        List<String> command = new ArrayList<>(List.of(binary, "--configfile=" + config,
                "--option=client signing=required"));
        command.addAll(args);
        return ExternalCommand.run(dir, TIMEOUT, command);
    }
}

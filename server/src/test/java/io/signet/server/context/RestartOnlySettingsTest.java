package io.signet.server.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.signet.config.ServerConfig;
import io.signet.config.SigningPolicy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartOnlySettingsTest {
    private static final ServerConfig RUNNING = ServerConfig.builder().port(445).user("alice", "pw").build();

    @Test
    void sharesUsersAndShareEnumerationAreNotRestartOnly() {
        ServerConfig next = ServerConfig.builder().port(445).user("bob", "pw").share("tmp", Path.of("/tmp"))
                .accessBasedShareEnum(false).build();
        assertEquals(List.of(), RestartOnlySettings.changed(RUNNING, next));
    }

    @Test
    void eachChangedRestartOnlySettingIsNamedInTheFilesSpelling() {
        ServerConfig next = ServerConfig.builder().port(1445).signing(SigningPolicy.AUTO).domain("OTHER")
                .limits(RUNNING.limits().withMaxConnectionsPerAddress(3)).user("alice", "pw").build();
        assertEquals(List.of("port", "server signing", "workgroup", "max connections per address"),
                RestartOnlySettings.changed(RUNNING, next));
    }

    @Test
    void theAppliedConfigurationTakesSharesAndUsersFromTheNewOneAndTheRestFromTheRunningOne() {
        ServerConfig next = ServerConfig.builder().port(1445).signing(SigningPolicy.AUTO).user("bob", "pw")
                .share("tmp", Path.of("/tmp")).accessBasedShareEnum(false).build();
        ServerConfig applied = RestartOnlySettings.apply(RUNNING, next);
        assertEquals(445, applied.port());
        assertEquals(SigningPolicy.MANDATORY, applied.signing());
        assertEquals(next.shares(), applied.shares());
        assertEquals(next.users(), applied.users());
        assertEquals(false, applied.accessBasedShareEnum());
        assertEquals(List.of(), RestartOnlySettings.changed(RUNNING, applied));
    }

    @Test
    void theMetricsEndpointIsRestartOnlyAndKeptByAReload() {
        ServerConfig running = ServerConfig.builder().port(445).user("alice", "pw").metricsPort(9445).build();
        ServerConfig next = ServerConfig.builder().port(445).user("alice", "pw").metricsPort(9446)
                .metricsBind("::1").build();
        assertEquals(List.of("metrics port", "metrics bind"), RestartOnlySettings.changed(running, next));
        assertEquals(running.metrics(), RestartOnlySettings.apply(running, next).metrics());
        assertEquals(List.of("metrics port", "metrics bind"), RestartOnlySettings.changed(RUNNING, running),
                "turning the endpoint on");
    }
}

package io.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void defaultsLetAThousandConnectionsFromOneHostThrough() {
        assertTrue(Limits.DEFAULT.maxConnectionsPerAddress() >= 1100);
        assertTrue(Limits.DEFAULT.maxConnections() >= Limits.DEFAULT.maxConnectionsPerAddress());
        assertEquals(Duration.ofMillis(2000), Limits.DEFAULT.authFailureDelay());
    }

    @Test
    void eachWitherChangesOnlyItsOwnLimit() {
        Limits l = Limits.DEFAULT.withMaxConnectionsPerAddress(1).withMaxConnections(2)
                .withMaxSessionsPerConnection(3).withMaxOpensPerSession(4).withMaxOpensPerUser(5)
                .withMaxAsyncRequestsPerConnection(6).withHandshakeTimeout(Duration.ofSeconds(7))
                .withAuthFailureDelay(Duration.ofMillis(8));
        assertEquals(new Limits(1, 2, 3, 4, 5, 6, Duration.ofSeconds(7), Duration.ofMillis(8)), l);
        Limits caching = l.withBreakTimeout(Duration.ofMillis(9)).withMaxLeasesPerClient(10).withMaxPendingBreaks(11);
        assertEquals(new Limits(1, 2, 3, 4, 5, 6, Duration.ofSeconds(7), Duration.ofMillis(8), Duration.ofMillis(9),
                10, 11), caching);
        Limits durable = caching.withMaxDurableOpens(12).withMaxDurableTimeout(Duration.ofSeconds(13))
                .withMaxDurableOpensPerUser(14).withMaxPendingBreaksPerUser(15);
        assertEquals(new Limits(1, 2, 3, 4, 5, 6, Duration.ofSeconds(7), Duration.ofMillis(8), Duration.ofMillis(9),
                10, 11, 12, Duration.ofSeconds(13), 14, 15), durable);
        assertEquals(14, durable.withMaxConnections(20).maxDurableOpensPerUser(), "kept by the other withers");
        assertEquals(15, durable.withMaxDurableOpensPerUser(16).maxPendingBreaksPerUser(), "kept by the other withers");
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheirName() {
        ConfigException e = assertThrows(ConfigException.class, () -> Limits.DEFAULT.withMaxOpensPerSession(0));
        assertTrue(e.getMessage().contains("max opens per session"), e.getMessage());
        assertThrows(ConfigException.class, () -> Limits.DEFAULT.withHandshakeTimeout(Duration.ofMillis(500)));
        assertThrows(ConfigException.class, () -> Limits.DEFAULT.withAuthFailureDelay(Duration.ofMinutes(2)));
        assertThrows(ConfigException.class, () -> Limits.DEFAULT.withAuthFailureDelay(null));
        assertThrows(ConfigException.class, () -> Limits.DEFAULT.withBreakTimeout(Duration.ofHours(2)));
        ConfigException leases = assertThrows(ConfigException.class, () -> Limits.DEFAULT.withMaxPendingBreaks(0));
        assertTrue(leases.getMessage().contains("max pending breaks"), leases.getMessage());
        ConfigException durable = assertThrows(ConfigException.class,
                () -> Limits.DEFAULT.withMaxDurableOpensPerUser(0));
        assertTrue(durable.getMessage().contains("max durable opens per user"), durable.getMessage());
    }

    @Test
    void aConfigurationCarriesItsLimits() {
        Limits l = Limits.DEFAULT.withMaxConnections(99);
        assertEquals(l, ServerConfig.builder().port(0).limits(l).build().limits());
        assertEquals(Limits.DEFAULT, ServerConfig.builder().port(0).build().limits());
    }
}

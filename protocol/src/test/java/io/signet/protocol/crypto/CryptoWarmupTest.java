package io.signet.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/**
 * The warm-up drives every signing and encryption route through the same objects the server uses, including a GCM
 * instance that opens under the nonce it has just sealed with; none of it may throw.
 */
class CryptoWarmupTest {
    @Test
    void runsEveryRouteWithoutError() {
        assertDoesNotThrow(CryptoWarmup::run);
    }
}

package io.signet.server.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DescriptorBudgetTest {

    @Test
    void opensStopBeforeTheLimitSoThatConnectionsCanStillBeAccepted() {
        DescriptorBudget budget = new DescriptorBudget(1024, 64); // 960 usable
        int opens = 0;
        while (budget.acquireOpen()) {
            opens++;
            if (opens > 2000) {
                throw new AssertionError("opens never stopped");
            }
        }
        assertEquals(budget.openCeiling(), opens);
        assertTrue(opens < 960 - DescriptorBudget.MIN_ACCEPT_RESERVE, "opens leave the accept reserve");
        int connections = 0;
        while (budget.acquireConnection()) {
            connections++;
            if (connections > 2000) {
                throw new AssertionError("connections never stopped");
            }
        }
        assertTrue(connections >= DescriptorBudget.MIN_ACCEPT_RESERVE, "the reserve admits connections: " + connections);
        assertEquals(budget.connectionCeiling(), budget.inUse());
        assertTrue(budget.inUse() < 960, "some descriptors stay for the server's own use");
        assertFalse(budget.acquireOpen());
        budget.release();
        assertTrue(budget.acquireConnection(), "a released descriptor can be taken again");
    }

    @Test
    void oneAccountMayHoldAtMostHalfOfWhatOpensMayTake() {
        DescriptorBudget small = new DescriptorBudget(20_000, 100);
        assertEquals(small.openCeiling() / 2, small.maxOpensPerUser(16_384));
        DescriptorBudget large = new DescriptorBudget(1_048_576, 100);
        assertEquals(16_384, large.maxOpensPerUser(16_384), "a large limit keeps the configured value");
    }

    @Test
    void anUnknownLimitLimitsNothing() {
        DescriptorBudget unlimited = new DescriptorBudget(Long.MAX_VALUE, 0);
        for (int i = 0; i < 100_000; i++) {
            assertTrue(unlimited.acquireOpen());
        }
        assertEquals(16_384, unlimited.maxOpensPerUser(16_384));
    }
}

package io.signet.server.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.config.Limits;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenQuotaTest {
    private final AuthenticatedUser alice = new AuthenticatedUser("alice", "SERVER", UserKind.USER);
    private final AuthenticatedUser aliceUpper = new AuthenticatedUser("ALICE", "server", UserKind.USER);
    private final AuthenticatedUser bob = new AuthenticatedUser("bob", "SERVER", UserKind.USER);

    @Test
    void theSessionAtItsLimitIsRefused() {
        OpenQuota quota = new OpenQuota(Limits.DEFAULT.withMaxOpensPerSession(3),
                new DescriptorBudget(Long.MAX_VALUE, 0));
        SmbException e = assertThrows(SmbException.class, () -> quota.acquire(alice, 3, true));
        assertEquals(NtStatus.STATUS_INSUFFICIENT_RESOURCES, e.status());
        quota.acquire(alice, 2, true);
    }

    @Test
    void theAccountAtItsLimitIsRefusedOverAllItsSessionsAndAnotherIsServed() {
        OpenQuota quota = new OpenQuota(Limits.DEFAULT.withMaxOpensPerUser(4),
                new DescriptorBudget(Long.MAX_VALUE, 0));
        List<Runnable> places = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            places.add(quota.acquire(i % 2 == 0 ? alice : aliceUpper, 0, true)); // two sessions, one account
        }
        SmbException e = assertThrows(SmbException.class, () -> quota.acquire(alice, 0, true));
        assertEquals(NtStatus.STATUS_INSUFFICIENT_RESOURCES, e.status());
        assertTrue(e.getMessage().contains("max opens per user"), e.getMessage());
        quota.acquire(bob, 0, true);
        places.get(0).run();
        places.get(0).run(); // a second release gives nothing back
        assertEquals(3, quota.opens(alice));
        quota.acquire(alice, 0, true);
        assertThrows(SmbException.class, () -> quota.acquire(alice, 0, true));
    }

    @Test
    void opensStopAtTheDescriptorReserveAndPipesDoNotCountAsDescriptors() {
        DescriptorBudget budget = new DescriptorBudget(400, 100);
        OpenQuota quota = new OpenQuota(Limits.DEFAULT, budget);
        int opens = 0;
        while (true) {
            // ten accounts, so that none reaches its own limit before the process's reserve is reached
            AuthenticatedUser user = new AuthenticatedUser("user" + opens % 10, "SERVER", UserKind.USER);
            try {
                quota.acquire(user, 0, true);
            } catch (SmbException e) {
                assertEquals(NtStatus.STATUS_INSUFFICIENT_RESOURCES, e.status());
                assertTrue(e.getMessage().contains("kept for accepting connections"), e.getMessage());
                break;
            }
            if (++opens > 1000) {
                throw new AssertionError("never refused");
            }
        }
        assertEquals(budget.openCeiling(), budget.inUse());
        assertTrue(budget.acquireConnection(), "connections are still accepted");
        quota.acquire(new AuthenticatedUser("carol", "SERVER", UserKind.USER), 0, false);
    }

    @Test
    void theDescriptorLimitLowersThePerUserLimit() {
        DescriptorBudget budget = new DescriptorBudget(20_000, 100);
        OpenQuota quota = new OpenQuota(Limits.DEFAULT, budget);
        assertEquals(budget.openCeiling() / 2, quota.maxOpensPerUser());
        assertTrue(quota.maxOpensPerUser() < Limits.DEFAULT_MAX_OPENS_PER_USER);
    }
}

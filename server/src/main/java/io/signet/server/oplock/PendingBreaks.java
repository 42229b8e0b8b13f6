package io.signet.server.oplock;

import io.signet.server.limits.RateLimitedWarning;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The breaks waiting for an acknowledgment, server-wide ({@code max pending breaks}) and per account whose caching
 * they break ({@code max pending breaks per user}), so that one account leaving its breaks unanswered cannot use
 * up what every other account's breaks need. Guarded by the {@link CachingTable} monitor.
 */
final class PendingBreaks {
    private static final Logger LOG = LoggerFactory.getLogger(CachingTable.class);

    private final int max;
    private final int maxPerAccount;
    private final Map<Object, Integer> perAccount = new HashMap<>();
    private final RateLimitedWarning warning = new RateLimitedWarning(LOG);
    private int count;

    PendingBreaks(int max, int maxPerAccount) {
        this.max = max;
        this.maxPerAccount = maxPerAccount;
    }

    /** Null if one more break may wait server-wide; else the bound passed, for the log line. */
    String serverFull() {
        return count >= max ? count + " breaks wait server-wide (max pending breaks)" : null;
    }

    /** Null if one more break of {@code h}'s account may wait; else the bound passed, for the log line. */
    String accountFull(Holder h) {
        int ofAccount = perAccount.getOrDefault(h.account, 0);
        return ofAccount >= maxPerAccount
                ? ofAccount + " breaks of " + h.account + " wait (max pending breaks per user)" : null;
    }

    /** One WARN line for a bound passed, at most one per ten seconds. */
    void warn(String message) {
        warning.warn(message);
    }

    void started(Holder h) {
        count++;
        perAccount.merge(h.account, 1, Integer::sum);
    }

    void ended(Holder h) {
        count--;
        perAccount.computeIfPresent(h.account, (a, n) -> n <= 1 ? null : n - 1);
    }
}

package io.signet.server.limits;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A count per key (connections per client address, opens per account), each kept at or below one bound. Thread-safe:
 * a count is checked and raised in one step, so racing callers cannot pass the bound together. A key whose count
 * falls to zero is forgotten, so the table holds only keys that hold something.
 */
final class BoundedCounts<K> {
    private final ConcurrentHashMap<K, Integer> counts = new ConcurrentHashMap<>();
    private final int max;

    BoundedCounts(int max) {
        this.max = max;
    }

    /** Raises {@code key}'s count by one unless it is at the bound; false (and nothing counted) if it is. */
    boolean tryIncrement(K key) {
        boolean[] over = new boolean[1];
        counts.compute(key, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= max) {
                over[0] = true;
                return n;
            }
            return count + 1;
        });
        return !over[0];
    }

    /** Lowers {@code key}'s count by one. */
    void decrement(K key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    int count(K key) {
        return counts.getOrDefault(key, 0);
    }

    int max() {
        return max;
    }
}

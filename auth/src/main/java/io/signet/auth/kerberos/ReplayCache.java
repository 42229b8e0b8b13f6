package io.signet.auth.kerberos;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the authenticators the acceptor has taken, so the same one is refused the second time ([RFC 4120]
 * 3.2.3). An authenticator is identified by client principal, server principal, ctime and cusec.
 *
 * <p>An authenticator is accepted while its ctime is within the clock skew of now, so until at most twice the skew
 * after it was first seen; entries are kept that long. Since each entry lives equally long from its insertion,
 * insertion order is expiry order and purging looks only at the oldest entries. The cache is bounded: when it is full
 * of live entries, new authenticators are refused rather than older ones forgotten, since forgetting would let those
 * be replayed. Only a client holding a valid ticket can add an entry. Thread-safe.
 */
final class ReplayCache {
    /** Far above any real logon rate within ten minutes; bounds the memory to a few MiB. */
    static final int DEFAULT_CAPACITY = 50_000;

    private record Key(String client, String server, long ctimeMillis, int cusec) {
    }

    private final Duration lifetime;
    private final int capacity;
    private final LinkedHashMap<Key, Instant> expiries = new LinkedHashMap<>();

    ReplayCache(Duration clockSkew, int capacity) {
        this.lifetime = clockSkew.multipliedBy(2);
        this.capacity = capacity;
    }

    enum Verdict { FRESH, REPLAY, FULL }

    /** Records the authenticator and says whether it was new. */
    synchronized Verdict record(String client, String server, long ctimeMillis, int cusec, Instant now) {
        purge(now);
        Key key = new Key(client, server, ctimeMillis, cusec);
        if (expiries.containsKey(key)) {
            return Verdict.REPLAY;
        }
        if (expiries.size() >= capacity) {
            return Verdict.FULL;
        }
        expiries.put(key, now.plus(lifetime));
        return Verdict.FRESH;
    }

    synchronized int size() {
        return expiries.size();
    }

    private void purge(Instant now) {
        Iterator<Map.Entry<Key, Instant>> it = expiries.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().isAfter(now)) {
                return;
            }
            it.remove();
        }
    }
}

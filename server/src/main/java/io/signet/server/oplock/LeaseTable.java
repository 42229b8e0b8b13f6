package io.signet.server.oplock;

import io.signet.protocol.smb2.message.LeaseContext;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of every client by (client, LeaseKey) ([MS-SMB2] 3.3.1.4 LeaseTable), and how many each client holds,
 * bounded by {@code max leases per client}. Guarded by the {@link CachingTable} monitor.
 */
final class LeaseTable {
    private static final Logger LOG = LoggerFactory.getLogger(CachingTable.class);

    private final int maxLeasesPerClient;
    private final Map<LeaseId, Lease> leases = new HashMap<>();
    private final Map<Object, Integer> perClient = new HashMap<>();

    LeaseTable(int maxLeasesPerClient) {
        this.maxLeasesPerClient = maxLeasesPerClient;
    }

    Lease get(LeaseId id) {
        return leases.get(id);
    }

    /**
     * A new lease under {@code id} on {@code file}, counted against its client; null, with one WARN line, when the
     * client already holds {@code max leases per client}.
     */
    Lease create(LeaseId id, CachingTable.Key file, LeaseContext request, Object account) {
        Integer held = perClient.get(id.client());
        if (held != null && held >= maxLeasesPerClient) {
            LOG.warn("client {} holds {} leases (max leases per client): open of {} granted without a lease",
                    id.client(), held, file.file());
            return null;
        }
        Lease lease = new Lease(id, file, request);
        lease.account = account;
        leases.put(id, lease);
        perClient.merge(id.client(), 1, Integer::sum);
        return lease;
    }

    /** The last open of {@code lease} closed: the lease is gone, and no longer counted against its client. */
    void remove(Lease lease) {
        leases.remove(lease.id);
        perClient.computeIfPresent(lease.id.client(), (c, n) -> n <= 1 ? null : n - 1);
    }

    int size() {
        return leases.size();
    }
}

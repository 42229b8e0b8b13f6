package io.signet.server.oplock;

import static io.signet.protocol.smb2.LeaseState.HANDLE;
import static io.signet.protocol.smb2.LeaseState.NONE;
import static io.signet.protocol.smb2.LeaseState.READ;
import static io.signet.protocol.smb2.LeaseState.WRITE;

import io.signet.protocol.smb2.OplockLevel;
import io.signet.server.oplock.CachingTable.Grant;
import io.signet.server.oplock.CachingTable.Intent;
import io.signet.server.oplock.CachingTable.Key;
import java.util.List;

/**
 * What a new open is granted ([MS-SMB2] 3.3.5.9 and 3.3.5.9.8/11, [MS-FSA] 2.1.5.17/18): what it asks for, less what
 * the file's other opens allow. Only R, RW, RH and RWH leases; no write caching beside another open; no handle
 * caching beside an oplock; no oplock beside handle caching; directories get no write caching; an existing lease is
 * upgraded only to a strict superset. Guarded by the {@link CachingTable} monitor.
 */
final class GrantRules {
    private GrantRules() {
    }

    static Grant decide(LeaseTable leases, Key key, List<CachedOpen> entries, CachedOpen entry, Intent intent,
                        OplockLevel requested, boolean directory) {
        LeaseId id = intent.leaseId();
        boolean leaseRequest = requested == OplockLevel.LEASE && id != null;
        if (!leaseRequest && (directory || requested == null || requested == OplockLevel.LEASE)) {
            return Grant.NOTHING;
        }
        int wanted = leaseRequest ? intent.lease().state() & (READ | WRITE | HANDLE) : OplockHolder.bitsOf(requested);
        boolean otherOplock = false;
        boolean otherHandle = false;
        boolean noWrite = false;
        for (CachedOpen e : entries) {
            boolean sameLease = e.holder instanceof Lease l && l.id.equals(id);
            if (e.holder instanceof OplockHolder && e.state() != NONE) {
                otherOplock = true;
            }
            if ((e.state() & HANDLE) != 0) {
                otherHandle = true;
            }
            if (!sameLease && (e.cached || !e.statOpen)) {
                noWrite = true;
            }
        }
        int granted = wanted;
        if (directory) {
            granted &= ~WRITE; // Windows ignores W on a directory rather than failing ([MS-FSA] 2.1.5.18)
        }
        if (leaseRequest && ((granted & (READ | WRITE)) == 0 || granted == WRITE || granted == (WRITE | HANDLE))) {
            granted = NONE; // [MS-SMB2] 3.3.5.9.8: only R, RW, RH and RWH are valid lease states
        }
        if (noWrite) {
            granted &= ~WRITE;
        }
        if (!leaseRequest) {
            if (otherHandle) {
                granted = NONE;
            }
            OplockLevel level = OplockHolder.levelOf(granted);
            if (level != OplockLevel.NONE) {
                entry.holder = new OplockHolder(entry, OplockHolder.bitsOf(level));
                entry.holder.account = intent.account();
                entry.cached = true;
            }
            return new Grant(level, null);
        }
        if (otherOplock) {
            granted &= ~HANDLE;
        }
        entry.cached = true;
        Lease lease = leases.get(id);
        if (lease != null) {
            if (!lease.file.equals(key)) {
                return Grant.NOTHING; // raced with an open of another file under the key: checked before the open
            }
            // [MS-SMB2] 3.3.5.9.8: an upgrade only to a strict superset, all of it grantable, while not breaking.
            int existing = lease.state;
            // A directory's W is ignored rather than refused (as for a new lease): RWH asked of one is RH.
            int asked = intent.lease().state() & (directory ? ~WRITE : ~0);
            if ((existing & asked) == existing && granted != existing && granted == asked && !lease.breaking) {
                lease.state = granted;
                lease.epoch++;
            }
        } else {
            lease = leases.create(id, key, intent.lease(), intent.account());
            if (lease == null) {
                entry.cached = false;
                return Grant.NOTHING;
            }
            lease.state = granted;
            if (granted != NONE) {
                lease.epoch++;
            }
        }
        lease.entries.add(entry);
        entry.holder = lease;
        return new Grant(OplockLevel.LEASE, lease.response());
    }
}

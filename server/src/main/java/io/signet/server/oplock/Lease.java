package io.signet.server.oplock;

import io.signet.protocol.smb2.message.LeaseContext;
import io.signet.protocol.smb2.message.LeaseKey;
import java.util.ArrayList;
import java.util.List;

/** [MS-SMB2] 3.3.1.12 Per Lease: one client's lease on one file, shared by the opens made under its key. */
final class Lease extends Holder {
    final LeaseId id;
    final CachingTable.Key file;
    final int version;
    final LeaseKey parentKey;
    final boolean parentKeySet;
    int epoch;
    final List<CachedOpen> entries = new ArrayList<>(1);

    Lease(LeaseId id, CachingTable.Key file, LeaseContext request) {
        this.id = id;
        this.file = file;
        this.version = request.version();
        this.parentKey = request.parentKey();
        this.parentKeySet = request.hasParentKey();
        this.epoch = request.epoch();
    }

    @Override
    List<CachedOpen> entries() {
        return entries;
    }

    LeaseContext response() {
        int flags = breaking ? LeaseContext.BREAK_IN_PROGRESS : 0;
        if (version == 1) {
            return LeaseContext.v1(id.key(), state, flags);
        }
        return LeaseContext.v2(id.key(), state, flags | (parentKeySet ? LeaseContext.PARENT_LEASE_KEY_SET : 0),
                parentKeySet ? parentKey : LeaseKey.ZERO, epoch);
    }
}

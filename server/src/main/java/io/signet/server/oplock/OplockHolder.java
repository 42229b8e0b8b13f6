package io.signet.server.oplock;

import java.util.List;

/** An oplock of one open, held as the lease bits it stands for (batch RWH, exclusive RW, level II R). */
final class OplockHolder extends Holder {
    final CachedOpen entry;

    OplockHolder(CachedOpen entry, int state) {
        this.entry = entry;
        this.state = state;
    }

    @Override
    List<CachedOpen> entries() {
        return List.of(entry);
    }
}

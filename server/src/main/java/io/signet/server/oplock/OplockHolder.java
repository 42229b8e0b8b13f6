package io.signet.server.oplock;

import static io.signet.protocol.smb2.LeaseState.HANDLE;
import static io.signet.protocol.smb2.LeaseState.NONE;
import static io.signet.protocol.smb2.LeaseState.READ;
import static io.signet.protocol.smb2.LeaseState.WRITE;

import io.signet.protocol.smb2.OplockLevel;
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

    /** An oplock level as the lease bits it stands for ([MS-FSA] 2.1.1.10). */
    static int bitsOf(OplockLevel level) {
        return switch (level) {
            case BATCH -> READ | WRITE | HANDLE;
            case EXCLUSIVE -> READ | WRITE;
            case II -> READ;
            default -> NONE;
        };
    }

    /** The oplock that lease bits allow: RWH batch, RW exclusive, R or RH level II. */
    static OplockLevel levelOf(int bits) {
        if ((bits & (READ | WRITE | HANDLE)) == (READ | WRITE | HANDLE)) {
            return OplockLevel.BATCH;
        }
        if ((bits & (READ | WRITE)) == (READ | WRITE)) {
            return OplockLevel.EXCLUSIVE;
        }
        return (bits & READ) != 0 ? OplockLevel.II : OplockLevel.NONE;
    }
}


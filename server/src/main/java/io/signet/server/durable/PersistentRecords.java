package io.signet.server.durable;

import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.server.limits.RateLimitedWarning;
import io.signet.server.oplock.CachingTable;
import io.signet.server.tree.Open;
import io.signet.storage.lock.ByteRangeLocks;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of persistent opens as the durable open table writes them: built from an open as it stands (its
 * caching, byte-range locks and position), written to the store, removed; a failure is logged (rate-limited) and
 * leaves the store as it was.
 */
final class PersistentRecords {
    private static final Logger LOG = LoggerFactory.getLogger(PersistentRecords.class);

    private final PersistentOpenStore store;
    private final CachingTable caching;
    private final ByteRangeLocks locks;
    private final RateLimitedWarning warning;

    PersistentRecords(PersistentOpenStore store, CachingTable caching, ByteRangeLocks locks,
                      RateLimitedWarning warning) {
        this.store = store;
        this.caching = caching;
        this.locks = locks;
        this.warning = warning;
    }

    /**
     * The record of {@code state} made persistent, written to the store; null when it cannot be written (the open
     * is then durable only: a persistence the server could not keep is not promised).
     */
    PersistedOpen first(DurableState state, Open open) {
        try {
            PersistedOpen r = PersistedOpen.of(state.asPersistent(), open, caching, locks, null);
            store.write(r);
            return r;
        } catch (IOException | RuntimeException e) {
            warning.warn("persistent handle for " + state.path() + " not granted, the open is durable only: "
                    + "its record cannot be written to " + store.directory() + ": " + e);
            return null;
        }
    }

    /**
     * The record of the open as it stands now.
     *
     * @throws IllegalArgumentException when it holds more locks than a record keeps
     */
    PersistedOpen now(DurableState state, Open open, CreateResponse original) {
        return PersistedOpen.of(state, open, caching, locks, original);
    }

    void write(PersistedOpen r) throws IOException {
        store.write(r);
    }

    void remove(DurableState state) throws IOException {
        store.remove(state.persistentId());
    }

    /** Removes the record of an open closed for good; a failure is logged. */
    void forget(DurableState state) {
        try {
            remove(state);
        } catch (IOException ex) {
            LOG.warn("record of persistent open {} not removed: {}", state.path(), ex.toString());
        }
    }

    /** A record could not be written again: logged, rate-limited. */
    void notUpdated(DurableState state, Exception e) {
        warning.warn("record of persistent open " + state.path() + " not updated: " + e);
    }
}

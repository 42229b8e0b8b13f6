package io.signet.server.oplock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The opens of every file and directory, each with what it holds ([MS-FSA] 2.1.1.10 Per Oplock keeps them per
 * stream; here per {@link CachingTable.Key}). Guarded by the {@link CachingTable} monitor.
 */
final class FileOpens {
    private final Map<CachingTable.Key, List<CachedOpen>> files = new HashMap<>();

    /** The opens of {@code key}; null when it has none. */
    List<CachedOpen> of(CachingTable.Key key) {
        return files.get(key);
    }

    /** The opens of {@code key}, made an empty list if it had none, for a new open to join. */
    List<CachedOpen> forNewOpen(CachingTable.Key key) {
        return files.computeIfAbsent(key, k -> new ArrayList<>());
    }

    /** Takes {@code open} out of {@code key}'s opens; returns its entry, or null when it was not there. */
    CachedOpen remove(CachingTable.Key key, OplockOpen open) {
        List<CachedOpen> entries = files.get(key);
        CachedOpen gone = entries == null ? null : find(entries, open);
        if (gone != null) {
            entries.remove(gone);
            if (entries.isEmpty()) {
                files.remove(key);
            }
        }
        return gone;
    }

    /** The entry of {@code open} among the opens of {@code key}; null if not registered. */
    CachedOpen find(CachingTable.Key key, OplockOpen open) {
        List<CachedOpen> entries = files.get(key);
        return entries == null ? null : find(entries, open);
    }

    static CachedOpen find(List<CachedOpen> entries, OplockOpen open) {
        for (CachedOpen e : entries) {
            if (e.open == open) {
                return e;
            }
        }
        return null;
    }

    /** Each distinct holder of a file once (a lease shared by several opens is one holder). */
    static List<Holder> holders(List<CachedOpen> entries) {
        List<Holder> out = new ArrayList<>(entries.size());
        for (CachedOpen e : entries) {
            if (e.holder != null && !out.contains(e.holder)) {
                out.add(e.holder);
            }
        }
        return out;
    }

    /** The opens of every file of {@code share}, by file. */
    Map<CachingTable.Key, List<OplockOpen>> onShare(Object share) {
        Map<CachingTable.Key, List<OplockOpen>> out = new HashMap<>();
        for (Map.Entry<CachingTable.Key, List<CachedOpen>> f : files.entrySet()) {
            if (f.getKey().share().equals(share)) {
                List<OplockOpen> opens = new ArrayList<>(f.getValue().size());
                for (CachedOpen e : f.getValue()) {
                    opens.add(e.open);
                }
                out.put(f.getKey(), opens);
            }
        }
        return out;
    }
}

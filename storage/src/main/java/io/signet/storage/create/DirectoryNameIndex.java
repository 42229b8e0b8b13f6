package io.signet.storage.create;

import io.signet.storage.nt.WindowsNames;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Case-insensitive name lookups ([MS-FSCC] 2.1.5.2: names compare without case on a Windows share) that do not list
 * the directory on every miss.
 *
 * <p>A create always misses the exact-case lookup, and must then prove that no name differing only in case exists.
 * Listing the directory for that made creating n files in one directory cost O(n^2). This index keeps, per recently
 * used directory, the upcased names it holds, and trusts that listing while all of the following hold:
 * <ul>
 *   <li>the directory's modification time is the one recorded with the listing, so any entry added, removed or
 *       renamed by another program in a later timestamp tick is noticed;</li>
 *   <li>the listing is younger than {@link #MAX_AGE_NANOS}. A change made by another program within the same
 *       timestamp tick as the listing (or as one of Signet's own changes) leaves the time unchanged; the age limit
 *       bounds how long such a change can go unseen. The same program racing Signet between a lookup and a create
 *       can cause the same effect with or without the index.</li>
 * </ul>
 * Signet's own creations update the listing in place ({@link #created}), after checking the directory did not change
 * under it in between; its renames and deletions simply {@link #forget} the directory.
 *
 * <p>Memory is bounded: at most {@link #MAX_DIRECTORIES} listings, and a directory with more than
 * {@link #MAX_NAMES} entries is never kept (it is listed on each miss, as without the index). Thread-safe: listing
 * happens outside the lock, so a large directory does not hold up lookups elsewhere.
 */
public final class DirectoryNameIndex {
    static final int MAX_DIRECTORIES = 64;
    static final int MAX_NAMES = 200_000;
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    /** upcased name -> the actual name (the smallest, in the rare case several differ only in case). */
    private record Listing(FileTime stamp, long listedAt, Map<String, String> names) {
    }

    private final LongSupplier nanoClock;
    private final Map<Path, Listing> listings = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Listing> eldest) {
            return size() > MAX_DIRECTORIES;
        }
    };

    public DirectoryNameIndex() {
        this(System::nanoTime);
    }

    DirectoryNameIndex(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * The actual name of the entry of {@code dir} equal to {@code name} ignoring case, or {@code null}.
     *
     * @throws NoSuchFileException when {@code dir} does not exist
     */
    String find(Path dir, String name) throws IOException {
        FileTime stamp = modified(dir);
        Listing listing;
        synchronized (this) {
            listing = listings.get(dir);
        }
        if (listing == null || !listing.stamp().equals(stamp)
                || nanoClock.getAsLong() - listing.listedAt() > MAX_AGE_NANOS) {
            listing = list(dir, stamp);
        }
        return listing.names().get(WindowsNames.upcase(name));
    }

    /**
     * Records that Signet created {@code name} in {@code dir}, whose modification time was {@code before} just
     * before. The listing is updated only if it was taken at {@code before}; otherwise something else changed the
     * directory too, and the listing is dropped.
     */
    public void created(Path dir, String name, FileTime before) {
        FileTime after;
        try {
            after = modified(dir);
        } catch (IOException e) {
            forget(dir);
            return;
        }
        synchronized (this) {
            Listing listing = listings.get(dir);
            if (listing == null) {
                return;
            }
            if (!listing.stamp().equals(before) || listing.names().size() >= MAX_NAMES) {
                listings.remove(dir);
                return;
            }
            listing.names().merge(WindowsNames.upcase(name), name, (old, added) -> old.compareTo(added) <= 0 ? old
                    : added);
            listings.put(dir, new Listing(after, listing.listedAt(), listing.names()));
        }
    }

    /** Drops what is known of {@code dir}: Signet renamed or deleted one of its entries. */
    public synchronized void forget(Path dir) {
        listings.remove(dir);
    }

    /** The modification time of {@code dir}, to pass to {@link #created} after creating an entry in it. */
    public static FileTime modified(Path dir) throws IOException {
        return Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).lastModifiedTime();
    }

    private Listing list(Path dir, FileTime stamp) throws IOException {
        long listedAt = nanoClock.getAsLong();
        Map<String, String> names = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String actual = p.getFileName().toString();
                names.merge(WindowsNames.upcase(actual), actual, (old, added) -> old.compareTo(added) <= 0 ? old
                        : added);
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        Listing listing = new Listing(stamp, listedAt, names);
        synchronized (this) {
            if (names.size() <= MAX_NAMES) {
                listings.put(dir, listing);
            } else {
                listings.remove(dir);
            }
        }
        return listing;
    }
}

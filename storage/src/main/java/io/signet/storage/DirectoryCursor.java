package io.signet.storage;

import io.signet.protocol.fscc.DirectoryEntry;
import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.status.SmbException;
import io.signet.storage.create.DosWildcard;
import io.signet.storage.create.ShortNames;
import io.signet.storage.metadata.EaStore;
import io.signet.storage.metadata.MetadataStore;
import io.signet.storage.nt.NtStatusMapper;
import io.signet.storage.nt.WindowsNames;
import io.signet.storage.stream.StreamStore;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The QUERY_DIRECTORY enumeration state of one open ([MS-SMB2] 3.3.5.18): the search pattern and how far the
 * enumeration got.
 *
 * <p>Entries stream from {@link Files#newDirectoryStream}; at most the current directory stream and the entries
 * pushed back are held, never the whole directory. "." and ".." come first when the pattern matches them (the share
 * root lists them too, as Windows does; its ".." describes the root itself). Names a Windows client could not use
 * (a character Windows forbids, an unpaired surrogate, over 255 characters) are skipped, as are symbolic links that
 * lead outside the share or nowhere, and entries that vanish while being listed. The share root never lists the
 * {@link StreamStore} sidecar directory.
 *
 * <p>A pattern without wildcards is looked up directly, case-insensitively, instead of scanning the directory; like
 * any name, it may be an entry's 8.3 short name. Each entry carries its short name ({@link ShortNames}); "." and
 * ".." have none.
 */
public final class DirectoryCursor {
    private enum Phase { DOT, DOT_DOT, ENTRIES, DONE }

    private final ShareFileSystem share;
    private final FileHandle directory;
    private final Deque<DirectoryEntry> pushedBack = new ArrayDeque<>();
    private String pattern;
    private DosWildcard matcher;
    private Phase phase = Phase.DONE;
    private DirectoryStream<Path> stream;
    private Iterator<Path> iterator;

    DirectoryCursor(ShareFileSystem share, FileHandle directory) {
        this.share = share;
        this.directory = directory;
    }

    /**
     * Starts the enumeration over with {@code pattern}: DOS wildcards {@code * ? < > "} matched case-insensitively
     * as [MS-FSA] 2.1.4.4 specifies. {@code null} or "" means "*".
     *
     * @throws io.signet.protocol.status.SmbException STATUS_OBJECT_NAME_INVALID for a pattern longer than a name
     *                                                component (255 characters); the cursor is left as it was
     */
    public void restart(String pattern) {
        String expression = pattern == null || pattern.isEmpty() ? "*" : pattern;
        DosWildcard compiled = new DosWildcard(expression); // refuses an expression too long, before any change
        close();
        this.pattern = expression;
        this.matcher = compiled;
        this.phase = Phase.DOT;
    }

    /** The pattern of the last {@link #restart}, or {@code null} before the first. */
    public String pattern() {
        return pattern;
    }

    /**
     * The next matching entry, or {@code null} when the enumeration is exhausted (it stays exhausted until
     * {@link #restart}).
     *
     * @throws IllegalStateException before the first {@link #restart}
     * @throws SmbException          if the directory cannot be read
     */
    public DirectoryEntry next() {
        if (pattern == null) {
            throw new IllegalStateException("restart(pattern) must come first");
        }
        if (!pushedBack.isEmpty()) {
            return pushedBack.pop();
        }
        while (true) {
            switch (phase) {
                case DOT:
                    phase = Phase.DOT_DOT;
                    if (matcher.matches(".")) {
                        return new DirectoryEntry(".", stat(directory.path()), EaStore.eaSize(directory.path()));
                    }
                    break;
                case DOT_DOT:
                    phase = Phase.ENTRIES;
                    if (matcher.matches("..")) {
                        Path dir = directory.path();
                        Path parent = dir.equals(share.root()) ? dir : dir.getParent();
                        return new DirectoryEntry("..", stat(parent), EaStore.eaSize(parent));
                    }
                    break;
                case ENTRIES:
                    DirectoryEntry e = DosWildcard.hasWildcards(pattern) ? nextFromStream() : exactMatch();
                    if (e != null) {
                        return e;
                    }
                    close();
                    phase = Phase.DONE;
                    return null;
                case DONE:
                default:
                    return null;
            }
        }
    }

    /**
     * Returns {@code e} to the front of the enumeration: the entry that did not fit in a response comes first in the
     * next one.
     */
    public void pushBack(DirectoryEntry e) {
        pushedBack.push(e);
    }

    private DirectoryEntry exactMatch() {
        phase = Phase.DONE;
        if (!WindowsNames.isRepresentable(pattern) || isSidecar(pattern)) {
            return null;
        }
        Path match = share.lookup(directory.path(), pattern);
        if (match == null) {
            return null;
        }
        return entryOf(match, match.getFileName().toString());
    }

    private DirectoryEntry nextFromStream() {
        try {
            if (stream == null) {
                stream = Files.newDirectoryStream(directory.path());
                iterator = stream.iterator();
            }
            while (iterator.hasNext()) {
                Path p = iterator.next();
                String name = p.getFileName().toString();
                if (!WindowsNames.isRepresentable(name) || !matcher.matches(name) || isSidecar(name)) {
                    continue;
                }
                DirectoryEntry entry = entryOf(p, name);
                if (entry != null) {
                    return entry;
                }
            }
            return null;
        } catch (IOException | DirectoryIteratorException e) {
            close();
            throw NtStatusMapper.toSmbException(NtStatusMapper.unwrap(e), "list " + directory.smbPath());
        }
    }

    private boolean isSidecar(String name) {
        return StreamStore.isSidecarName(name) && directory.path().equals(share.root());
    }

    /** The listing entry for {@code p}, or {@code null} to leave it out (vanished, or a link leading out of the share). */
    private DirectoryEntry entryOf(Path p, String name) {
        try {
            MetadataStore.Listed listed = share.metadataStore().readForListing(p);
            if (listed == null) {
                share.linkTargetInsideRoot(p);
                listed = new MetadataStore.Listed(share.metadataStore().read(p), EaStore.eaSize(p));
            }
            return new DirectoryEntry(name, listed.metadata(), listed.eaSize(), ShortNames.separateShortName(name));
        } catch (SmbException | NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "stat " + p.getFileName());
        }
    }

    private FileMetadata stat(Path p) {
        try {
            return share.metadataStore().read(p);
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "stat " + p.getFileName());
        }
    }

    /** Releases the directory stream; the cursor can be restarted afterwards. */
    void close() {
        pushedBack.clear();
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // a directory stream holds no data to lose
            }
            stream = null;
            iterator = null;
        }
    }
}

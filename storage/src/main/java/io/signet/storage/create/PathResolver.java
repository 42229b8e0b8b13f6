package io.signet.storage.create;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.metadata.MetadataStore;
import io.signet.storage.nt.NtStatusMapper;
import io.signet.storage.nt.WindowsNames;
import io.signet.storage.stream.StreamStore;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The share's one path resolver: maps client paths to files inside the root, matching names the way Windows does
 * (case-insensitively, or by 8.3 short name) and following a symbolic link only to a target inside the root.
 *
 * <p>Thread-safe: it keeps no state of its own, and the {@link DirectoryNameIndex} it reads is thread-safe.
 */
public final class PathResolver {
    private final Path root;
    private final DirectoryNameIndex names;
    private final StreamStore streams;
    private final MetadataStore metadataStore;

    public PathResolver(Path root, DirectoryNameIndex names, StreamStore streams, MetadataStore metadataStore) {
        this.root = root;
        this.names = names;
        this.streams = streams;
        this.metadataStore = metadataStore;
    }

    /**
     * Maps a share-relative SMB path to the file it names inside the root.
     *
     * <p>'\' separates components; one leading '\' is allowed; "" is the root. Each existing component is matched
     * case-insensitively (an exact match wins; among several case variants the lexicographically smallest); a
     * missing last component keeps the client's spelling.
     *
     * <p>A last component naming a data stream ([MS-FSCC] 2.1.4, "file:stream[:$DATA]") resolves to the file that
     * holds the stream's data, or would hold it, so that each stream has its own file identity (as it has its own
     * oplocks on NTFS); while the base file is missing, to the base file's would-be path. "file::$DATA" is the
     * file itself.
     *
     * @throws SmbException STATUS_OBJECT_NAME_INVALID for an empty, ".", ".." or over-long component, or one with
     *                      a character Windows forbids (including '/', ':' outside the last component's stream part,
     *                      and NUL), or a bad stream name or type ({@link WindowsNames#splitStream});
     *                      STATUS_OBJECT_NAME_NOT_FOUND (STATUS_OBJECT_PATH_NOT_FOUND below it) for the stream
     *                      sidecar directory at the root; STATUS_OBJECT_PATH_NOT_FOUND if
     *                      a component other than the last is missing or not a directory; STATUS_ACCESS_DENIED for
     *                      a symbolic link that leads outside the root or nowhere
     */
    public Path resolve(String smbPath) {
        Resolution r = resolution(smbPath);
        if (!r.namedStream() || !r.exists()) {
            return r.path();
        }
        try {
            return streams.dataPath(metadataStore.read(r.path()), r.stream());
        } catch (NoSuchFileException e) {
            return r.path();
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "stat " + r.smbPath());
        }
    }

    public Resolution resolution(String smbPath) {
        if (smbPath == null) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_INVALID, "null path");
        }
        String s = smbPath.startsWith("\\") ? smbPath.substring(1) : smbPath;
        if (s.isEmpty()) {
            return new Resolution(root, "", true, true, "");
        }
        String[] components = s.split("\\\\", -1);
        for (int i = 0; i < components.length - 1; i++) {
            WindowsNames.checkComponent(components[i]);
        }
        // Only the last component may name a stream ([MS-FSCC] 2.1.4); ':' elsewhere is an invalid name.
        WindowsNames.NameAndStream lastName = WindowsNames.splitStream(components[components.length - 1]);
        components[components.length - 1] = lastName.fileName();
        if (StreamStore.isSidecarName(components[0])) {
            // The stream sidecar does not exist as far as clients can tell.
            throw new SmbException(components.length == 1 ? NtStatus.STATUS_OBJECT_NAME_NOT_FOUND
                    : NtStatus.STATUS_OBJECT_PATH_NOT_FOUND, "no such name");
        }
        Path current = root;
        StringBuilder resolved = new StringBuilder(s.length());
        boolean directory = true;
        for (int i = 0; i < components.length; i++) {
            String typed = components[i];
            boolean last = i == components.length - 1;
            if (i > 0) {
                resolved.append('\\');
            }
            Path match = lookup(current, typed);
            if (match == null) {
                if (!last) {
                    throw new SmbException(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND, "no directory " + resolved + typed);
                }
                return new Resolution(current.resolve(typed), resolved.append(typed).toString(), false, false,
                        typed, lastName.stream(), lastName.streamSyntax());
            }
            directory = isDirectoryInsideRoot(match);
            if (!last && !directory) {
                throw new SmbException(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND, resolved + typed + " is not a directory");
            }
            resolved.append(match.getFileName().toString());
            current = match;
        }
        return new Resolution(current, resolved.toString(), true, directory, components[components.length - 1],
                lastName.stream(), lastName.streamSyntax());
    }

    /**
     * The entry of {@code dir} named {@code name}, case-insensitively, or {@code null}. {@code name} has passed
     * {@link WindowsNames#checkComponent}. A name that matches no long name may be the 8.3 short name of an entry
     * ([MS-FSCC] 2.1.5.2.1: a file can be opened by either name; {@link ShortNames}); short names are looked for in
     * the same scan, only when the name could be a generated one, and never among names hidden from clients.
     */
    public Path lookup(Path dir, String name) {
        Path exact = dir.resolve(name);
        if (Files.exists(exact, LinkOption.NOFOLLOW_LINKS)) {
            return exact;
        }
        try {
            String found = names.find(dir, name);
            if (found == null && ShortNames.couldBeGenerated(name)) {
                found = longNameOf(dir, name);
            }
            return found == null ? null : dir.resolve(found);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException | DirectoryIteratorException e) {
            throw NtStatusMapper.toSmbException(NtStatusMapper.unwrap(e), "list " + dir.getFileName());
        }
    }

    /** The entry of {@code dir} whose generated 8.3 name is {@code shortName}, or {@code null}. */
    private String longNameOf(Path dir, String shortName) throws IOException {
        String best = null;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String candidate = p.getFileName().toString();
                if (isVisibleName(dir, candidate) && ShortNames.isShortNameOf(shortName, candidate)
                        && (best == null || candidate.compareTo(best) < 0)) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    /** Whether a client can see the entry {@code name} of {@code dir} (what a directory listing shows). */
    private boolean isVisibleName(Path dir, String name) {
        return WindowsNames.isRepresentable(name) && !(StreamStore.isSidecarName(name) && dir.equals(root));
    }

    /**
     * Whether an existing {@code path} is a directory, after checking that a symbolic link there leads to an
     * existing target inside the root.
     */
    private boolean isDirectoryInsideRoot(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isSymbolicLink()) {
                return a.isDirectory();
            }
            return Files.isDirectory(linkTargetInsideRoot(path));
        } catch (NoSuchFileException e) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, path.getFileName() + " vanished");
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "stat " + path.getFileName());
        }
    }

    /**
     * The real target of the symbolic link {@code link}.
     *
     * @throws SmbException STATUS_ACCESS_DENIED if it is outside the root, missing, or a loop
     */
    public Path linkTargetInsideRoot(Path link) {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException e) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "symbolic link " + link.getFileName()
                    + " leads nowhere");
        }
        if (!target.startsWith(root)) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "symbolic link " + link.getFileName()
                    + " leads outside the share");
        }
        return target;
    }
}

/**
 * Windows file semantics over {@code java.nio.file}: a share is a rooted view of a local directory
 * ({@link io.signet.storage.ShareFileSystem}); every client path goes through its one resolver; each SMB2 open is a
 * {@link io.signet.storage.FileHandle}, built by {@code FileCreator} (or {@code StreamCreator} for a named stream).
 * A handle hands out the helpers that implement its operations, each of which sees the open as an
 * {@link io.signet.storage.open.OpenedFile}: {@code data()}, {@code sparse()} and {@code metadata()}
 * ({@link io.signet.storage.io}), {@code renaming()} and {@code deletion()}.
 *
 * <p>This package is the facade at the top of the module: the share, its handles, the creators, rename (of a file
 * and of a stream), delete and directory enumeration. The sub-packages sit below it, and every arrow between them
 * points down: {@link io.signet.storage.io} (what one open does to its file) uses {@link io.signet.storage.create}
 * (paths, names and the checks of a CREATE) and {@link io.signet.storage.open} (the opens of a share and their
 * shared table); those use {@link io.signet.storage.stream} (named streams), which uses
 * {@link io.signet.storage.metadata} (the metadata stores); at the bottom {@link io.signet.storage.nt} holds the
 * NTSTATUS mapping of I/O errors and the Windows name rules. {@link io.signet.storage.lock} (byte-range locks) stands
 * alone.
 *
 * <p>Windows metadata that POSIX lacks (DOS attributes other than READONLY, the creation time when the file system
 * has no birth time) is kept in one user extended attribute per file ({@code user.signet.dos}); see
 * {@code metadata.DosAttributeStore}. READONLY on a file is the owner write permission bit, so it is honoured by local
 * programs as well. Named data streams ([MS-FSCC] 2.1.4) are regular files in a sidecar directory at the share root,
 * {@code .signet-streams}, which clients can neither list nor open; see {@code stream.StreamStore}.
 *
 * <p>Every method that touches the disk blocks; the server calls them on its storage executor, never on an event
 * loop. Failures surface as {@link io.signet.protocol.status.SmbException} carrying the NTSTATUS Windows would send.
 */
package io.signet.storage;

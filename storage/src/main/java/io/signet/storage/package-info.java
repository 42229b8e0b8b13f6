/**
 * Windows file semantics over {@code java.nio.file}: a share is a rooted view of a local directory
 * ({@link io.signet.storage.ShareFileSystem}); every client path goes through its one resolver; each SMB2 open is a
 * {@link io.signet.storage.FileHandle}.
 *
 * <p>Windows metadata that POSIX lacks (DOS attributes other than READONLY, the creation time when the file system
 * has no birth time) is kept in one user extended attribute per file ({@code user.signet.dos}); see
 * {@code DosAttributeStore}. READONLY on a file is the owner write permission bit, so it is honoured by local
 * programs as well. Named data streams ([MS-FSCC] 2.1.4) are regular files in a sidecar directory at the share root,
 * {@code .signet-streams}, which clients can neither list nor open; see {@code StreamStore}.
 *
 * <p>Every method that touches the disk blocks; the server calls them on its storage executor, never on an event
 * loop. Failures surface as {@link io.signet.protocol.status.SmbException} carrying the NTSTATUS Windows would send.
 */
package io.signet.storage;

/**
 * Windows metadata kept on a POSIX file system: the stat and attributes
 * ({@link io.signet.storage.metadata.MetadataStore}, over the {@code user.signet.dos} attribute of
 * {@link io.signet.storage.metadata.DosAttributeStore}), extended attributes
 * ({@link io.signet.storage.metadata.EaStore}), security descriptors
 * ({@link io.signet.storage.metadata.SecurityDescriptorStore}) and a client-set ChangeTime
 * ({@link io.signet.storage.metadata.ChangeTimeOverride}, {@link io.signet.storage.metadata.ChangeTimeKeeper}), and
 * LastWriteTime as Windows moves it ({@link io.signet.storage.metadata.WriteTimeTable},
 * {@link io.signet.storage.metadata.OpenWriteTime}, {@link io.signet.storage.metadata.LastWriteTimeOverride});
 * {@link io.signet.storage.metadata.UserXattrs} lists a file's user extended attributes. One open reads and changes
 * them through its {@link io.signet.storage.io.FileMetadataAccess} ({@code handle.metadata()}).
 *
 * <p>The stores use only {@code nt}; every other package of the module may use them.
 */
package io.signet.storage.metadata;

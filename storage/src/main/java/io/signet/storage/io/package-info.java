/**
 * What one open does to its file: READ, WRITE, FLUSH, end of file and allocation size
 * ({@link io.signet.storage.io.FileDataIo}, with {@link io.signet.storage.io.AllocationReservation} checking a
 * requested AllocationSize); the sparse-file controls ({@link io.signet.storage.io.SparseFiles}) with the plain-write
 * zeroing and the zero-scan they are built on ({@link io.signet.storage.io.ZeroFill},
 * {@link io.signet.storage.io.AllocatedRangeScan}); and stat, FileBasicInformation, EAs and ChangeTime
 * ({@link io.signet.storage.io.FileMetadataAccess}). A {@code FileHandle} hands out these helpers:
 * {@code handle.data()}, {@code handle.sparse()}, {@code handle.metadata()}.
 *
 * <p>Each helper sees its open as an {@link io.signet.storage.open.OpenedFile} and the share as its
 * {@link io.signet.storage.open.ShareVolume}; it uses {@code create}, {@code open}, {@code stream},
 * {@code metadata} and {@code nt}, all below it.
 */
package io.signet.storage.io;

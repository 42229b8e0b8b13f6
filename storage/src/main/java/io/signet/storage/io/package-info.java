/**
 * The data of one open: READ, WRITE, FLUSH, end of file and allocation size ({@link io.signet.storage.io.FileDataIo},
 * with {@link io.signet.storage.io.AllocationReservation} checking a requested AllocationSize), and the sparse-file
 * controls ({@link io.signet.storage.io.SparseFiles}) with the plain-write zeroing and the zero-scan they are built on
 * ({@link io.signet.storage.io.ZeroFill}, {@link io.signet.storage.io.AllocatedRangeScan}). A
 * {@link io.signet.storage.FileHandle} hands out its helpers: {@code handle.data()}, {@code handle.sparse()}.
 */
package io.signet.storage.io;

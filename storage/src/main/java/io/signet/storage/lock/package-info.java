/**
 * Byte-range locks ([MS-FSA] 2.1.5.7 and 2.1.5.8): {@link io.signet.storage.lock.ByteRangeLocks} for the share, one
 * {@link io.signet.storage.lock.FileLockTable} per locked file. It uses no other storage package. Share modes are not
 * here: they are checked by the share's {@code OpenFileTable} with {@code SharingCheck}, both in
 * {@code io.signet.storage.open}.
 */
package io.signet.storage.lock;

/**
 * Byte-range locks ([MS-FSA] 2.1.5.7 and 2.1.5.8): {@link io.signet.storage.lock.ByteRangeLocks} for the share, one
 * {@link io.signet.storage.lock.FileLockTable} per locked file. Share modes are not here: they are checked by the
 * share's {@code OpenFileTable} with {@code ShareAccess}'s rule, both in {@code io.signet.storage}.
 */
package io.signet.storage.lock;

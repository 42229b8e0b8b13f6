package io.signet.protocol.fscc;

/**
 * What the information classes report about one file or directory: the four [MS-FSCC] timestamps (FILETIME values),
 * sizes, attributes ([MS-FSCC] 2.6), the 64-bit file id and the link count.
 *
 * @param creationTime   FILETIME the file was created
 * @param lastAccessTime FILETIME of the last read or write
 * @param lastWriteTime  FILETIME of the last data change
 * @param changeTime     FILETIME of the last data or metadata change
 * @param allocationSize bytes allocated on disk, a multiple of the allocation unit
 * @param endOfFile      the file size; 0 for a directory
 * @param fileAttributes [MS-FSCC] 2.6 flags, {@link FileAttributes#NORMAL} when nothing else applies
 * @param fileId         stable for the file's life and unique on the share ([MS-FSCC] 2.1.9)
 * @param numberOfLinks  hard links to the file
 * @param directory      whether this is a directory
 */
public record FileMetadata(long creationTime, long lastAccessTime, long lastWriteTime, long changeTime,
                           long allocationSize, long endOfFile, int fileAttributes, long fileId, int numberOfLinks,
                           boolean directory) {
}

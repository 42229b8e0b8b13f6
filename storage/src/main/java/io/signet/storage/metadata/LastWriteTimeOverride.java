package io.signet.storage.metadata;

/**
 * A LastWriteTime a client set that the file system could not keep as it is: beyond what the JDK can give it (after
 * 2262-04-11 or before 1677-09-21, the range of a signed 64-bit count of nanoseconds since 1970; [MS-DTYP] 2.3.3
 * FILETIME reaches the year 30828) or finer than the file system's resolution.
 *
 * <p>The rule: the file reports {@link #value} while its modification time is still {@link #modificationTime}, the
 * one setting it gave the file, and its modification time from then on; so any later change of the file's data or
 * times, by the server or by a local process, ends the override as it would have moved the time on NTFS.
 *
 * @param value            the FILETIME the client set
 * @param modificationTime the modification time (FILETIME) the file system kept when {@code value} was set
 */
record LastWriteTimeOverride(long value, long modificationTime) {
    /** The LastWriteTime to report for a file whose modification time is {@code realModificationTime}. */
    long effective(long realModificationTime) {
        return realModificationTime == modificationTime ? value : realModificationTime;
    }
}

package io.signet.storage.metadata;

/**
 * A ChangeTime a client set through [MS-FSCC] 2.4.7 FileBasicInformation, kept because Linux offers no way to set a
 * file's ctime.
 *
 * <p>The rule: the file reports {@link #value} while its real ctime is not later than {@link #validUntil}, and its
 * real ctime from then on. {@code validUntil} is taken just before the override is written plus {@link #SLACK}, and
 * checked against the ctime that writing it produced ({@link MetadataStore#recordChangeTime}), so the write itself
 * never counts as a change. Any later change of the inode, whoever makes it (a write, a truncate, chmod, an extended
 * attribute, a rename, a local process), moves ctime past {@code validUntil} and so makes ChangeTime advance, as
 * NTFS advances it. The one imprecision: a change made outside the server within {@link #SLACK} of the override
 * being recorded goes unnoticed; changes the server makes itself do not depend on this, they clear or re-record the
 * override explicitly ({@link ChangeTimeKeeper}).
 *
 * @param value      the FILETIME the client set
 * @param validUntil the latest real ctime (FILETIME) at which {@code value} still holds
 */
public record ChangeTimeOverride(long value, long validUntil) {
    /** 50 ms in FILETIME units (100 ns): ample for the few system calls that record the override. */
    public static final long SLACK = 500_000L;

    /** The ChangeTime to report for a file whose real ctime is {@code realChangeTime}. */
    public long effective(long realChangeTime) {
        return realChangeTime > validUntil ? realChangeTime : value;
    }

    /** Whether the override still holds for a file whose real ctime is {@code realChangeTime}. */
    public boolean holds(long realChangeTime) {
        return realChangeTime <= validUntil;
    }
}

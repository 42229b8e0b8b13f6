package io.signet.protocol.smb2.message;

/**
 * [MS-SMB2] 2.2.26.1 SMB2_LOCK_ELEMENT: one byte range of a LOCK request, 24 bytes on the wire.
 *
 * <p>{@code offset} and {@code length} are the raw unsigned 64-bit values; use {@link Long#compareUnsigned} and
 * friends on them.
 *
 * @param flags {@link #SHARED_LOCK}, {@link #EXCLUSIVE_LOCK} or {@link #UNLOCK}, optionally with
 *              {@link #FAIL_IMMEDIATELY}
 */
public record LockElement(long offset, long length, int flags) {
    public static final int SIZE = 24;

    public static final int SHARED_LOCK = 0x00000001;
    public static final int EXCLUSIVE_LOCK = 0x00000002;
    public static final int UNLOCK = 0x00000004;
    public static final int FAIL_IMMEDIATELY = 0x00000010;
}

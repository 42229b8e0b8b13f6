package io.signet.protocol.smb2;

/**
 * The oplock level byte of [MS-SMB2] 2.2.13 (RequestedOplockLevel of a CREATE), 2.2.14 (OplockLevel of its
 * response) and 2.2.23.1 / 2.2.24.1 / 2.2.25.1 (OplockLevel of a break notification, acknowledgment and response).
 *
 * <p>The messages carry the raw byte, so a value outside this list still travels unchanged; {@link #fromCode} names
 * it {@code null}, which is no level the server grants or accepts.
 */
public enum OplockLevel {
    /** SMB2_OPLOCK_LEVEL_NONE. */
    NONE(0x00),
    /** SMB2_OPLOCK_LEVEL_II: shared read caching. */
    II(0x01),
    /** SMB2_OPLOCK_LEVEL_EXCLUSIVE: read and write caching for the sole open. */
    EXCLUSIVE(0x08),
    /** SMB2_OPLOCK_LEVEL_BATCH: exclusive, and the close may be deferred. */
    BATCH(0x09),
    /** SMB2_OPLOCK_LEVEL_LEASE: a lease context says what is asked for. */
    LEASE(0xFF);

    private final int code;

    OplockLevel(int code) {
        this.code = code;
    }

    /** The byte on the wire. */
    public int code() {
        return code;
    }

    /** The level with this wire value, or {@code null} for a value [MS-SMB2] does not define. */
    public static OplockLevel fromCode(int code) {
        for (OplockLevel level : values()) {
            if (level.code == code) {
                return level;
            }
        }
        return null;
    }
}

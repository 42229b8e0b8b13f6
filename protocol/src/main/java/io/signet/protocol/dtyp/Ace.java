package io.signet.protocol.dtyp;

import io.netty.buffer.ByteBuf;

import io.signet.protocol.smb2.AccessMask;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * [MS-DTYP] 2.4.4 ACE: a 4-byte ACE_HEADER ([MS-DTYP] 2.4.4.1) and a type-specific body.
 *
 * <p>Types whose body is exactly Mask then Sid are modelled: ACCESS_ALLOWED_ACE (2.4.4.2), ACCESS_DENIED_ACE
 * (2.4.4.4), SYSTEM_AUDIT_ACE (2.4.4.10), SYSTEM_ALARM_ACE (reserved, same layout) and SYSTEM_MANDATORY_LABEL_ACE
 * (2.4.4.13); for them {@link #sid()} is non-null and {@link #extra()} holds any bytes between the end of the SID
 * and AceSize (the spec allows AceSize to exceed the fields). Every other type (object ACEs, callback ACEs,
 * resource attributes, ...) is kept opaque: {@link #sid()} is null, {@link #mask()} is 0 and {@link #extra()} is the
 * whole body after the header. Either way {@code decode(encode(ace))} gives back the same bytes.
 *
 * @param type  AceType (1 byte)
 * @param flags AceFlags (1 byte), e.g. {@link #OBJECT_INHERIT_ACE}
 * @param mask  the ACCESS_MASK ([MS-DTYP] 2.4.3) of a modelled type; 0 for an opaque one
 * @param sid   the trustee of a modelled type; null exactly when the type is not modelled
 * @param extra unparsed bytes, as described above; never null
 */
public record Ace(int type, int flags, int mask, Sid sid, byte[] extra) {
    public static final int HEADER_SIZE = 4;

    // AceType, [MS-DTYP] 2.4.4.1.
    public static final int ACCESS_ALLOWED_ACE_TYPE = 0x00;
    public static final int ACCESS_DENIED_ACE_TYPE = 0x01;
    public static final int SYSTEM_AUDIT_ACE_TYPE = 0x02;
    public static final int SYSTEM_ALARM_ACE_TYPE = 0x03;
    public static final int ACCESS_ALLOWED_OBJECT_ACE_TYPE = 0x05;
    public static final int SYSTEM_MANDATORY_LABEL_ACE_TYPE = 0x11;

    // AceFlags, [MS-DTYP] 2.4.4.1.
    public static final int OBJECT_INHERIT_ACE = 0x01;
    public static final int CONTAINER_INHERIT_ACE = 0x02;
    public static final int NO_PROPAGATE_INHERIT_ACE = 0x04;
    public static final int INHERIT_ONLY_ACE = 0x08;
    public static final int INHERITED_ACE = 0x10;
    public static final int SUCCESSFUL_ACCESS_ACE_FLAG = 0x40;
    public static final int FAILED_ACCESS_ACE_FLAG = 0x80;

    // ACCESS_MASK values, [MS-DTYP] 2.4.3; the file-specific combinations are those of the Windows "Security" tab.
    /** FILE_ALL_ACCESS: "Full control". */
    public static final int FULL_CONTROL = AccessMask.FILE_ALL_ACCESS;
    /** FILE_GENERIC_READ | FILE_GENERIC_WRITE | FILE_GENERIC_EXECUTE | DELETE: "Modify". */
    public static final int MODIFY = AccessMask.FILE_GENERIC_READ | AccessMask.FILE_GENERIC_WRITE
            | AccessMask.FILE_GENERIC_EXECUTE | AccessMask.DELETE;
    /** FILE_GENERIC_READ | FILE_GENERIC_EXECUTE: "Read and execute". */
    public static final int READ_AND_EXECUTE = AccessMask.FILE_GENERIC_READ | AccessMask.FILE_GENERIC_EXECUTE;

    private static final byte[] NONE = new byte[0];
    private static final int MASK_SIZE = 4;

    public Ace {
        if ((type & ~0xFF) != 0 || (flags & ~0xFF) != 0) {
            throw new IllegalArgumentException("AceType and AceFlags are one byte each: " + type + ", " + flags);
        }
        Objects.requireNonNull(extra, "extra");
        if (hasMaskAndSid(type) != (sid != null)) {
            throw new IllegalArgumentException("ACE type 0x" + Integer.toHexString(type)
                    + (sid == null ? " needs a SID" : " is kept opaque and takes no SID"));
        }
        if (sid == null && mask != 0) {
            throw new IllegalArgumentException("an opaque ACE keeps its mask in extra");
        }
        extra = extra.clone();
        int size = HEADER_SIZE + (sid == null ? 0 : MASK_SIZE + sid.size()) + extra.length;
        if (size > Acl.MAX_SIZE - Acl.HEADER_SIZE || size % 4 != 0) {
            throw new IllegalArgumentException("AceSize must be a multiple of 4 that fits in an ACL: " + size);
        }
    }

    /** A modelled ACE with nothing after the SID. */
    public Ace(int type, int flags, int mask, Sid sid) {
        this(type, flags, mask, sid, NONE);
    }

    public static Ace allow(Sid sid, int mask, int flags) {
        return new Ace(ACCESS_ALLOWED_ACE_TYPE, flags, mask, sid);
    }

    public static Ace deny(Sid sid, int mask, int flags) {
        return new Ace(ACCESS_DENIED_ACE_TYPE, flags, mask, sid);
    }

    /** An ACE of a type this package does not model, kept as its raw body (everything after ACE_HEADER). */
    public static Ace opaque(int type, int flags, byte[] body) {
        return new Ace(type, flags, 0, null, body);
    }

    /** True for the types decoded as Mask + Sid; see the class comment. */
    public static boolean hasMaskAndSid(int type) {
        return type == ACCESS_ALLOWED_ACE_TYPE || type == ACCESS_DENIED_ACE_TYPE || type == SYSTEM_AUDIT_ACE_TYPE
                || type == SYSTEM_ALARM_ACE_TYPE || type == SYSTEM_MANDATORY_LABEL_ACE_TYPE;
    }

    /** A copy; the record itself is immutable. */
    @Override
    public byte[] extra() {
        return extra.clone();
    }

    /** AceSize: the header, the modelled fields and {@link #extra()}; a multiple of 4. */
    public int size() {
        return HEADER_SIZE + (sid == null ? 0 : MASK_SIZE + sid.size()) + extra.length;
    }

    public void encode(ByteBuf out) {
        out.writeByte(type);                 // AceType (1 byte)
        out.writeByte(flags);                // AceFlags (1 byte)
        out.writeShortLE(size());            // AceSize (2 bytes)
        if (sid != null) {
            out.writeIntLE(mask);            // Mask (4 bytes)
            sid.encode(out);                 // Sid (variable)
        }
        out.writeBytes(extra);
    }

    /**
     * Reads the ACE at absolute {@code index}; it must end at or before {@code limit} (the end of its ACL).
     *
     * @throws io.signet.protocol.status.SmbException STATUS_INVALID_PARAMETER if AceSize is smaller than the
     *                                                header, not a multiple of 4, runs past {@code limit}, or is too
     *                                                small for the Mask and SID of a modelled type
     */
    public static Ace decode(ByteBuf buf, int index, int limit) {
        Malformed.requireRange(buf, index, HEADER_SIZE, limit, "ACE_HEADER");
        int type = buf.getUnsignedByte(index);          // AceType (1 byte)
        int flags = buf.getUnsignedByte(index + 1);     // AceFlags (1 byte)
        int aceSize = buf.getUnsignedShortLE(index + 2); // AceSize (2 bytes)
        if (aceSize < HEADER_SIZE || aceSize % 4 != 0) {
            // [MS-DTYP] 2.4.4.1: AceSize MUST be a multiple of 4 so the next ACE is DWORD-aligned.
            throw Malformed.because("AceSize " + aceSize + " is below 4 or not a multiple of 4");
        }
        Malformed.requireRange(buf, index, aceSize, limit, "ACE");
        int end = index + aceSize;
        if (!hasMaskAndSid(type)) {
            return opaque(type, flags, bytes(buf, index + HEADER_SIZE, end));
        }
        Malformed.requireRange(buf, index + HEADER_SIZE, MASK_SIZE + Sid.HEADER_SIZE, end, "ACE Mask and Sid");
        int mask = buf.getIntLE(index + HEADER_SIZE);   // Mask (4 bytes)
        Sid sid = Sid.decode(buf, index + HEADER_SIZE + MASK_SIZE, end);   // Sid (variable)
        return new Ace(type, flags, mask, sid, bytes(buf, index + HEADER_SIZE + MASK_SIZE + sid.size(), end));
    }

    private static byte[] bytes(ByteBuf buf, int from, int to) {
        byte[] b = new byte[to - from];
        buf.getBytes(from, b);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ace other
                && type == other.type
                && flags == other.flags
                && mask == other.mask
                && Objects.equals(sid, other.sid)
                && Arrays.equals(extra, other.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, flags, mask, sid) * 31 + Arrays.hashCode(extra);
    }

    @Override
    public String toString() {
        return "Ace[type=0x" + Integer.toHexString(type) + ", flags=0x" + Integer.toHexString(flags)
                + ", mask=0x" + Integer.toHexString(mask) + ", sid=" + sid
                + (extra.length == 0 ? "" : ", extra=" + HexFormat.of().formatHex(extra)) + "]";
    }
}

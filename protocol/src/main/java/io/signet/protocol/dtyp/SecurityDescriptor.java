package io.signet.protocol.dtyp;

import io.netty.buffer.ByteBuf;

import static io.signet.protocol.dtyp.SecurityInformation.DACL_SECURITY_INFORMATION;
import static io.signet.protocol.dtyp.SecurityInformation.GROUP_SECURITY_INFORMATION;
import static io.signet.protocol.dtyp.SecurityInformation.OWNER_SECURITY_INFORMATION;
import static io.signet.protocol.dtyp.SecurityInformation.PROTECTED_DACL_SECURITY_INFORMATION;
import static io.signet.protocol.dtyp.SecurityInformation.PROTECTED_SACL_SECURITY_INFORMATION;
import static io.signet.protocol.dtyp.SecurityInformation.SACL_SECURITY_INFORMATION;
import static io.signet.protocol.dtyp.SecurityInformation.UNPROTECTED_DACL_SECURITY_INFORMATION;
import static io.signet.protocol.dtyp.SecurityInformation.UNPROTECTED_SACL_SECURITY_INFORMATION;

/**
 * [MS-DTYP] 2.4.6 SECURITY_DESCRIPTOR in self-relative form: a 20-byte header (Revision, Sbz1, Control and four
 * offsets from the start of the descriptor) followed by the parts the offsets point at.
 *
 * <p>The encoder lays the parts out as SACL, DACL, owner, group, which is the order Windows produces and the order
 * of the [MS-DTYP] 2.5.1.4 example; the spec itself allows any order. Every part is a multiple of 4 bytes long, so
 * every part starts 4-byte aligned.
 *
 * <p>A part is absent when its field is null, with one distinction kept by {@link #control()}: SE_DACL_PRESENT with a
 * null {@link #dacl()} is a NULL DACL (no protection at all), while SE_DACL_PRESENT clear means there is no DACL
 * information. Likewise for the SACL. The constructor sets SE_DACL_PRESENT and SE_SACL_PRESENT whenever the ACL is
 * there and always sets SE_SELF_RELATIVE. Sbz1 (the resource-manager control byte) is not kept: it is written as
 * zero and SE_RM_CONTROL_VALID is cleared.
 *
 * @param control SECURITY_DESCRIPTOR Control, the SE_* bits below
 * @param owner   OwnerSid, or null
 * @param group   GroupSid, or null
 * @param sacl    Sacl, or null
 * @param dacl    Dacl, or null
 */
public record SecurityDescriptor(int control, Sid owner, Sid group, Acl sacl, Acl dacl) {
    /** [MS-DTYP] 2.4.6: Revision MUST be 1. */
    public static final int REVISION = 1;
    public static final int HEADER_SIZE = 20;

    // Control, [MS-DTYP] 2.4.6.
    public static final int SE_OWNER_DEFAULTED = 0x0001;
    public static final int SE_GROUP_DEFAULTED = 0x0002;
    public static final int SE_DACL_PRESENT = 0x0004;
    public static final int SE_DACL_DEFAULTED = 0x0008;
    public static final int SE_SACL_PRESENT = 0x0010;
    public static final int SE_SACL_DEFAULTED = 0x0020;
    public static final int SE_DACL_TRUSTED = 0x0040;
    public static final int SE_SERVER_SECURITY = 0x0080;
    public static final int SE_DACL_AUTO_INHERIT_REQ = 0x0100;
    public static final int SE_SACL_AUTO_INHERIT_REQ = 0x0200;
    public static final int SE_DACL_AUTO_INHERITED = 0x0400;
    public static final int SE_SACL_AUTO_INHERITED = 0x0800;
    public static final int SE_DACL_PROTECTED = 0x1000;
    public static final int SE_SACL_PROTECTED = 0x2000;
    public static final int SE_RM_CONTROL_VALID = 0x4000;
    public static final int SE_SELF_RELATIVE = 0x8000;

    /** Control bits that describe the DACL and travel with it. */
    private static final int DACL_BITS = SE_DACL_PRESENT | SE_DACL_DEFAULTED | SE_DACL_AUTO_INHERITED
            | SE_DACL_PROTECTED;
    private static final int SACL_BITS = SE_SACL_PRESENT | SE_SACL_DEFAULTED | SE_SACL_AUTO_INHERITED
            | SE_SACL_PROTECTED;

    public SecurityDescriptor {
        if ((control & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("Control is 16 bits: 0x" + Integer.toHexString(control));
        }
        control = (control | SE_SELF_RELATIVE) & ~SE_RM_CONTROL_VALID;
        if (dacl != null) {
            control |= SE_DACL_PRESENT;
        }
        if (sacl != null) {
            control |= SE_SACL_PRESENT;
        }
    }

    public boolean isDaclPresent() {
        return (control & SE_DACL_PRESENT) != 0;
    }

    /** SE_DACL_PRESENT without an ACL: [MS-DTYP] 2.4.6 grants everyone every access. */
    public boolean isNullDacl() {
        return isDaclPresent() && dacl == null;
    }

    public boolean isSaclPresent() {
        return (control & SE_SACL_PRESENT) != 0;
    }

    public int encodedSize() {
        return HEADER_SIZE
                + (sacl == null ? 0 : sacl.size())
                + (dacl == null ? 0 : dacl.size())
                + (owner == null ? 0 : owner.size())
                + (group == null ? 0 : group.size());
    }

    /** Writes the self-relative form at the writer index; see the class comment for the layout. */
    public void encode(ByteBuf out) {
        int next = HEADER_SIZE;
        int saclOffset = 0;
        int daclOffset = 0;
        int ownerOffset = 0;
        int groupOffset = 0;
        if (sacl != null) {
            saclOffset = next;
            next += sacl.size();
        }
        if (dacl != null) {
            daclOffset = next;
            next += dacl.size();
        }
        if (owner != null) {
            ownerOffset = next;
            next += owner.size();
        }
        if (group != null) {
            groupOffset = next;
        }
        out.writeByte(REVISION);             // Revision (1 byte)
        out.writeByte(0);                    // Sbz1 (1 byte)
        out.writeShortLE(control);           // Control (2 bytes)
        out.writeIntLE(ownerOffset);         // OffsetOwner (4 bytes)
        out.writeIntLE(groupOffset);         // OffsetGroup (4 bytes)
        out.writeIntLE(saclOffset);          // OffsetSacl (4 bytes)
        out.writeIntLE(daclOffset);          // OffsetDacl (4 bytes)
        if (sacl != null) {
            sacl.encode(out);
        }
        if (dacl != null) {
            dacl.encode(out);
        }
        if (owner != null) {
            owner.encode(out);
        }
        if (group != null) {
            group.encode(out);
        }
    }

    /**
     * Decodes the descriptor that starts at the reader index and extends at most to the writer index (the SET_INFO
     * input buffer); offsets are relative to the reader index. The reader index is left after the last byte of the
     * furthest part.
     *
     * <p>As in Windows' validation of a self-relative descriptor, an ACL offset is ignored when its PRESENT bit is
     * clear, and a zero offset means the part is absent (a NULL ACL when its PRESENT bit is set). Beyond Windows, the
     * parts must not overlap each other or the header.
     *
     * @throws io.signet.protocol.status.SmbException STATUS_INVALID_PARAMETER if the header is short, Revision is not
     *                                                1, SE_SELF_RELATIVE is clear, an offset is unaligned or points
     *                                                into the header or past the buffer, a part is malformed or runs
     *                                                past the buffer, or two parts overlap
     */
    public static SecurityDescriptor decode(ByteBuf buf) {
        int base = buf.readerIndex();
        int limit = buf.writerIndex();
        Malformed.requireRange(buf, base, HEADER_SIZE, limit, "SECURITY_DESCRIPTOR header");
        int revision = buf.getUnsignedByte(base);            // Revision (1 byte); Sbz1 (1 byte) not kept
        int control = buf.getUnsignedShortLE(base + 2);      // Control (2 bytes)
        long ownerOffset = buf.getUnsignedIntLE(base + 4);   // OffsetOwner (4 bytes)
        long groupOffset = buf.getUnsignedIntLE(base + 8);   // OffsetGroup (4 bytes)
        long saclOffset = buf.getUnsignedIntLE(base + 12);   // OffsetSacl (4 bytes)
        long daclOffset = buf.getUnsignedIntLE(base + 16);   // OffsetDacl (4 bytes)
        if (revision != REVISION) {
            throw Malformed.because("SECURITY_DESCRIPTOR Revision " + revision + " is not 1");
        }
        if ((control & SE_SELF_RELATIVE) == 0) {
            throw Malformed.because("SE_SELF_RELATIVE is clear");
        }
        if ((control & SE_SACL_PRESENT) == 0) {
            saclOffset = 0;
        }
        if ((control & SE_DACL_PRESENT) == 0) {
            daclOffset = 0;
        }
        Parts parts = new Parts(buf, base, limit);
        Sid owner = ownerOffset == 0 ? null : Sid.decode(buf, parts.start(ownerOffset, "owner"), limit);
        if (owner != null) {
            parts.claim(ownerOffset, owner.size(), "owner");
        }
        Sid group = groupOffset == 0 ? null : Sid.decode(buf, parts.start(groupOffset, "group"), limit);
        if (group != null) {
            parts.claim(groupOffset, group.size(), "group");
        }
        Acl sacl = saclOffset == 0 ? null : Acl.decode(buf, parts.start(saclOffset, "SACL"), limit);
        if (sacl != null) {
            // The declared AclSize is what the descriptor occupies, even where it holds unused space.
            parts.claim(saclOffset, buf.getUnsignedShortLE(base + (int) saclOffset + 2), "SACL");
        }
        Acl dacl = daclOffset == 0 ? null : Acl.decode(buf, parts.start(daclOffset, "DACL"), limit);
        if (dacl != null) {
            parts.claim(daclOffset, buf.getUnsignedShortLE(base + (int) daclOffset + 2), "DACL");
        }
        buf.readerIndex(base + parts.end);
        return new SecurityDescriptor(control, owner, group, sacl, dacl);
    }

    /** The byte ranges already taken by decoded parts, to reject overlaps. At most four, so a plain array. */
    private static final class Parts {
        private final ByteBuf buf;
        private final int base;
        private final int limit;
        private final long[] starts = new long[4];
        private final long[] ends = new long[4];
        private int count;
        private int end = HEADER_SIZE;

        Parts(ByteBuf buf, int base, int limit) {
            this.buf = buf;
            this.base = base;
            this.limit = limit;
        }

        /** Validates a non-zero offset and returns the absolute index it points at. */
        int start(long offset, String what) {
            if (offset < HEADER_SIZE || offset % 4 != 0 || offset >= limit - base) {
                throw Malformed.because(what + " offset " + offset + " is inside the header, unaligned or past the "
                        + (limit - base) + "-byte buffer");
            }
            return base + (int) offset;
        }

        void claim(long offset, int length, String what) {
            long partEnd = offset + length;
            for (int i = 0; i < count; i++) {
                if (offset < ends[i] && starts[i] < partEnd) {
                    throw Malformed.because(what + " at [" + offset + ", " + partEnd + ") overlaps another part");
                }
            }
            starts[count] = offset;
            ends[count] = partEnd;
            count++;
            end = (int) Math.max(end, partEnd);
        }
    }

    /**
     * The descriptor a QUERY_INFO returns for AdditionalInformation {@code securityInformation} ([MS-SMB2] 2.2.37):
     * only the owner, group, DACL and SACL named by it, with the control bits of the parts left out cleared.
     * PROTECTED_* / UNPROTECTED_* and unknown bits in the request are ignored.
     */
    public SecurityDescriptor select(int securityInformation) {
        int c = SE_SELF_RELATIVE;
        Sid o = null;
        Sid g = null;
        Acl s = null;
        Acl d = null;
        if ((securityInformation & OWNER_SECURITY_INFORMATION) != 0) {
            o = owner;
            c |= control & SE_OWNER_DEFAULTED;
        }
        if ((securityInformation & GROUP_SECURITY_INFORMATION) != 0) {
            g = group;
            c |= control & SE_GROUP_DEFAULTED;
        }
        if ((securityInformation & DACL_SECURITY_INFORMATION) != 0) {
            d = dacl;
            c |= control & DACL_BITS;
        }
        if ((securityInformation & SACL_SECURITY_INFORMATION) != 0) {
            s = sacl;
            c |= control & SACL_BITS;
        }
        return new SecurityDescriptor(c, o, g, s, d);
    }

    /**
     * The result of a SET_INFO ([MS-SMB2] 2.2.39) of {@code update} with AdditionalInformation
     * {@code securityInformation}: the owner, group, DACL and SACL it names are taken from {@code update} together
     * with their control bits (DEFAULTED, and for an ACL also PRESENT, AUTO_INHERITED and PROTECTED); everything
     * else is kept from this descriptor. An ACL is stored SE_*_AUTO_INHERITED only when the update also carries
     * SE_*_AUTO_INHERIT_REQ.
     *
     * <p>PROTECTED_DACL_SECURITY_INFORMATION / UNPROTECTED_DACL_SECURITY_INFORMATION set or clear SE_DACL_PROTECTED
     * when the DACL is replaced, and likewise for the SACL. The AUTO_INHERIT_REQ bits are requests to propagate
     * inheritance to children, which is not done here, so they are not stored.
     *
     * @throws io.signet.protocol.status.SmbException STATUS_INVALID_PARAMETER if the owner or group is to be set but
     *                                                {@code update} has none, or both PROTECTED and UNPROTECTED are
     *                                                asked for the same ACL
     */
    public SecurityDescriptor merge(SecurityDescriptor update, int securityInformation) {
        int c = control;
        Sid o = owner;
        Sid g = group;
        Acl s = sacl;
        Acl d = dacl;
        if ((securityInformation & OWNER_SECURITY_INFORMATION) != 0) {
            if (update.owner == null) {
                throw Malformed.because("OWNER_SECURITY_INFORMATION without an owner SID");
            }
            o = update.owner;
            c = (c & ~SE_OWNER_DEFAULTED) | (update.control & SE_OWNER_DEFAULTED);
        }
        if ((securityInformation & GROUP_SECURITY_INFORMATION) != 0) {
            if (update.group == null) {
                throw Malformed.because("GROUP_SECURITY_INFORMATION without a group SID");
            }
            g = update.group;
            c = (c & ~SE_GROUP_DEFAULTED) | (update.control & SE_GROUP_DEFAULTED);
        }
        if ((securityInformation & DACL_SECURITY_INFORMATION) != 0) {
            d = update.dacl;
            c = (c & ~(DACL_BITS | SE_DACL_AUTO_INHERIT_REQ)) | (update.control & DACL_BITS & ~SE_DACL_AUTO_INHERITED)
                    | autoInherited(update.control, SE_DACL_AUTO_INHERITED, SE_DACL_AUTO_INHERIT_REQ);
            c = applyProtection(c, securityInformation, PROTECTED_DACL_SECURITY_INFORMATION,
                    UNPROTECTED_DACL_SECURITY_INFORMATION, SE_DACL_PROTECTED);
        }
        if ((securityInformation & SACL_SECURITY_INFORMATION) != 0) {
            s = update.sacl;
            c = (c & ~(SACL_BITS | SE_SACL_AUTO_INHERIT_REQ)) | (update.control & SACL_BITS & ~SE_SACL_AUTO_INHERITED)
                    | autoInherited(update.control, SE_SACL_AUTO_INHERITED, SE_SACL_AUTO_INHERIT_REQ);
            c = applyProtection(c, securityInformation, PROTECTED_SACL_SECURITY_INFORMATION,
                    UNPROTECTED_SACL_SECURITY_INFORMATION, SE_SACL_PROTECTED);
        }
        return new SecurityDescriptor(c, o, g, s, d);
    }

    /**
     * SE_DACL_AUTO_INHERITED (or the SACL's) as a SET_INFO stores it: only when the caller also set the
     * AUTO_INHERIT_REQ bit, i.e. says the ACL was computed by automatic inheritance (smbtorture smb2.acls
     * INHERITFLAGS records this of Windows).
     */
    private static int autoInherited(int updateControl, int autoInherited, int request) {
        return (updateControl & (autoInherited | request)) == (autoInherited | request) ? autoInherited : 0;
    }

    private static int applyProtection(int control, int info, int protect, int unprotect, int bit) {
        boolean on = (info & protect) != 0;
        boolean off = (info & unprotect) != 0;
        if (on && off) {
            throw Malformed.because("both PROTECTED and UNPROTECTED requested for the same ACL");
        }
        if (on) {
            return control | bit;
        }
        return off ? control & ~bit : control;
    }
}

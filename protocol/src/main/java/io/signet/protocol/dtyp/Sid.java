package io.signet.protocol.dtyp;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.Objects;

/**
 * [MS-DTYP] 2.4.2 SID, a security identifier: an 8-byte header (Revision, SubAuthorityCount, a 6-byte big-endian
 * IdentifierAuthority) followed by up to 15 little-endian 32-bit sub-authorities ([MS-DTYP] 2.4.2.2).
 *
 * <p>Sub-authorities are unsigned on the wire and in the string form; Java holds them in {@code int}, so read them
 * with {@link Integer#toUnsignedLong(int)} when comparing magnitudes.
 *
 * @param revision            always {@link #REVISION}
 * @param identifierAuthority the 48-bit authority, e.g. 5 for SECURITY_NT_AUTHORITY ([MS-DTYP] 2.4.1.1)
 * @param subAuthorities      0 to 15 sub-authorities, the last of which is usually the RID
 */
public record Sid(int revision, long identifierAuthority, int[] subAuthorities) {
    /** [MS-DTYP] 2.4.2.2: Revision MUST be 0x01. */
    public static final int REVISION = 1;
    public static final int MAX_SUB_AUTHORITIES = 15;
    /** Revision, SubAuthorityCount and IdentifierAuthority. */
    public static final int HEADER_SIZE = 8;
    private static final long MAX_AUTHORITY = 0xFFFF_FFFF_FFFFL;

    /** SECURITY_NT_AUTHORITY, [MS-DTYP] 2.4.1.1. */
    public static final long NT_AUTHORITY = 5;
    /** SECURITY_NT_NON_UNIQUE, [MS-DTYP] 2.4.2.4: the first sub-authority of machine and domain SIDs. */
    public static final int NT_NON_UNIQUE = 21;

    // Well-known SIDs, [MS-DTYP] 2.4.2.4.
    public static final Sid EVERYONE = of(1, 0);
    public static final Sid CREATOR_OWNER = of(3, 0);
    public static final Sid CREATOR_GROUP = of(3, 1);
    /** OWNER RIGHTS: an ACE for it replaces the rights a descriptor's owner gets implicitly ([MS-DTYP] 2.5.3.2). */
    public static final Sid OWNER_RIGHTS = of(3, 4);
    /** NETWORK: in the token of every user logged on over the network. */
    public static final Sid NETWORK = of(NT_AUTHORITY, 2);
    public static final Sid ANONYMOUS = of(NT_AUTHORITY, 7);
    public static final Sid AUTHENTICATED_USERS = of(NT_AUTHORITY, 11);
    public static final Sid LOCAL_SYSTEM = of(NT_AUTHORITY, 18);
    public static final Sid BUILTIN_ADMINISTRATORS = of(NT_AUTHORITY, 32, 544);
    public static final Sid BUILTIN_USERS = of(NT_AUTHORITY, 32, 545);

    public Sid {
        if (revision != REVISION) {
            throw new IllegalArgumentException("SID revision must be 1: " + revision);
        }
        if (identifierAuthority < 0 || identifierAuthority > MAX_AUTHORITY) {
            throw new IllegalArgumentException("IdentifierAuthority is 48 bits: " + identifierAuthority);
        }
        Objects.requireNonNull(subAuthorities, "subAuthorities");
        if (subAuthorities.length > MAX_SUB_AUTHORITIES) {
            throw new IllegalArgumentException("at most 15 sub-authorities: " + subAuthorities.length);
        }
        subAuthorities = subAuthorities.clone();
    }

    /** A revision-1 SID. */
    public static Sid of(long identifierAuthority, int... subAuthorities) {
        return new Sid(REVISION, identifierAuthority, subAuthorities);
    }

    /** A copy; the record itself is immutable. */
    @Override
    public int[] subAuthorities() {
        return subAuthorities.clone();
    }

    public int subAuthorityCount() {
        return subAuthorities.length;
    }

    public int subAuthority(int i) {
        return subAuthorities[i];
    }

    /** This SID with {@code rid} appended, e.g. a domain SID plus a user's relative identifier. */
    public Sid withRid(int rid) {
        int[] longer = Arrays.copyOf(subAuthorities, subAuthorities.length + 1);
        longer[subAuthorities.length] = rid;
        return new Sid(revision, identifierAuthority, longer);
    }

    /** Encoded size in bytes: 8 + 4 per sub-authority, always a multiple of 4. */
    public int size() {
        return HEADER_SIZE + 4 * subAuthorities.length;
    }

    public void encode(ByteBuf out) {
        out.writeByte(revision);                                // Revision (1 byte)
        out.writeByte(subAuthorities.length);                   // SubAuthorityCount (1 byte)
        out.writeShort((int) (identifierAuthority >>> 32));     // IdentifierAuthority (6 bytes, big-endian)
        out.writeInt((int) identifierAuthority);
        for (int sub : subAuthorities) {
            out.writeIntLE(sub);                                // SubAuthority (4 bytes each, little-endian)
        }
    }

    /**
     * Reads a SID at absolute {@code index} without moving the buffer's indices; the SID must end at or before
     * {@code limit}.
     *
     * @throws io.signet.protocol.status.SmbException STATUS_INVALID_PARAMETER if the SID runs past {@code limit},
     *                                                its revision is not 1 or it claims more than 15 sub-authorities
     */
    public static Sid decode(ByteBuf buf, int index, int limit) {
        Malformed.requireRange(buf, index, HEADER_SIZE, limit, "SID");
        int revision = buf.getUnsignedByte(index);              // Revision (1 byte)
        int count = buf.getUnsignedByte(index + 1);             // SubAuthorityCount (1 byte)
        if (revision != REVISION) {
            throw Malformed.because("SID revision " + revision + " is not 1");
        }
        if (count > MAX_SUB_AUTHORITIES) {
            throw Malformed.because("SID SubAuthorityCount " + count + " exceeds 15");
        }
        Malformed.requireRange(buf, index, HEADER_SIZE + 4L * count, limit, "SID");
        long authority = ((long) buf.getUnsignedShort(index + 2) << 32)   // IdentifierAuthority (6 bytes, BE)
                | buf.getUnsignedInt(index + 4);
        int[] subs = new int[count];
        for (int i = 0; i < count; i++) {
            subs[i] = buf.getIntLE(index + HEADER_SIZE + 4 * i);          // SubAuthority (4 bytes each)
        }
        return new Sid(revision, authority, subs);
    }

    /**
     * Parses the string form of [MS-DTYP] 2.4.2.1: {@code S-1-<authority>(-<sub-authority>)*}, the authority in
     * decimal or as {@code 0x} and 12 hex digits, each sub-authority an unsigned 32-bit decimal.
     *
     * @throws IllegalArgumentException if {@code s} is not in that form
     */
    public static Sid parse(String s) {
        Objects.requireNonNull(s, "s");
        String[] parts = s.split("-", -1);
        if (parts.length < 3 || !parts[0].equalsIgnoreCase("S") || !parts[1].equals("1")) {
            throw new IllegalArgumentException("not a revision-1 SID string: " + s);
        }
        if (parts.length - 3 > MAX_SUB_AUTHORITIES) {
            throw new IllegalArgumentException("more than 15 sub-authorities: " + s);
        }
        long authority;
        String a = parts[2];
        if (a.length() == 14 && (a.startsWith("0x") || a.startsWith("0X"))) {
            authority = unsignedNumber(a.substring(2), 16, MAX_AUTHORITY, s);
        } else {
            authority = unsignedNumber(a, 10, 0xFFFF_FFFFL, s);
        }
        int[] subs = new int[parts.length - 3];
        for (int i = 0; i < subs.length; i++) {
            subs[i] = (int) unsignedNumber(parts[i + 3], 10, 0xFFFF_FFFFL, s);
        }
        return of(authority, subs);
    }

    private static long unsignedNumber(String digits, int radix, long max, String whole) {
        // Long.parseLong alone would also take a sign and unbounded leading zeros.
        if (digits.isEmpty() || digits.length() > 12 || Character.digit(digits.charAt(0), radix) < 0) {
            throw new IllegalArgumentException("bad number '" + digits + "' in SID string: " + whole);
        }
        try {
            long value = Long.parseLong(digits, radix);
            if (value > max) {
                throw new IllegalArgumentException("'" + digits + "' out of range in SID string: " + whole);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number '" + digits + "' in SID string: " + whole, e);
        }
    }

    /** The [MS-DTYP] 2.4.2.1 string form, e.g. {@code S-1-5-32-544}; authorities of 2^32 and above in hex. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("S-").append(revision).append('-');
        if (identifierAuthority >= (1L << 32)) {
            sb.append(String.format("0x%012X", identifierAuthority));
        } else {
            sb.append(identifierAuthority);
        }
        for (int sub : subAuthorities) {
            sb.append('-').append(Integer.toUnsignedString(sub));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sid other
                && revision == other.revision
                && identifierAuthority == other.identifierAuthority
                && Arrays.equals(subAuthorities, other.subAuthorities);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(identifierAuthority) + Arrays.hashCode(subAuthorities);
    }
}

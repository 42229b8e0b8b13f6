package io.signet.protocol.dtyp;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * [MS-DTYP] 2.4.5 ACL: an 8-byte header (AclRevision, Sbz1, AclSize, AceCount, Sbz2) followed by AceCount ACEs.
 *
 * <p>The encoder writes the ACL compactly, AclSize being the header plus the ACEs. Windows may leave unused space
 * after the last ACE (AclSize larger than the ACEs need); the decoder accepts it and drops it, so such an ACL does not
 * re-encode to the same bytes, but to the same ACEs.
 *
 * <p>AclSize is 16 bits, so an ACL is at most 64 KiB; with the smallest possible ACE (a bare 4-byte header) that
 * bounds AceCount at 16381, and the decoder rejects any AceCount that the declared AclSize cannot hold before it
 * allocates anything.
 *
 * @param revision {@link #ACL_REVISION}, or {@link #ACL_REVISION_DS} when object ACEs are present
 * @param aces     the ACEs, in order (order is significant for access checks)
 */
public record Acl(int revision, List<Ace> aces) {
    public static final int ACL_REVISION = 2;
    public static final int ACL_REVISION_DS = 4;
    public static final int HEADER_SIZE = 8;
    /** The largest AclSize that is both 16 bits and a multiple of 4. */
    public static final int MAX_SIZE = 0xFFFC;

    public Acl {
        // Windows' RtlValidAcl accepts revisions 2 through 4; 3 is never produced but is not rejected.
        if (revision < ACL_REVISION || revision > ACL_REVISION_DS) {
            throw new IllegalArgumentException("AclRevision must be 2..4: " + revision);
        }
        aces = List.copyOf(aces);
        long size = HEADER_SIZE;
        for (Ace ace : aces) {
            size += ace.size();
        }
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException("ACL of " + size + " bytes exceeds AclSize's 16 bits");
        }
    }

    /** An ACL_REVISION ACL. */
    public static Acl of(Ace... aces) {
        return new Acl(ACL_REVISION, List.of(aces));
    }

    /** AclSize as written: the header plus every ACE. */
    public int size() {
        int size = HEADER_SIZE;
        for (Ace ace : aces) {
            size += ace.size();
        }
        return size;
    }

    public void encode(ByteBuf out) {
        out.writeByte(revision);             // AclRevision (1 byte)
        out.writeByte(0);                    // Sbz1 (1 byte)
        out.writeShortLE(size());            // AclSize (2 bytes)
        out.writeShortLE(aces.size());       // AceCount (2 bytes)
        out.writeShortLE(0);                 // Sbz2 (2 bytes)
        for (Ace ace : aces) {
            ace.encode(out);
        }
    }

    /**
     * Reads the ACL at absolute {@code index}; AclSize bytes from there must end at or before {@code limit}.
     *
     * @throws io.signet.protocol.status.SmbException STATUS_INVALID_PARAMETER if the revision is unknown, AclSize is
     *                                                below 8, not a multiple of 4 or runs past {@code limit}, or the
     *                                                ACEs do not fit in AclSize
     */
    public static Acl decode(ByteBuf buf, int index, int limit) {
        Malformed.requireRange(buf, index, HEADER_SIZE, limit, "ACL header");
        int revision = buf.getUnsignedByte(index);          // AclRevision (1 byte); Sbz1 (1 byte) ignored
        int aclSize = buf.getUnsignedShortLE(index + 2);    // AclSize (2 bytes)
        int aceCount = buf.getUnsignedShortLE(index + 4);   // AceCount (2 bytes); Sbz2 (2 bytes) ignored
        if (revision < ACL_REVISION || revision > ACL_REVISION_DS) {
            throw Malformed.because("AclRevision " + revision + " is not 2..4");
        }
        if (aclSize < HEADER_SIZE || aclSize % 4 != 0) {
            throw Malformed.because("AclSize " + aclSize + " is below 8 or not a multiple of 4");
        }
        Malformed.requireRange(buf, index, aclSize, limit, "ACL");
        if (aceCount > (aclSize - HEADER_SIZE) / Ace.HEADER_SIZE) {
            throw Malformed.because("AceCount " + aceCount + " cannot fit in AclSize " + aclSize);
        }
        int end = index + aclSize;
        List<Ace> aces = new ArrayList<>(aceCount);
        int pos = index + HEADER_SIZE;
        for (int i = 0; i < aceCount; i++) {
            Ace ace = Ace.decode(buf, pos, end);
            aces.add(ace);
            pos += ace.size();
        }
        return new Acl(revision, aces);
    }
}

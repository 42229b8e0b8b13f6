package io.signet.protocol.dtyp;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** ACE and ACL layouts, [MS-DTYP] 2.4.4 and 2.4.5. */
class AclTest {
    private static final String ALLOW_SYSTEM_FULL =
            "00 03 1400"                        // ACCESS_ALLOWED, OBJECT_INHERIT|CONTAINER_INHERIT, AceSize 20
            + " ff011f00"                       // Mask FILE_ALL_ACCESS
            + " 0101 000000000005 12000000";    // S-1-5-18
    private static final String DENY_EVERYONE_DELETE =
            "01 00 1400 00000100 0101 000000000001 00000000";   // ACCESS_DENIED, DELETE, S-1-1-0
    /** ACCESS_ALLOWED_OBJECT_ACE ([MS-DTYP] 2.4.4.3): Mask, Flags, ObjectType GUID, Sid; kept opaque. */
    private static final String OBJECT_ACE =
            "05 00 2c00 00010000 01000000 00112233445566778899aabbccddeeff 0102 000000000005 20000000 20020000";

    private static Ace ace(ByteBuf b) {
        return Ace.decode(b, b.readerIndex(), b.writerIndex());
    }

    private static Acl acl(ByteBuf b) {
        return Acl.decode(b, b.readerIndex(), b.writerIndex());
    }

    @Test
    void allowedAndDeniedAces() {
        Ace allow = Ace.allow(Sid.LOCAL_SYSTEM, Ace.FULL_CONTROL, Ace.OBJECT_INHERIT_ACE | Ace.CONTAINER_INHERIT_ACE);
        assertEquals(Hex.clean(ALLOW_SYSTEM_FULL), Hex.encoded(allow::encode));
        assertEquals(allow, Hex.decoded(ALLOW_SYSTEM_FULL, AclTest::ace));
        Ace deny = Ace.deny(Sid.EVERYONE, 0x00010000, 0);
        assertEquals(Hex.clean(DENY_EVERYONE_DELETE), Hex.encoded(deny::encode));
        assertEquals(deny, Hex.decoded(DENY_EVERYONE_DELETE, AclTest::ace));
    }

    @Test
    void unknownAceTypesRoundTripAsOpaqueBytes() {
        Ace object = Hex.decoded(OBJECT_ACE, AclTest::ace);
        assertEquals(Ace.ACCESS_ALLOWED_OBJECT_ACE_TYPE, object.type());
        assertNull(object.sid());
        assertEquals(40, object.extra().length);
        assertEquals(Hex.clean(OBJECT_ACE), Hex.encoded(object::encode));
    }

    @Test
    void bytesAfterTheSidAreKept() {
        String padded = "00 00 1800 ff011f00 0101 000000000005 12000000 deadbeef";   // AceSize 24, SID ends at 20
        Ace ace = Hex.decoded(padded, AclTest::ace);
        assertEquals(Sid.LOCAL_SYSTEM, ace.sid());
        assertArrayEquals(Hex.bytes("deadbeef"), ace.extra());
        assertEquals(Hex.clean(padded), Hex.encoded(ace::encode));
    }

    @Test
    void malformedAces() {
        // AceSize smaller than ACE_HEADER, zero, not a multiple of 4, past the end, too small for Mask + Sid.
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("00 00 0200 00000000", AclTest::ace));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("05 00 0000 00000000", AclTest::ace));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("05 00 0600 00000000", AclTest::ace));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("00 00 1800 ff011f00 0101 000000000005 12000000",
                AclTest::ace));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("00 00 0c00 ff011f00 01010000", AclTest::ace));
        // A SID whose count claims more than AceSize holds: the ACE bounds the SID, not the buffer.
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                Hex.failure("00 00 1000 ff011f00 0102 000000000005 20000000 20020000", AclTest::ace));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("0000", AclTest::ace));
        // An opaque ACE claiming more bytes than the buffer has.
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("05 00 2000 00000000", AclTest::ace));
    }

    @Test
    void anAceMayNotRunPastItsAcl() {
        // AclSize 16 holds the header and 8 bytes, but the opaque ACE claims 12; the buffer itself has enough.
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                Hex.failure("02 00 1000 0100 0000 07 00 0c00 00000000 00000000", AclTest::acl));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                Hex.failure("02 00 1000 0100 0000 00 00 1400 ff011f00 0101 000000000005 12000000", AclTest::acl));
    }

    @Test
    void aclLayout() {
        Acl acl = new Acl(Acl.ACL_REVISION, List.of(
                Ace.deny(Sid.EVERYONE, 0x00010000, 0),
                Ace.allow(Sid.LOCAL_SYSTEM, Ace.FULL_CONTROL, Ace.OBJECT_INHERIT_ACE | Ace.CONTAINER_INHERIT_ACE)));
        String hex = "02 00 3000 0200 0000"   // AclRevision 2, Sbz1, AclSize 48, AceCount 2, Sbz2
                + DENY_EVERYONE_DELETE + ALLOW_SYSTEM_FULL;
        assertEquals(Hex.clean(hex), Hex.encoded(acl::encode));
        assertEquals(48, acl.size());
        assertEquals(acl, Hex.decoded(hex, AclTest::acl));
        assertEquals(Hex.clean("02 00 0800 0000 0000"), Hex.encoded(Acl.of()::encode));
    }

    @Test
    void unusedSpaceAfterTheLastAceIsDropped() {
        String withSlack = "02 00 2000 0100 0000" + DENY_EVERYONE_DELETE + " 00000000";   // AclSize 32 for 28 used
        Acl acl = Hex.decoded(withSlack, AclTest::acl);
        assertEquals(List.of(Ace.deny(Sid.EVERYONE, 0x00010000, 0)), acl.aces());
        assertEquals(28, acl.size());
    }

    @Test
    void malformedAcls() {
        // AclSize larger than the buffer.
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                Hex.failure("02 00 4000 0100 0000" + DENY_EVERYONE_DELETE, AclTest::acl));
        // AceCount 60000 with a tiny buffer: rejected before any allocation by count.
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("02 00 0c00 60ea 0000 00000400", AclTest::acl));
        // AceCount 2 but AclSize only holds one ACE.
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                Hex.failure("02 00 1c00 0200 0000" + DENY_EVERYONE_DELETE + DENY_EVERYONE_DELETE, AclTest::acl));
        // AclSize below the header, AclSize unaligned, unknown revision, short header.
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("02 00 0400 0000 0000", AclTest::acl));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("02 00 0a00 0000 0000 0000", AclTest::acl));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("01 00 0800 0000 0000", AclTest::acl));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("02 00 0800", AclTest::acl));
    }

    @Test
    void constructorsRejectWhatCannotBeEncoded() {
        assertThrows(IllegalArgumentException.class, () -> new Ace(Ace.ACCESS_ALLOWED_ACE_TYPE, 0, 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Ace(Ace.ACCESS_ALLOWED_OBJECT_ACE_TYPE, 0, 0, Sid.EVERYONE));
        assertThrows(IllegalArgumentException.class, () -> Ace.opaque(0x05, 0, new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> new Acl(1, List.of()));
        Ace big = Ace.opaque(0x05, 0, new byte[0xFFF0]);
        assertThrows(IllegalArgumentException.class, () -> Acl.of(big, big));
    }
}

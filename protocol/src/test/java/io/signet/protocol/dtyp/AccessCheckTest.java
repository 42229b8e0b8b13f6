package io.signet.protocol.dtyp;

import io.signet.protocol.smb2.AccessMask;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.signet.protocol.dtyp.GenericMapping.FILES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** [MS-DTYP] 2.5.3.2 access checks against a DACL, with the file generic mapping. */
class AccessCheckTest {
    private static final Sid ALICE = Sid.parse("S-1-5-21-1-2-3-1001");
    private static final Sid BOB = Sid.parse("S-1-5-21-1-2-3-1002");
    private static final AccessToken ALICE_TOKEN = new AccessToken(ALICE,
            List.of(Sid.EVERYONE, Sid.NETWORK, Sid.AUTHENTICATED_USERS, Sid.BUILTIN_USERS));

    private static final int READ_DATA = 0x1;
    private static final int WRITE_DATA = 0x2;
    private static final int DELETE = 0x10000;
    private static final int READ_CONTROL = 0x20000;
    private static final int WRITE_DAC = 0x40000;
    private static final int FILE_ALL_ACCESS = 0x001F01FF;

    private static SecurityDescriptor sd(Sid owner, Ace... aces) {
        return new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT, owner, Sid.BUILTIN_USERS, null, Acl.of(aces));
    }

    private static int maximal(SecurityDescriptor sd) {
        return AccessCheck.maximalAccess(sd, ALICE_TOKEN, FILES);
    }

    @Test
    void theFirstAceNamingARightDecidesIt() {
        SecurityDescriptor denyFirst = sd(BOB, Ace.deny(ALICE, WRITE_DATA, 0),
                Ace.allow(Sid.EVERYONE, FILE_ALL_ACCESS, 0));
        assertEquals(FILE_ALL_ACCESS & ~WRITE_DATA, maximal(denyFirst));
        assertFalse(AccessCheck.isGranted(denyFirst, ALICE_TOKEN, WRITE_DATA, FILES));
        assertTrue(AccessCheck.isGranted(denyFirst, ALICE_TOKEN, READ_DATA | DELETE, FILES));

        SecurityDescriptor allowFirst = sd(BOB, Ace.allow(Sid.EVERYONE, WRITE_DATA, 0),
                Ace.deny(ALICE, FILE_ALL_ACCESS, 0));
        assertEquals(WRITE_DATA, maximal(allowFirst));
        assertTrue(AccessCheck.isGranted(allowFirst, ALICE_TOKEN, WRITE_DATA, FILES));
        assertFalse(AccessCheck.isGranted(allowFirst, ALICE_TOKEN, WRITE_DATA | READ_DATA, FILES));
    }

    @Test
    void aceForSidsOutsideTheTokenAreIgnored() {
        SecurityDescriptor sd = sd(BOB, Ace.deny(BOB, FILE_ALL_ACCESS, 0),
                Ace.allow(Sid.AUTHENTICATED_USERS, READ_DATA, 0), Ace.allow(Sid.LOCAL_SYSTEM, FILE_ALL_ACCESS, 0));
        assertEquals(READ_DATA, maximal(sd));
        AccessToken anonymous = new AccessToken(Sid.ANONYMOUS, List.of(Sid.NETWORK));
        assertEquals(0, AccessCheck.maximalAccess(sd, anonymous, FILES));
    }

    @Test
    void inheritOnlyAcesDoNotApplyToTheObject() {
        SecurityDescriptor sd = sd(BOB,
                Ace.deny(ALICE, READ_DATA, Ace.INHERIT_ONLY_ACE | Ace.OBJECT_INHERIT_ACE),
                Ace.allow(ALICE, WRITE_DATA, Ace.INHERIT_ONLY_ACE | Ace.CONTAINER_INHERIT_ACE),
                Ace.allow(ALICE, READ_DATA, Ace.OBJECT_INHERIT_ACE));
        assertEquals(READ_DATA, maximal(sd));
    }

    @Test
    void genericRightsInAcesAndRequestsAreMapped() {
        SecurityDescriptor sd = sd(BOB, Ace.allow(ALICE, AccessMask.GENERIC_READ, 0));
        assertEquals(0x00120089, maximal(sd));
        assertTrue(AccessCheck.isGranted(sd, ALICE_TOKEN, AccessMask.GENERIC_READ, FILES));
        assertFalse(AccessCheck.isGranted(sd, ALICE_TOKEN, AccessMask.GENERIC_WRITE, FILES));
        assertEquals(FILE_ALL_ACCESS, maximal(sd(BOB, Ace.allow(ALICE, AccessMask.GENERIC_ALL, 0))));
        assertEquals(0x00120116 | 0x001200A0, FILES.map(AccessMask.GENERIC_WRITE | AccessMask.GENERIC_EXECUTE));
        assertEquals(WRITE_DATA | 0x00120089, FILES.map(AccessMask.GENERIC_READ | WRITE_DATA));
    }

    @Test
    void theOwnerAlwaysHasReadControlAndWriteDac() {
        SecurityDescriptor empty = sd(ALICE);
        assertEquals(READ_CONTROL | WRITE_DAC, maximal(empty));
        SecurityDescriptor denied = sd(ALICE, Ace.deny(ALICE, FILE_ALL_ACCESS, 0));
        assertEquals(READ_CONTROL | WRITE_DAC, maximal(denied));
        // Ownership through a group counts too.
        assertEquals(READ_CONTROL | WRITE_DAC, maximal(sd(Sid.BUILTIN_USERS)));
        assertEquals(0, maximal(sd(BOB)));
    }

    @Test
    void anOwnerRightsAceReplacesTheImplicitOwnerRights() {
        SecurityDescriptor sd = sd(ALICE, Ace.allow(Sid.OWNER_RIGHTS, READ_DATA, 0));
        assertEquals(READ_DATA, maximal(sd));
        assertEquals(0, AccessCheck.maximalAccess(sd(BOB, Ace.allow(Sid.OWNER_RIGHTS, READ_DATA, 0)), ALICE_TOKEN,
                FILES));
    }

    @Test
    void aNullDaclGrantsEverythingAndAnEmptyOneNothing() {
        SecurityDescriptor nullDacl = new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT, BOB, null, null, null);
        assertTrue(nullDacl.isNullDacl());
        assertEquals(FILE_ALL_ACCESS, maximal(nullDacl));
        SecurityDescriptor noDacl = new SecurityDescriptor(0, BOB, null, null, null);
        assertEquals(FILE_ALL_ACCESS, maximal(noDacl));
        assertEquals(0, maximal(sd(BOB)));
        assertFalse(AccessCheck.isGranted(sd(BOB), ALICE_TOKEN, READ_DATA, FILES));
    }

    @Test
    void opaqueAcesNeitherGrantNorDeny() {
        SecurityDescriptor sd = sd(BOB, Ace.opaque(Ace.ACCESS_ALLOWED_OBJECT_ACE_TYPE, 0, new byte[40]),
                new Ace(Ace.SYSTEM_AUDIT_ACE_TYPE, 0, FILE_ALL_ACCESS, ALICE),
                Ace.allow(ALICE, READ_DATA, 0));
        assertEquals(READ_DATA, maximal(sd));
    }

    @Test
    void maximalAccessStaysWithinTheMappingsAllRights() {
        SecurityDescriptor sd = sd(BOB, Ace.allow(ALICE, 0xFFFFFFFF, 0));
        assertEquals(FILE_ALL_ACCESS, maximal(sd));
    }
}

package io.signet.protocol.dtyp;

import io.signet.protocol.smb2.AccessMask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.signet.protocol.dtyp.Ace.CONTAINER_INHERIT_ACE;
import static io.signet.protocol.dtyp.Ace.INHERITED_ACE;
import static io.signet.protocol.dtyp.Ace.INHERIT_ONLY_ACE;
import static io.signet.protocol.dtyp.Ace.NO_PROPAGATE_INHERIT_ACE;
import static io.signet.protocol.dtyp.Ace.OBJECT_INHERIT_ACE;
import static io.signet.protocol.dtyp.GenericMapping.FILES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** [MS-DTYP] 2.5.3.4: the DACL a new file or directory inherits. */
class InheritanceTest {
    private static final Sid ALICE = Sid.parse("S-1-5-21-1-2-3-1001");
    private static final Sid BOB = Sid.parse("S-1-5-21-1-2-3-1002");

    /** A parent taking part in automatic inheritance: what it passes on is marked INHERITED_ACE. */
    private static SecurityDescriptor parent(Ace... aces) {
        return new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT | SecurityDescriptor.SE_DACL_AUTO_INHERITED,
                BOB, Sid.BUILTIN_USERS, null, Acl.of(aces));
    }

    /** A parent whose DACL was set without automatic inheritance (smbtorture's SET_INFO without AUTO_INHERIT_REQ). */
    private static SecurityDescriptor plainParent(Ace... aces) {
        return new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT, BOB, Sid.BUILTIN_USERS, null, Acl.of(aces));
    }

    private static List<Ace> inherited(SecurityDescriptor parent, boolean container) {
        SecurityDescriptor sd = Inheritance.forNewObject(parent, ALICE, Sid.BUILTIN_USERS, container, FILES)
                .orElseThrow();
        assertEquals(ALICE, sd.owner());
        assertTrue((sd.control() & SecurityDescriptor.SE_DACL_AUTO_INHERITED) != 0);
        return sd.dacl().aces();
    }

    @Test
    void aFileGetsTheObjectInheritAcesAsEffectiveAces() {
        SecurityDescriptor p = parent(Ace.allow(BOB, 0x1e01bf, OBJECT_INHERIT_ACE),
                Ace.allow(Sid.EVERYONE, 0x1, CONTAINER_INHERIT_ACE),
                Ace.deny(Sid.EVERYONE, 0x2, OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE),
                Ace.allow(Sid.LOCAL_SYSTEM, 0x1f01ff, 0));
        assertEquals(List.of(Ace.allow(BOB, 0x1e01bf, INHERITED_ACE), Ace.deny(Sid.EVERYONE, 0x2, INHERITED_ACE)),
                inherited(p, false));
    }

    @Test
    void aDirectoryKeepsInheritingAndPassesObjectOnlyAcesOnAsInheritOnly() {
        SecurityDescriptor p = parent(Ace.allow(BOB, 0x1f01ff, OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE),
                Ace.allow(Sid.EVERYONE, 0x1, OBJECT_INHERIT_ACE),
                Ace.allow(Sid.AUTHENTICATED_USERS, 0x20, CONTAINER_INHERIT_ACE | NO_PROPAGATE_INHERIT_ACE),
                Ace.allow(Sid.ANONYMOUS, 0x1, OBJECT_INHERIT_ACE | NO_PROPAGATE_INHERIT_ACE));
        assertEquals(List.of(
                Ace.allow(BOB, 0x1f01ff, OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE | INHERITED_ACE),
                Ace.allow(Sid.EVERYONE, 0x1, OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE | INHERITED_ACE),
                Ace.allow(Sid.AUTHENTICATED_USERS, 0x20, INHERITED_ACE)), inherited(p, true));
    }

    @Test
    void creatorOwnerBecomesTheNewOwnerAndGenericRightsAreMapped() {
        SecurityDescriptor p = parent(Ace.allow(Sid.CREATOR_OWNER, AccessMask.GENERIC_ALL,
                OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE | INHERIT_ONLY_ACE));
        assertEquals(List.of(Ace.allow(ALICE, 0x1f01ff, INHERITED_ACE)), inherited(p, false));
        assertEquals(List.of(Ace.allow(ALICE, 0x1f01ff, INHERITED_ACE),
                Ace.allow(Sid.CREATOR_OWNER, AccessMask.GENERIC_ALL,
                        OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE | INHERIT_ONLY_ACE | INHERITED_ACE)),
                inherited(p, true));
    }

    @Test
    void nothingInheritableLeavesTheDefaultToTheCaller() {
        assertEquals(Optional.empty(), Inheritance.forNewObject(parent(Ace.allow(BOB, 0x1f01ff, 0)), ALICE,
                Sid.BUILTIN_USERS, false, FILES));
        SecurityDescriptor nullDacl = new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT, BOB, null, null, null);
        assertEquals(Optional.empty(), Inheritance.forNewObject(nullDacl, ALICE, Sid.BUILTIN_USERS, true, FILES));
    }

    @Test
    void withoutAutomaticInheritanceNothingIsMarkedInherited() {
        SecurityDescriptor p = plainParent(Ace.allow(Sid.CREATOR_OWNER, 0x2, OBJECT_INHERIT_ACE),
                Ace.allow(Sid.EVERYONE, 0x1f01ff, 0));
        SecurityDescriptor file = Inheritance.forNewObject(p, ALICE, Sid.BUILTIN_USERS, false, FILES).orElseThrow();
        assertEquals(SecurityDescriptor.SE_DACL_PRESENT | SecurityDescriptor.SE_SELF_RELATIVE, file.control());
        assertEquals(List.of(Ace.allow(ALICE, 0x2, 0)), file.dacl().aces());
        SecurityDescriptor dir = Inheritance.forNewObject(p, ALICE, Sid.BUILTIN_USERS, true, FILES).orElseThrow();
        assertEquals(List.of(Ace.allow(Sid.CREATOR_OWNER, 0x2, OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE)),
                dir.dacl().aces());
    }

    /** smbtorture smb2.acls.INHERITANCE: what a directory makes of a CREATOR OWNER ACE with each inheritance flag. */
    @Test
    void creatorOwnerOnADirectoryAsWindowsInheritsIt() {
        int ci = CONTAINER_INHERIT_ACE;
        int oi = OBJECT_INHERIT_ACE;
        int io = INHERIT_ONLY_ACE;
        assertEquals(List.of(Ace.allow(ALICE, 0x2, 0), Ace.allow(Sid.CREATOR_OWNER, 0x2, ci | io)),
                dirAces(ci));
        assertEquals(List.of(Ace.allow(ALICE, 0x2, 0), Ace.allow(Sid.CREATOR_OWNER, 0x2, oi | ci | io)),
                dirAces(oi | ci | io));
        assertEquals(List.of(Ace.allow(ALICE, 0x2, 0)), dirAces(ci | NO_PROPAGATE_INHERIT_ACE));
        assertEquals(Optional.empty(), Inheritance.forNewObject(plainParent(Ace.allow(Sid.CREATOR_OWNER, 0x2,
                oi | NO_PROPAGATE_INHERIT_ACE)), ALICE, Sid.BUILTIN_USERS, true, FILES));
    }

    private static List<Ace> dirAces(int flags) {
        return Inheritance.forNewObject(plainParent(Ace.allow(Sid.CREATOR_OWNER, 0x2, flags)), ALICE,
                Sid.BUILTIN_USERS, true, FILES).orElseThrow().dacl().aces();
    }

    @Test
    void aCreatorsDaclComesFirstAndInheritedAcesFollowUnlessProtected() {
        SecurityDescriptor p = parent(Ace.allow(Sid.EVERYONE, 0x1, OBJECT_INHERIT_ACE));
        SecurityDescriptor creator = new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT, null, null, null,
                Acl.of(Ace.allow(ALICE, AccessMask.GENERIC_READ, 0)));
        SecurityDescriptor sd = Inheritance.withCreatorDacl(creator, p, ALICE, Sid.BUILTIN_USERS, false, FILES);
        assertEquals(List.of(Ace.allow(ALICE, FILES.read(), 0), Ace.allow(Sid.EVERYONE, 0x1, INHERITED_ACE)),
                sd.dacl().aces());
        assertTrue((sd.control() & SecurityDescriptor.SE_DACL_AUTO_INHERITED) != 0);

        SecurityDescriptor protectedCreator = new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT
                | SecurityDescriptor.SE_DACL_PROTECTED, null, null, null, creator.dacl());
        SecurityDescriptor alone = Inheritance.withCreatorDacl(protectedCreator, p, ALICE, Sid.BUILTIN_USERS, false,
                FILES);
        assertEquals(List.of(Ace.allow(ALICE, FILES.read(), 0)), alone.dacl().aces());
        assertEquals(SecurityDescriptor.SE_DACL_PROTECTED, alone.control() & SecurityDescriptor.SE_DACL_PROTECTED);
    }

    @Test
    void mapEffectiveLeavesInheritOnlyAcesGeneric() {
        Acl acl = Acl.of(Ace.allow(ALICE, AccessMask.GENERIC_ALL, 0),
                Ace.allow(Sid.CREATOR_OWNER, AccessMask.GENERIC_ALL, OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE));
        assertEquals(List.of(Ace.allow(ALICE, FILES.all(), 0),
                Ace.allow(Sid.CREATOR_OWNER, AccessMask.GENERIC_ALL, OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE)),
                Inheritance.mapEffective(acl, FILES).aces());
    }
}

package io.signet.protocol.dtyp;

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

    private static SecurityDescriptor parent(Ace... aces) {
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
        SecurityDescriptor p = parent(Ace.allow(Sid.CREATOR_OWNER, GenericMapping.GENERIC_ALL,
                OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE | INHERIT_ONLY_ACE));
        assertEquals(List.of(Ace.allow(ALICE, 0x1f01ff, INHERITED_ACE)), inherited(p, false));
        assertEquals(List.of(Ace.allow(ALICE, 0x1f01ff, INHERITED_ACE),
                Ace.allow(Sid.CREATOR_OWNER, GenericMapping.GENERIC_ALL,
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
}

package io.signet.protocol.dtyp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.signet.protocol.smb2.AccessMask.GENERIC_BITS;

/**
 * The DACL of a new file or directory: [MS-DTYP] 2.5.3.4 CreateSecurityDescriptor (2.5.3.4.2 ComputeACL, 2.5.3.4.3
 * ContainsInheritableACEs) as Windows applies it to files, which smbtorture's smb2.acls INHERITANCE and INHERITFLAGS
 * tests record.
 *
 * <ul>
 *   <li>A file gets every OBJECT_INHERIT ACE as an effective ACE, with no inheritance flags.</li>
 *   <li>A directory gets every CONTAINER_INHERIT ACE: with NO_PROPAGATE_INHERIT as an effective ACE only, otherwise
 *       still inheritable. An ACE that names CREATOR OWNER or CREATOR GROUP, or holds generic rights, cannot be both
 *       at once, so it becomes an effective ACE (the creator SID replaced, the rights mapped) followed by an
 *       inherit-only copy. An OBJECT_INHERIT ACE without CONTAINER_INHERIT becomes inherit-only, to pass on to the
 *       files inside (unless NO_PROPAGATE_INHERIT).</li>
 *   <li>Inherited ACEs are marked INHERITED_ACE, and the new DACL SE_DACL_AUTO_INHERITED, only when the parent's
 *       DACL is SE_DACL_AUTO_INHERITED: only then does the parent take part in automatic inheritance.</li>
 *   <li>ACE types other than allow and deny are not inherited; an ACE identical to one already inherited is
 *       dropped.</li>
 * </ul>
 *
 * <p>A creator's own DACL (the SMB2_CREATE_SD_BUFFER create context) comes first, with the inherited ACEs after it
 * unless it is SE_DACL_PROTECTED ({@link #withCreatorDacl}), as "DACL for a New Object" in the Windows
 * documentation describes.
 */
public final class Inheritance {
    private static final int INHERIT_FLAGS = Ace.OBJECT_INHERIT_ACE | Ace.CONTAINER_INHERIT_ACE;

    private Inheritance() {
    }

    /**
     * The descriptor of an object created under {@code parent} by {@code owner}, or empty when the parent's DACL
     * has nothing to inherit (the creator's default DACL then applies).
     */
    public static Optional<SecurityDescriptor> forNewObject(SecurityDescriptor parent, Sid owner, Sid group,
                                                            boolean container, GenericMapping mapping) {
        List<Ace> aces = inheritedAces(parent, owner, group, container, mapping);
        if (aces.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT | autoInherited(parent),
                owner, group, null, new Acl(parent.dacl().revision(), aces)));
    }

    /**
     * The DACL of an object whose creator gave {@code creator} (with SE_DACL_PRESENT): the creator's ACEs with their
     * generic rights mapped ({@link #mapEffective}), then, unless the creator's DACL is SE_DACL_PROTECTED, what the
     * object inherits from {@code parent} (which may be null). A NULL DACL stays one.
     */
    public static SecurityDescriptor withCreatorDacl(SecurityDescriptor creator, SecurityDescriptor parent,
                                                     Sid owner, Sid group, boolean container,
                                                     GenericMapping mapping) {
        int control = SecurityDescriptor.SE_DACL_PRESENT
                | (creator.control() & SecurityDescriptor.SE_DACL_PROTECTED);
        if (creator.dacl() == null) {
            return new SecurityDescriptor(control, owner, group, null, null);
        }
        Acl explicit = mapEffective(creator.dacl(), mapping);
        List<Ace> aces = new ArrayList<>(explicit.aces());
        if ((control & SecurityDescriptor.SE_DACL_PROTECTED) == 0 && parent != null) {
            List<Ace> inherited = inheritedAces(parent, owner, group, container, mapping);
            aces.addAll(inherited);
            control |= autoInherited(parent);
        }
        return new SecurityDescriptor(control, owner, group, null, new Acl(explicit.revision(), aces));
    }

    /**
     * {@code acl} with the generic rights of each ACE that applies to the object itself mapped to specific ones, as
     * Windows stores a DACL it is given; inherit-only ACEs keep theirs for the objects that will inherit them.
     */
    public static Acl mapEffective(Acl acl, GenericMapping mapping) {
        List<Ace> aces = new ArrayList<>(acl.aces().size());
        for (Ace ace : acl.aces()) {
            boolean effective = (ace.flags() & Ace.INHERIT_ONLY_ACE) == 0;
            if (effective && Ace.hasMaskAndSid(ace.type()) && (ace.mask() & GENERIC_BITS) != 0) {
                aces.add(new Ace(ace.type(), ace.flags(), mapping.map(ace.mask()), ace.sid(), ace.extra()));
            } else {
                aces.add(ace);
            }
        }
        return new Acl(acl.revision(), aces);
    }

    private static int autoInherited(SecurityDescriptor parent) {
        return parent.control() & SecurityDescriptor.SE_DACL_AUTO_INHERITED;
    }

    private static List<Ace> inheritedAces(SecurityDescriptor parent, Sid owner, Sid group, boolean container,
                                           GenericMapping mapping) {
        List<Ace> aces = new ArrayList<>();
        if (parent.dacl() == null) {
            return aces;
        }
        int inherited = autoInherited(parent) != 0 ? Ace.INHERITED_ACE : 0;
        for (Ace ace : parent.dacl().aces()) {
            if (ace.type() != Ace.ACCESS_ALLOWED_ACE_TYPE && ace.type() != Ace.ACCESS_DENIED_ACE_TYPE) {
                continue;
            }
            int flags = ace.flags();
            boolean objectInherit = (flags & Ace.OBJECT_INHERIT_ACE) != 0;
            boolean containerInherit = (flags & Ace.CONTAINER_INHERIT_ACE) != 0;
            boolean noPropagate = (flags & Ace.NO_PROPAGATE_INHERIT_ACE) != 0;
            if (!container) {
                if (objectInherit) {
                    addOnce(aces, effective(ace, owner, group, mapping, inherited));
                }
            } else if (containerInherit && noPropagate) {
                addOnce(aces, effective(ace, owner, group, mapping, inherited));
            } else if (containerInherit) {
                int inheritable = (flags & INHERIT_FLAGS) | inherited;
                if (isCreatorSid(ace.sid()) || (ace.mask() & GENERIC_BITS) != 0) {
                    addOnce(aces, effective(ace, owner, group, mapping, inherited));
                    addOnce(aces, new Ace(ace.type(), inheritable | Ace.INHERIT_ONLY_ACE, ace.mask(), ace.sid()));
                } else {
                    addOnce(aces, new Ace(ace.type(), inheritable, ace.mask(), ace.sid()));
                }
            } else if (objectInherit && !noPropagate) {
                addOnce(aces, new Ace(ace.type(), Ace.OBJECT_INHERIT_ACE | Ace.INHERIT_ONLY_ACE | inherited,
                        ace.mask(), ace.sid()));
            }
        }
        return aces;
    }

    private static boolean isCreatorSid(Sid sid) {
        return Sid.CREATOR_OWNER.equals(sid) || Sid.CREATOR_GROUP.equals(sid);
    }

    private static void addOnce(List<Ace> aces, Ace ace) {
        if (!aces.contains(ace)) {
            aces.add(ace);
        }
    }

    private static Ace effective(Ace ace, Sid owner, Sid group, GenericMapping mapping, int flags) {
        Sid sid = Sid.CREATOR_OWNER.equals(ace.sid()) ? owner : Sid.CREATOR_GROUP.equals(ace.sid()) ? group : ace.sid();
        return new Ace(ace.type(), flags, mapping.map(ace.mask()), sid);
    }
}

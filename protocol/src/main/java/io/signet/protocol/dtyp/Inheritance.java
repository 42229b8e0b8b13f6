package io.signet.protocol.dtyp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The DACL a new file or directory inherits from its parent: the inheritance part of [MS-DTYP] 2.5.3.4
 * CreateSecurityDescriptor (2.5.3.4.2 ComputeACL, 2.5.3.4.3 ContainsInheritableACEs) for a creator that supplies no
 * descriptor of its own.
 *
 * <ul>
 *   <li>A file gets every OBJECT_INHERIT ACE as an effective ACE.</li>
 *   <li>A directory gets every CONTAINER_INHERIT ACE, still inheritable unless NO_PROPAGATE_INHERIT is set; an
 *       OBJECT_INHERIT-only ACE becomes inherit-only, to pass on to the files inside (unless NO_PROPAGATE).</li>
 *   <li>In an effective ACE, CREATOR OWNER and CREATOR GROUP become the new object's owner and group and generic
 *       rights are mapped; the inheritable form keeps the creator SID, as a separate inherit-only ACE.</li>
 *   <li>Every inherited ACE is marked INHERITED_ACE. ACE types other than allow and deny are not inherited.</li>
 * </ul>
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
        if (parent.dacl() == null) {
            return Optional.empty();
        }
        List<Ace> aces = new ArrayList<>();
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
                    aces.add(effective(ace, owner, group, mapping));
                }
            } else if (containerInherit) {
                boolean creatorSid = Sid.CREATOR_OWNER.equals(ace.sid()) || Sid.CREATOR_GROUP.equals(ace.sid());
                if (noPropagate || creatorSid) {
                    aces.add(effective(ace, owner, group, mapping));
                }
                if (!noPropagate) {
                    int inheritable = (flags & INHERIT_FLAGS) | Ace.INHERITED_ACE;
                    aces.add(new Ace(ace.type(), creatorSid ? inheritable | Ace.INHERIT_ONLY_ACE : inheritable,
                            ace.mask(), ace.sid()));
                }
            } else if (objectInherit && !noPropagate) {
                aces.add(new Ace(ace.type(), Ace.OBJECT_INHERIT_ACE | Ace.INHERIT_ONLY_ACE | Ace.INHERITED_ACE,
                        ace.mask(), ace.sid()));
            }
        }
        if (aces.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT
                | SecurityDescriptor.SE_DACL_AUTO_INHERITED, owner, group, null,
                new Acl(parent.dacl().revision(), aces)));
    }

    private static Ace effective(Ace ace, Sid owner, Sid group, GenericMapping mapping) {
        Sid sid = Sid.CREATOR_OWNER.equals(ace.sid()) ? owner : Sid.CREATOR_GROUP.equals(ace.sid()) ? group : ace.sid();
        return new Ace(ace.type(), Ace.INHERITED_ACE, mapping.map(ace.mask()), sid);
    }
}

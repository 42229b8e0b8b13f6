package io.signet.protocol.dtyp;

import static io.signet.protocol.smb2.AccessMask.READ_CONTROL;
import static io.signet.protocol.smb2.AccessMask.WRITE_DAC;

/**
 * The DACL part of [MS-DTYP] 2.5.3.2 Access Check Algorithm Pseudocode, for a token without privileges and without
 * restricted or deny-only SIDs.
 *
 * <p>The ACEs are read in order; each right is decided by the first allow or deny ACE that names it for a SID of the
 * token, so computing every grantable right at once ({@link #maximalAccess}) and comparing it with a request gives
 * the same answer as the pseudocode's walk with a remaining-rights mask. Inherit-only ACEs do not apply to the object
 * itself ([MS-DTYP] 2.4.4.1) and are skipped; ACE masks may hold generic bits, mapped first. An ACE type other than
 * allow or deny (object, callback, audit, label) neither grants nor denies here.
 *
 * <p>Without a DACL (SE_DACL_PRESENT clear) or with a NULL DACL every right is granted; an empty DACL grants only
 * what the owner gets implicitly: READ_CONTROL and WRITE_DAC, unless the DACL has an OWNER RIGHTS ACE, which then
 * says what the owner gets.
 */
public final class AccessCheck {
    /** [MS-DTYP] 2.4.3: the bits an ACCESS_MASK can grant after generic mapping (specific and standard rights). */
    private static final int GRANTABLE = 0x001FFFFF;

    private AccessCheck() {
    }

    /**
     * Every right {@code token} is granted on an object protected by {@code sd}: what MAXIMUM_ALLOWED yields
     * ([MS-DTYP] 2.5.3.2), within {@code mapping}'s GENERIC_ALL.
     */
    public static int maximalAccess(SecurityDescriptor sd, AccessToken token, GenericMapping mapping) {
        if (!sd.isDaclPresent() || sd.dacl() == null) {
            return mapping.all();
        }
        boolean isOwner = sd.owner() != null && token.contains(sd.owner());
        boolean ownerRightsAce = false;
        for (Ace ace : sd.dacl().aces()) {
            if (Sid.OWNER_RIGHTS.equals(ace.sid()) && (ace.flags() & Ace.INHERIT_ONLY_ACE) == 0) {
                ownerRightsAce = true;
                break;
            }
        }
        int granted = isOwner && !ownerRightsAce ? READ_CONTROL | WRITE_DAC : 0;
        int denied = 0;
        for (Ace ace : sd.dacl().aces()) {
            if ((ace.flags() & Ace.INHERIT_ONLY_ACE) != 0 || ace.sid() == null || !applies(ace.sid(), token, isOwner)) {
                continue;
            }
            int mask = mapping.map(ace.mask()) & GRANTABLE;
            if (ace.type() == Ace.ACCESS_ALLOWED_ACE_TYPE) {
                granted |= mask & ~denied;
            } else if (ace.type() == Ace.ACCESS_DENIED_ACE_TYPE) {
                denied |= mask & ~granted;
            }
        }
        return granted & mapping.all();
    }

    /**
     * Whether {@code token} is granted all of {@code desired} (generic bits are mapped; MAXIMUM_ALLOWED is not
     * expected here: ask {@link #maximalAccess} instead).
     */
    public static boolean isGranted(SecurityDescriptor sd, AccessToken token, int desired, GenericMapping mapping) {
        int wanted = mapping.map(desired);
        return (wanted & ~maximalAccess(sd, token, mapping)) == 0;
    }

    private static boolean applies(Sid aceSid, AccessToken token, boolean isOwner) {
        return token.contains(aceSid) || (isOwner && Sid.OWNER_RIGHTS.equals(aceSid));
    }
}

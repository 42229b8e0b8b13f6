package io.signet.protocol.dtyp;

import java.util.List;
import java.util.Objects;

/**
 * The part of a Token ([MS-DTYP] 2.5.2) that an access check reads: the user's SID and the SIDs of the groups the
 * user is in. No privileges: this server grants none (SeBackupPrivilege and the like would bypass DACLs).
 *
 * @param user   the user's SID
 * @param groups the group SIDs, e.g. Everyone and Authenticated Users
 */
public record AccessToken(Sid user, List<Sid> groups) {
    public AccessToken {
        Objects.requireNonNull(user, "user");
        groups = List.copyOf(groups);
    }

    /** Whether {@code sid} is the user or one of the groups ([MS-DTYP] 2.5.3.2 SidInToken, no deny-only SIDs). */
    public boolean contains(Sid sid) {
        return user.equals(sid) || groups.contains(sid);
    }
}

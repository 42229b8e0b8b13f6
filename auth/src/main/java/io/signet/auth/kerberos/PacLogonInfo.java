package io.signet.auth.kerberos;

import io.signet.protocol.dtyp.Sid;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a verified PAC's KERB_VALIDATION_INFO ([MS-PAC] 2.5) says about the user, as SIDs ready for an access token.
 * Only groups whose attributes have SE_GROUP_ENABLED and not SE_GROUP_USE_FOR_DENY_ONLY ([MS-PAC] 2.2.1) are here:
 * the token has no deny-only SIDs.
 *
 * @param userSid         LogonDomainId plus UserId
 * @param primaryGroupSid LogonDomainId plus PrimaryGroupId
 * @param groupSids       LogonDomainId plus each GroupIds RID, then ResourceGroupDomainSid plus each
 *                        ResourceGroupIds RID when UserFlags says the resource groups are there
 * @param extraSids       the ExtraSids when UserFlags says they are there (universal groups of other domains, SID
 *                        history, the asserted-identity SIDs)
 */
public record PacLogonInfo(Sid userSid, Sid primaryGroupSid, List<Sid> groupSids, List<Sid> extraSids) {

    public PacLogonInfo {
        Objects.requireNonNull(userSid, "userSid");
        Objects.requireNonNull(primaryGroupSid, "primaryGroupSid");
        groupSids = List.copyOf(groupSids);
        extraSids = List.copyOf(extraSids);
    }

    /** The user's SID, the primary group, the groups and the extra SIDs, each once, in that order. */
    public List<Sid> allSids() {
        Set<Sid> all = new LinkedHashSet<>();
        all.add(userSid);
        all.add(primaryGroupSid);
        all.addAll(groupSids);
        all.addAll(extraSids);
        return List.copyOf(new ArrayList<>(all));
    }
}

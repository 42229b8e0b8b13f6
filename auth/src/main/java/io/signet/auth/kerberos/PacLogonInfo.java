package io.signet.auth.kerberos;

import java.util.List;
import java.util.Objects;

/**
 * What the PAC's KERB_VALIDATION_INFO ([MS-PAC] 2.5) says about the user: the user's SID and the SIDs of the groups
 * the user belongs to, as "S-1-5-..." strings.
 */
public record PacLogonInfo(String userSid, List<String> groupSids) {

    public PacLogonInfo {
        Objects.requireNonNull(userSid, "userSid");
        groupSids = List.copyOf(groupSids);
    }
}

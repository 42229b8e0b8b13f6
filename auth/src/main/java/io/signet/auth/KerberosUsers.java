package io.signet.auth;

import io.signet.auth.kerberos.KerberosIdentity;
import io.signet.auth.kerberos.PacLogonInfo;
import java.util.List;
import java.util.Optional;

/**
 * Maps a Kerberos client principal to a user of the server's directory: {@code user@REALM}, with REALM the
 * configured realm (compared without regard to case, since realms are conventionally upper-case but clients differ),
 * is the local user {@code user}, who must exist. Such a user is an ordinary {@link UserKind#USER}, with the share
 * permissions of the same user logged on with NTLM. Principals of other realms, and multi-component principals
 * ({@code host/name}), map to no one. When the ticket had a verified PAC, the user also carries its SIDs, so ACEs
 * naming the domain user or its groups apply; the user's own SID stays the local one.
 */
final class KerberosUsers {
    private final UserDirectory users;
    private final String realm;
    private final ServerIdentity identity;

    KerberosUsers(UserDirectory users, String realm, ServerIdentity identity) {
        this.users = users;
        this.realm = realm;
        this.identity = identity;
    }

    Optional<AuthenticatedUser> user(KerberosIdentity client) {
        if (!client.realm().equalsIgnoreCase(realm) || client.nameComponents().size() != 1) {
            return Optional.empty();
        }
        return users.find(client.nameComponents().get(0))
                // Accounts of the server's own directory belong to the server, as for NTLM logons.
                .map(c -> new AuthenticatedUser(c.name(), identity.netbiosName(), UserKind.USER,
                        client.logonInfo().map(PacLogonInfo::allSids).orElse(List.of())));
    }
}

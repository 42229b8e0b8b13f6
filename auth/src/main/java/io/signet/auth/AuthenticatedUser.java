package io.signet.auth;

import io.signet.protocol.dtyp.Sid;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The principal a successful exchange established.
 *
 * @param name       the account name as the user directory spells it ("ANONYMOUS LOGON" for anonymous)
 * @param domain     the authority of the account: the server's NetBIOS computer name for accounts of its own
 *                   directory, "NT AUTHORITY" for anonymous
 * @param kind       user, guest or anonymous
 * @param domainSids SIDs a domain controller vouched for in a verified Kerberos PAC ([MS-PAC] 2.5): the domain
 *                   user's SID and its groups' SIDs, which join the user's access token; empty for NTLM logons and
 *                   tickets without a PAC
 */
public record AuthenticatedUser(String name, String domain, UserKind kind, List<Sid> domainSids) {

    public AuthenticatedUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(kind, "kind");
        domainSids = List.copyOf(domainSids);
    }

    /** A user without domain SIDs. */
    public AuthenticatedUser(String name, String domain, UserKind kind) {
        this(name, domain, kind, List.of());
    }

    /**
     * The same account: user kind, name and domain, the latter two ignoring case as Windows account names do. What
     * a session binding, a durable reconnect and a PreviousSessionId must match ([MS-SMB2] 3.3.5.5.2, 3.3.5.9.7).
     */
    public boolean sameAccount(AuthenticatedUser other) {
        return other != null && kind == other.kind
                && name.toUpperCase(Locale.ROOT).equals(other.name.toUpperCase(Locale.ROOT))
                && domain.toUpperCase(Locale.ROOT).equals(other.domain.toUpperCase(Locale.ROOT));
    }
}

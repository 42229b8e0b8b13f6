package io.signet.auth;

import java.util.Objects;

/**
 * The principal a successful exchange established.
 *
 * @param name   the account name as the user directory spells it ("ANONYMOUS LOGON" for anonymous)
 * @param domain the authority of the account: the server's NetBIOS computer name for accounts of its own
 *               directory, "NT AUTHORITY" for anonymous
 * @param kind   user, guest or anonymous
 */
public record AuthenticatedUser(String name, String domain, UserKind kind) {

    public AuthenticatedUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(kind, "kind");
    }
}

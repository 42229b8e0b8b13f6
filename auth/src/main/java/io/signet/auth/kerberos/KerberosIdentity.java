package io.signet.auth.kerberos;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The client a verified AP-REQ speaks for: its principal ([RFC 4120] 6.2) and, when the KDC put one in the ticket,
 * the logon information of its PAC ([MS-PAC] 2.5).
 *
 * @param nameComponents the client principal's name components (one, {@code alice}, for a user principal)
 * @param realm          the client's realm as the ticket spells it
 * @param pac            the PAC logon information, or {@code null} when the ticket has none
 */
public record KerberosIdentity(List<String> nameComponents, String realm, PacLogonInfo pac) {

    public KerberosIdentity {
        nameComponents = List.copyOf(nameComponents);
        Objects.requireNonNull(realm, "realm");
    }

    public Optional<PacLogonInfo> logonInfo() {
        return Optional.ofNullable(pac);
    }

    /** {@code name/components@REALM}. */
    public String principal() {
        return String.join("/", nameComponents) + "@" + realm;
    }

    @Override
    public String toString() {
        return principal();
    }
}

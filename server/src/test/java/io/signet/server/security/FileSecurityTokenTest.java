package io.signet.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.protocol.dtyp.AccessCheck;
import io.signet.protocol.dtyp.AccessToken;
import io.signet.protocol.dtyp.Ace;
import io.signet.protocol.dtyp.Acl;
import io.signet.protocol.dtyp.GenericMapping;
import io.signet.protocol.dtyp.LocalAccounts;
import io.signet.protocol.dtyp.SecurityDescriptor;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.smb2.AccessMask;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The access tokens of sessions: a Kerberos logon whose ticket had a PAC (the domain SIDs join it, local ones do
 * not), a guest and the anonymous logon.
 */
class FileSecurityTokenTest {
    private static final LocalAccounts ACCOUNTS = new LocalAccounts(LocalAccounts.machineSidOfServerGuid(new byte[16]));
    private static final FileSecurity SECURITY = new FileSecurity(ACCOUNTS);
    private static final Sid DOMAIN_USER = Sid.parse("S-1-5-21-1111-2222-3333-1104");
    private static final Sid DOMAIN_GROUP = Sid.parse("S-1-5-21-1111-2222-3333-1108");

    @Test
    void domainSidsJoinTheTokenAndTheLocalSidStaysTheUser() {
        AuthenticatedUser alice = new AuthenticatedUser("alice", "SIGNET", UserKind.USER,
                List.of(DOMAIN_USER, DOMAIN_GROUP, Sid.parse("S-1-18-1")));
        AccessToken token = SECURITY.tokenOf(alice);
        assertEquals(ACCOUNTS.userSid("alice"), token.user());
        assertEquals(List.of(Sid.EVERYONE, Sid.NETWORK, Sid.AUTHENTICATED_USERS, Sid.BUILTIN_USERS, DOMAIN_USER,
                DOMAIN_GROUP, Sid.parse("S-1-18-1")), token.groups());
    }

    @Test
    void aPacCannotGrantBuiltinLocalOrLogonSids() {
        Sid machineAdmin = ACCOUNTS.machineSid().withRid(500);
        AuthenticatedUser alice = new AuthenticatedUser("alice", "SIGNET", UserKind.USER,
                List.of(Sid.BUILTIN_ADMINISTRATORS, Sid.LOCAL_SYSTEM, machineAdmin, ACCOUNTS.userSid("bob"),
                        Sid.CREATOR_OWNER, Sid.parse("S-1-5-21-1-2"), DOMAIN_GROUP));
        AccessToken token = SECURITY.tokenOf(alice);
        assertEquals(List.of(Sid.EVERYONE, Sid.NETWORK, Sid.AUTHENTICATED_USERS, Sid.BUILTIN_USERS,
                Sid.parse("S-1-5-21-1-2"), DOMAIN_GROUP), token.groups());
    }

    @Test
    void anAceForADomainGroupGrantsAccessOnlyWithThePac() {
        SecurityDescriptor sd = new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT,
                Sid.BUILTIN_ADMINISTRATORS, Sid.BUILTIN_USERS, null,
                new Acl(Acl.ACL_REVISION, List.of(Ace.allow(DOMAIN_GROUP, Ace.FULL_CONTROL, 0))));
        AuthenticatedUser withPac = new AuthenticatedUser("alice", "SIGNET", UserKind.USER, List.of(DOMAIN_GROUP));
        AuthenticatedUser byName = new AuthenticatedUser("alice", "SIGNET", UserKind.USER);
        assertTrue(AccessCheck.isGranted(sd, SECURITY.tokenOf(withPac), AccessMask.DELETE, GenericMapping.FILES));
        assertFalse(AccessCheck.isGranted(sd, SECURITY.tokenOf(byName), AccessMask.DELETE, GenericMapping.FILES));
    }

    @Test
    void aGuestIsTheGuestAccountWithEveryoneAndAnonymousIsNeither() {
        AccessToken guest = SECURITY.tokenOf(new AuthenticatedUser("Guest", "SIGNET", UserKind.GUEST));
        assertEquals(ACCOUNTS.machineSid().withRid(501), guest.user(), "DOMAIN_USER_RID_GUEST of the machine");
        assertEquals(List.of(Sid.EVERYONE, Sid.NETWORK), guest.groups());
        AccessToken anonymous = SECURITY.tokenOf(new AuthenticatedUser("ANONYMOUS LOGON", "NT AUTHORITY",
                UserKind.ANONYMOUS));
        assertEquals(Sid.ANONYMOUS, anonymous.user());
        assertEquals(List.of(Sid.NETWORK), anonymous.groups(), "not in Everyone, as on Windows by default");
    }
}

package io.signet.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.protocol.dtyp.AccessToken;
import io.signet.protocol.dtyp.Ace;
import io.signet.protocol.dtyp.Acl;
import io.signet.protocol.dtyp.GenericMapping;
import io.signet.protocol.dtyp.LocalAccounts;
import io.signet.protocol.dtyp.SecurityDescriptor;
import io.signet.protocol.dtyp.Sid;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The descriptor of a file a CREATE makes, with and without the creator's own (SMB2_CREATE_SD_BUFFER). */
class FileSecurityDescriptorTest {
    private static final LocalAccounts ACCOUNTS = new LocalAccounts(Sid.parse("S-1-5-21-10-20-30"));
    private static final FileSecurity SECURITY = new FileSecurity(ACCOUNTS);
    private static final AccessToken ALICE = SECURITY.tokenOf(new AuthenticatedUser("alice", "SIGNET",
            UserKind.USER));
    private static final Sid BOB = ACCOUNTS.userSid("bob");

    @Test
    void withoutACreatorDescriptorTheCreatorOwnsTheDefault() {
        SecurityDescriptor sd = SECURITY.newDescriptor(ALICE, null, null, false);
        assertEquals(ACCOUNTS.defaultFileSecurity(ALICE.user(), false), sd);
    }

    /** Found by the security review: the SecD create context was ignored and the file got the inherited DACL. */
    @Test
    void theCreatorsDaclIsApplied() {
        SecurityDescriptor parent = new SecurityDescriptor(SecurityDescriptor.SE_DACL_PRESENT, BOB, null, null,
                Acl.of(Ace.allow(Sid.EVERYONE, Ace.FULL_CONTROL, Ace.OBJECT_INHERIT_ACE)));
        SecurityDescriptor given = new SecurityDescriptor(SecurityDescriptor.SE_DACL_PROTECTED, null, null, null,
                Acl.of(Ace.allow(ALICE.user(), AccessMask.GENERIC_READ, 0)));
        SecurityDescriptor sd = SECURITY.newDescriptor(ALICE, parent, given, false);
        assertEquals(ALICE.user(), sd.owner());
        assertEquals(List.of(Ace.allow(ALICE.user(), GenericMapping.FILES.read(), 0)), sd.dacl().aces());
        assertEquals(SecurityDescriptor.SE_DACL_PROTECTED, sd.control() & SecurityDescriptor.SE_DACL_PROTECTED);
    }

    @Test
    void theCreatorMayNameItselfOrAGroupAsOwnerButNoOneElse() {
        SecurityDescriptor toBob = new SecurityDescriptor(0, BOB, null, null, null);
        SmbException e = assertThrows(SmbException.class, () -> SECURITY.newDescriptor(ALICE, null, toBob, false));
        assertEquals(NtStatus.STATUS_INVALID_OWNER, e.status());
        SecurityDescriptor toEveryone = new SecurityDescriptor(0, Sid.EVERYONE, null, null, null);
        assertEquals(Sid.EVERYONE, SECURITY.newDescriptor(ALICE, null, toEveryone, false).owner());
    }

    @Test
    void aSaclNeedsAPrivilegeNoUserHolds() {
        SecurityDescriptor withSacl = new SecurityDescriptor(0, null, null, Acl.of(), null);
        SmbException e = assertThrows(SmbException.class, () -> SECURITY.newDescriptor(ALICE, null, withSacl, false));
        assertEquals(NtStatus.STATUS_PRIVILEGE_NOT_HELD, e.status());
    }
}

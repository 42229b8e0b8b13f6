package io.signet.protocol.dtyp;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalAccountsTest {
    private static final byte[] GUID = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    private static final LocalAccounts ACCOUNTS = new LocalAccounts(LocalAccounts.machineSidOfServerGuid(GUID));

    @Test
    void machineSidIsAStablePerServerDomain() {
        Sid machine = ACCOUNTS.machineSid();
        assertEquals(Sid.NT_AUTHORITY, machine.identifierAuthority());
        assertEquals(4, machine.subAuthorityCount());
        assertEquals(21, machine.subAuthority(0));
        assertEquals(machine, LocalAccounts.machineSidOfServerGuid(GUID.clone()));
        byte[] other = GUID.clone();
        other[15] ^= 1;
        assertNotEquals(machine, LocalAccounts.machineSidOfServerGuid(other));
        // Pinned (SHA-256 of the GUID, cross-checked outside Java): stored descriptors carry these SIDs, so the
        // derivation must never change.
        assertEquals("S-1-5-21-650855870-3191258885-2223302333", machine.toString());
    }

    @Test
    void userSidsAreCaseInsensitiveAndAboveTheReservedRange() {
        Sid alice = ACCOUNTS.userSid("Alice");
        assertEquals(alice, ACCOUNTS.userSid("alice"));
        assertEquals(alice, ACCOUNTS.userSid("ALICE"));
        assertNotEquals(alice, ACCOUNTS.userSid("bob"));
        // Pinned, cross-checked by hand: SHA-256("alice") read as a little-endian 31-bit number, mod 2^30, + 1000.
        assertEquals("S-1-5-21-650855870-3191258885-2223302333-151444499", alice.toString());
        Set<Integer> rids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Sid user = ACCOUNTS.userSid("user" + i);
            int rid = user.subAuthority(4);
            assertTrue(rid >= 1000 && rid < 1000 + (1 << 30), "RID " + rid);
            assertEquals(ACCOUNTS.machineSid(), Sid.of(5, java.util.Arrays.copyOf(user.subAuthorities(), 4)));
            rids.add(rid);
        }
        assertEquals(1000, rids.size());
    }

    @Test
    void anonymousAndBadGuids() {
        assertEquals(Sid.ANONYMOUS, ACCOUNTS.userSid(null));
        assertEquals(Sid.ANONYMOUS, ACCOUNTS.userSid(""));
        assertEquals(Sid.BUILTIN_USERS, ACCOUNTS.usersGroupSid());
        assertThrows(IllegalArgumentException.class, () -> LocalAccounts.machineSidOfServerGuid(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> new LocalAccounts(Sid.BUILTIN_USERS));
        assertThrows(IllegalArgumentException.class, () -> new LocalAccounts(ACCOUNTS.userSid("alice")));
    }

    @Test
    void randomMachineSidsHaveTheMachineForm() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        Sid one = LocalAccounts.randomMachineSid(random);
        assertTrue(LocalAccounts.isMachineSid(one));
        assertNotEquals(one, LocalAccounts.randomMachineSid(random));
        assertEquals(one.withRid(7), new LocalAccounts(one).machineSid().withRid(7));
    }

    @Test
    void defaultFileSecurityLayout() {
        SecurityDescriptor sd = ACCOUNTS.defaultFileSecurity(SecurityDescriptorTest.ALICE, false);
        String alice = "0105 000000000005 15000000 01000000 02000000 03000000 e9030000";
        String expected = "01 00 0480 80000000 9c000000 00000000 14000000"   // owner 0x80, group 0x9c, DACL 0x14
                + "02 00 6c00 0400 0000"                                   // AclSize 108, 4 ACEs
                + "00 00 2400 ff011f00" + alice                            // owner: full control
                + "00 00 1400 ff011f00 0101 000000000005 12000000"         // SYSTEM: full control
                + "00 00 1800 ff011f00 0102 000000000005 20000000 20020000" // Administrators: full control
                + "00 00 1400 a9001200 0101 000000000005 0b000000"         // Authenticated Users: read and execute
                + alice
                + "0102 000000000005 20000000 21020000";                   // BUILTIN\\Users
        assertEquals(Hex.clean(expected), Hex.encoded(sd::encode));
    }

    @Test
    void directoriesInheritTheirAces() {
        SecurityDescriptor file = ACCOUNTS.defaultFileSecurity(SecurityDescriptorTest.ALICE, false);
        SecurityDescriptor dir = ACCOUNTS.defaultFileSecurity(SecurityDescriptorTest.ALICE, true);
        assertEquals(file.dacl().aces().size(), dir.dacl().aces().size());
        for (int i = 0; i < dir.dacl().aces().size(); i++) {
            Ace f = file.dacl().aces().get(i);
            Ace d = dir.dacl().aces().get(i);
            assertEquals(0, f.flags());
            assertEquals(Ace.OBJECT_INHERIT_ACE | Ace.CONTAINER_INHERIT_ACE, d.flags());
            assertEquals(f.sid(), d.sid());
            assertEquals(f.mask(), d.mask());
        }
    }

    @Test
    void systemOwnerIsNotListedTwice() {
        SecurityDescriptor sd = ACCOUNTS.defaultFileSecurity(Sid.LOCAL_SYSTEM, false);
        assertEquals(List.of(Sid.LOCAL_SYSTEM, Sid.BUILTIN_ADMINISTRATORS, Sid.AUTHENTICATED_USERS),
                sd.dacl().aces().stream().map(Ace::sid).toList());
    }
}

package io.signet.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.auth.testing.Vectors;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserDirectoriesTest {

    @Test
    void ntHashMatchesBothPublishedVectors() {
        Vectors spec = Vectors.load("02_msnlmp_4.2.4_ntlmv2.txt");
        Vectors windows = Vectors.load("03_anatomy_blog_ntlmv2_sut311.txt");
        assertArrayEquals(spec.hex("NTOWFv1"), NtHash.of(spec.text("Passwd")));
        assertArrayEquals(windows.hex("NtHash_MD4_UNICODE_Passwd"), NtHash.of(windows.text("Passwd")));
    }

    @Test
    void inMemoryDirectoryIgnoresCaseAndKeepsItsSpelling() {
        UserDirectory users = new InMemoryUserDirectory(Map.of("Alice", "pw"));
        assertEquals("Alice", users.find("aLICE").orElseThrow().name());
        assertArrayEquals(NtHash.of("pw"), users.find("alice").orElseThrow().ntHash());
        assertTrue(users.find("bob").isEmpty());
    }

    @Test
    void inMemoryDirectoryRefusesNamesThatDifferOnlyInCase() {
        assertThrows(IllegalArgumentException.class,
                () -> new InMemoryUserDirectory(Map.of("alice", "a", "ALICE", "b")));
    }

    @Test
    void compositeAsksInOrderAndTheFirstMatchWins() {
        UserDirectory first = new InMemoryUserDirectory(Map.of("alice", "one"));
        UserDirectory second = new InMemoryUserDirectory(Map.of("ALICE", "two", "bob", "three"));
        UserDirectory both = new CompositeUserDirectory(List.of(first, second));
        assertArrayEquals(NtHash.of("one"), both.find("Alice").orElseThrow().ntHash());
        assertArrayEquals(NtHash.of("three"), both.find("bob").orElseThrow().ntHash());
        assertTrue(both.find("carol").isEmpty());
        assertTrue(new CompositeUserDirectory(List.of()).find("alice").isEmpty());
    }

    @Test
    void credentialsNeverPrintTheHashAndDoNotShareTheirArray() {
        byte[] hash = NtHash.of("pw");
        UserCredentials c = new UserCredentials("alice", hash);
        assertFalse(c.toString().contains(HexFormat.of().formatHex(hash)));
        assertFalse(c.toString().toUpperCase().contains(HexFormat.of().withUpperCase().formatHex(hash)));
        assertTrue(c.toString().contains("alice"));
        hash[0] ^= 1;
        assertNotEquals(hash[0], c.ntHash()[0]);
        c.ntHash()[1] ^= 1;
        assertArrayEquals(NtHash.of("pw"), c.ntHash());
        assertEquals(new UserCredentials("alice", NtHash.of("pw")), c);
        assertThrows(IllegalArgumentException.class, () -> new UserCredentials("alice", new byte[15]));
    }

    @Test
    void authStepsCheckTheirShape() {
        AuthenticatedUser user = new AuthenticatedUser("alice", "SIGNET", UserKind.USER);
        AuthenticatedUser anonymous = new AuthenticatedUser("ANONYMOUS LOGON", "NT AUTHORITY", UserKind.ANONYMOUS);
        AuthStep.success(null, user, new byte[16]);
        AuthStep.success(null, anonymous, null);
        assertThrows(IllegalArgumentException.class, () -> AuthStep.success(null, user, null));
        assertThrows(IllegalArgumentException.class, () -> AuthStep.success(null, anonymous, new byte[16]));
        assertThrows(NullPointerException.class, () -> AuthStep.continueWith(null));
        assertThrows(NullPointerException.class, () -> AuthStep.failure(null, "why", null));
        assertThrows(NullPointerException.class, () -> AuthStep.failure(
                io.signet.protocol.status.NtStatus.STATUS_LOGON_FAILURE, null, null), "a failure says why");
        assertFalse(AuthStep.success(null, user, new byte[16]).toString().contains("[B@"));
    }
}

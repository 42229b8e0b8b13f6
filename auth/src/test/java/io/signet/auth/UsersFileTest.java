package io.signet.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {
    @TempDir
    Path dir;

    @Test
    void addUserCreatesAnOwnerOnlyFileThatLoadsBack() throws IOException {
        Path file = dir.resolve("users");
        UsersFile.addUser(file, "alice", "Secret#1");
        UsersFile.addUser(file, "Bob", "hunter2");

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        UsersFile users = UsersFile.load(file);
        assertArrayEquals(NtHash.of("Secret#1"), users.find("ALICE").orElseThrow().ntHash());
        assertEquals("Bob", users.find("bob").orElseThrow().name());
        assertTrue(users.find("carol").isEmpty());
        assertFalse(Files.readString(file).contains("Secret#1"), "no clear-text password on disk");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file left behind");
        }
    }

    @Test
    void addUserReplacesTheUsersLineAndKeepsEverythingElse() throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, "# Signet users\n\nalice:" + "00".repeat(16) + "\ncarol:" + "11".repeat(16) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        UsersFile.addUser(file, "ALICE", "new password");

        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("# Signet users", "", "ALICE:" + java.util.HexFormat.of().formatHex(
                NtHash.of("new password")), "carol:" + "11".repeat(16)), lines);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(NtHash.of("new password"), UsersFile.load(file).find("alice").orElseThrow().ntHash());
    }

    @Test
    void hashesAreReadInEitherCaseAndSpacesAroundEntriesAreIgnored() throws IOException {
        Path file = dir.resolve("users");
        String hex = java.util.HexFormat.of().withUpperCase().formatHex(NtHash.of("pw"));
        Files.writeString(file, "  dave : " + hex + "  \n   # indented comment\n");
        assertArrayEquals(NtHash.of("pw"), UsersFile.load(file).find("DAVE").orElseThrow().ntHash());
    }

    @Test
    void malformedLinesNameFileAndLine() throws IOException {
        Path file = dir.resolve("users");
        for (String bad : new String[] {"alice", "alice:1234", ":" + "00".repeat(16), "alice:" + "zz".repeat(16),
                "alice:" + "00".repeat(17)}) {
            Files.writeString(file, "# ok\nbob:" + "00".repeat(16) + "\n" + bad + "\n", StandardCharsets.UTF_8);
            IOException e = assertThrows(IOException.class, () -> UsersFile.load(file));
            assertTrue(e.getMessage().startsWith(file + ":3: "), e.getMessage());
        }
    }

    @Test
    void aNameListedTwiceIsAnError() throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, "bob:" + "00".repeat(16) + "\nBOB:" + "11".repeat(16) + "\n");
        IOException e = assertThrows(IOException.class, () -> UsersFile.load(file));
        assertTrue(e.getMessage().startsWith(file + ":2: "), e.getMessage());
    }

    @Test
    void addUserRefusesToRewriteAMalformedFile() throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, "garbage\n");
        assertThrows(IOException.class, () -> UsersFile.addUser(file, "alice", "pw"));
        assertEquals("garbage\n", Files.readString(file));
    }

    @Test
    void unwritableNamesAreRefused() {
        Path file = dir.resolve("users");
        for (String bad : new String[] {"", "a:b", "#root", " alice", "tab\there", "line\nbreak"}) {
            assertThrows(IllegalArgumentException.class, () -> UsersFile.addUser(file, bad, "pw"), bad);
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void missingFileCannotBeLoaded() {
        assertThrows(IOException.class, () -> UsersFile.load(dir.resolve("absent")));
    }
}

package io.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShareConfigTest {

    private static final Path DIR = Path.of("/srv/data");

    @Test
    void ofMakesAReadWriteBrowseableShareWithoutGuests() {
        ShareConfig share = ShareConfig.of("data", DIR);
        assertEquals("data", share.name());
        assertEquals(DIR.toAbsolutePath(), share.path());
        assertFalse(share.readOnly());
        assertEquals("", share.comment());
        assertTrue(share.browseable());
        assertFalse(share.guestOk());
    }

    @Test
    void sharesFollowTheServersEncryptionUnlessTold() {
        assertNull(ShareConfig.of("data", DIR).encryption());
        assertNull(new ShareConfig("data", DIR, true, "", true, false).encryption());
        assertEquals(new ShareConfig("data", DIR, true, "", true, false, null),
                new ShareConfig("data", DIR, true, "", true, false));
        ShareConfig required = ShareConfig.of("data", DIR).withEncryption(EncryptionPolicy.REQUIRED);
        assertEquals(EncryptionPolicy.REQUIRED, required.encryption());
        assertEquals(new ShareConfig("data", DIR, false, "", true, false, EncryptionPolicy.REQUIRED), required);
        assertNull(required.withEncryption(null).encryption());
    }

    @Test
    void ntAclSupportIsOnByDefaultAndSurvivesTheWithers() {
        ShareConfig share = ShareConfig.of("data", Path.of("/srv/data"));
        assertTrue(share.ntAclSupport());
        ShareConfig without = share.withNtAclSupport(false);
        assertFalse(without.ntAclSupport());
        assertFalse(without.withEncryption(EncryptionPolicy.REQUIRED).ntAclSupport());
        assertFalse(without.withValidUsers(List.of("alice")).ntAclSupport());
    }

    @Test
    void pathIsMadeAbsoluteAndNormalised() {
        ShareConfig share = ShareConfig.of("data", Path.of("a/./b/../c"));
        assertEquals(Path.of("a/c").toAbsolutePath(), share.path());
    }

    @Test
    void nullCommentBecomesEmpty() {
        assertEquals("", new ShareConfig("data", DIR, true, null, true, false).comment());
    }

    @ParameterizedTest
    @ValueSource(strings = {"data", "D", "my share", "backup$", "Ünïcødé", "a-b_c.d"})
    void validNames(String name) {
        assertEquals(name, ShareConfig.of(name, DIR).name());
    }

    @Test
    void eightyCharactersIsTheLimit() {
        ShareConfig.of("x".repeat(80), DIR);
        ConfigException e = assertThrows(ConfigException.class, () -> ShareConfig.of("x".repeat(81), DIR));
        assertTrue(e.getMessage().contains("1 to 80 characters"), e.getMessage());
    }

    @Test
    void emptyNameIsRefused() {
        assertThrows(ConfigException.class, () -> ShareConfig.of("", DIR));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\", "/", "[", "]", ":", "|", "<", ">", "+", "=", ";", ",", "*", "?", "\""})
    void forbiddenCharactersAreNamed(String c) {
        ConfigException e = assertThrows(ConfigException.class, () -> ShareConfig.of("a" + c + "b", DIR));
        assertTrue(e.getMessage().contains("must not contain '" + c + "'"), e.getMessage());
    }

    @Test
    void controlCharactersAndOuterSpacesAreRefused() {
        assertThrows(ConfigException.class, () -> ShareConfig.of("a\tb", DIR));
        assertThrows(ConfigException.class, () -> ShareConfig.of("a\u0000b", DIR));
        assertThrows(ConfigException.class, () -> ShareConfig.of(" data", DIR));
        assertThrows(ConfigException.class, () -> ShareConfig.of("data ", DIR));
    }

    @ParameterizedTest
    @ValueSource(strings = {"IPC$", "ipc$", "Ipc$"})
    void ipcIsReserved(String name) {
        ConfigException e = assertThrows(ConfigException.class, () -> ShareConfig.of(name, DIR));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }

    @Test
    void hasNameIgnoresCaseOneCharacterAtATime() {
        ShareConfig share = ShareConfig.of("Daten", DIR);
        assertTrue(share.hasName("DATEN"));
        assertTrue(share.hasName("daten"));
        assertFalse(share.hasName("date"));
        // Windows folds per character, so the sharp s never turns into "SS".
        assertFalse(ShareConfig.of("straße", DIR).hasName("STRASSE"));
        assertTrue(ShareConfig.of("ÄRGER", DIR).hasName("ärger"));
    }

    @Test
    void everyUserMayConnectUnlessTold() {
        ShareConfig share = ShareConfig.of("data", DIR);
        assertEquals(List.of(), share.validUsers());
        assertEquals(List.of(), new ShareConfig("data", DIR, true, "", true, false).validUsers());
        assertEquals(List.of(), new ShareConfig("data", DIR, true, "", true, false, null).validUsers());
        assertEquals(List.of(), new ShareConfig("data", DIR, true, "", true, false, null, null).validUsers());
        assertTrue(share.allows("anyone"));
        assertTrue(share.allows(null));
        assertTrue(share.allows(""));
    }

    @Test
    void withValidUsersKeepsEverythingElse() {
        ShareConfig base = new ShareConfig("data", DIR, true, "files", false, true, EncryptionPolicy.DESIRED);
        ShareConfig restricted = base.withValidUsers(List.of("alice", "Bob"));
        assertEquals(new ShareConfig("data", DIR, true, "files", false, true, EncryptionPolicy.DESIRED,
                List.of("alice", "Bob")), restricted);
        assertEquals(List.of("alice", "Bob"), restricted.withEncryption(null).validUsers());
        assertEquals(base, restricted.withValidUsers(List.of()));
        assertEquals(base, restricted.withValidUsers(null));
    }

    @Test
    void allowsComparesNamesIgnoringCase() {
        ShareConfig share = ShareConfig.of("data", DIR).withValidUsers(List.of("alice", "Bob"));
        assertTrue(share.allows("alice"));
        assertTrue(share.allows("ALICE"));
        assertTrue(share.allows("bob"));
        assertFalse(share.allows("carol"));
        assertFalse(share.allows("alic"));
        assertFalse(share.allows(""));
        assertFalse(share.allows(null));
    }

    @Test
    void validUsersIsAnUnmodifiableCopy() {
        List<String> names = new ArrayList<>(List.of("alice"));
        ShareConfig share = ShareConfig.of("data", DIR).withValidUsers(names);
        names.add("bob");
        assertEquals(List.of("alice"), share.validUsers());
        assertFalse(share.allows("bob"));
        assertThrows(UnsupportedOperationException.class, () -> share.validUsers().add("bob"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"@staff", "+staff", "@"})
    void groupsAreRefused(String name) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ShareConfig.of("data", DIR).withValidUsers(List.of("alice", name)));
        assertTrue(e.getMessage().contains("groups are not supported"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }

    @Test
    void badValidUserNamesAreRefused() {
        ShareConfig share = ShareConfig.of("data", DIR);
        assertTrue(assertThrows(ConfigException.class, () -> share.withValidUsers(List.of("")))
                .getMessage().contains("must not be empty"));
        assertTrue(assertThrows(ConfigException.class, () -> share.withValidUsers(Arrays.asList("a", null)))
                .getMessage().contains("must not be empty"));
        assertTrue(assertThrows(ConfigException.class, () -> share.withValidUsers(List.of("a:b")))
                .getMessage().contains("must not contain ':'"));
        assertTrue(assertThrows(ConfigException.class, () -> share.withValidUsers(List.of("a\tb")))
                .getMessage().contains("control characters"));
        assertEquals(List.of("CORP\\alice", "a@b", "x+y"),
                share.withValidUsers(List.of("CORP\\alice", "a@b", "x+y")).validUsers());
    }
}

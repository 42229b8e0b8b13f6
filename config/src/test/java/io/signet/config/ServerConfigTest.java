package io.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerConfigTest {

    @TempDir
    Path dir;

    @Test
    void builderDefaults() {
        ServerConfig config = ServerConfig.builder().build();
        assertNull(config.bindAddress());
        assertEquals(445, config.port());
        assertEquals(SigningPolicy.MANDATORY, config.signing());
        assertTrue(config.shares().isEmpty());
        assertTrue(config.users().isEmpty());
        assertNull(config.usersFile());
        assertNull(config.stateDir());
        assertNull(config.adminSocket());
        assertEquals(NetbiosNames.defaultServerName(), config.serverName());
        assertTrue(config.serverName().matches("[A-Z0-9_-]{1,15}"), config.serverName());
        assertEquals("WORKGROUP", config.domain());
        assertEquals(8 * 1024 * 1024 + 65536, config.maxFrameSize());
    }

    @Test
    void everySetterIsKept() {
        Path users = dir.resolve("users");
        Path state = dir.resolve("state");
        ServerConfig config = ServerConfig.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .signing(SigningPolicy.AUTO)
                .share("data", dir)
                .share(new ShareConfig("pub", dir, true, "public files", false, true))
                .user("alice", "secret1")
                .usersFile(users)
                .stateDir(state)
                .serverName("fileserver")
                .domain("corp")
                .maxFrameSize(65536)
                .build();
        assertEquals("127.0.0.1", config.bindAddress());
        assertEquals(0, config.port());
        assertEquals(SigningPolicy.AUTO, config.signing());
        assertEquals(List.of(ShareConfig.of("data", dir), new ShareConfig("pub", dir, true, "public files", false,
                true)), config.shares());
        assertEquals(Map.of("alice", "secret1"), config.users());
        assertEquals(users, config.usersFile());
        assertEquals(state, config.stateDir());
        assertEquals("FILESERVER", config.serverName());
        assertEquals("CORP", config.domain());
        assertEquals(65536, config.maxFrameSize());
    }

    @Test
    void kerberosSettingsAreKept() throws IOException {
        Path keytab = Files.write(dir.resolve("signet.keytab"), new byte[] {5, 2});
        ServerConfig config = ServerConfig.builder()
                .realm("EXAMPLE.COM")
                .kerberosKeytab(keytab)
                .kerberosClockSkew(Duration.ofSeconds(30))
                .kerberosAllowRc4(true)
                .build();
        assertEquals("EXAMPLE.COM", config.realm());
        assertEquals(keytab, config.kerberosKeytab());
        assertEquals(Duration.ofSeconds(30), config.kerberosClockSkew());
        assertTrue(config.kerberosAllowRc4());
        assertTrue(config.kerberosEnabled());
        assertTrue(config.toString().contains("realm=EXAMPLE.COM"), config.toString());
    }

    @Test
    void multiChannelDefaultsToOnAndIsKept() {
        assertTrue(ServerConfig.builder().build().multiChannel());
        ServerConfig off = ServerConfig.builder().multiChannel(false).build();
        assertFalse(off.multiChannel());
        assertTrue(off.toString().contains("multiChannel=false"), off.toString());
    }

    @Test
    void kerberosNeedsBothRealmAndKeytab() throws IOException {
        Path keytab = Files.write(dir.resolve("signet.keytab"), new byte[] {5, 2});
        ConfigException noKeytab = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().realm("EXAMPLE.COM").build());
        assertTrue(noKeytab.getMessage().contains("no kerberos keytab"), noKeytab.getMessage());
        ConfigException noRealm = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().kerberosKeytab(keytab).build());
        assertTrue(noRealm.getMessage().contains("no realm"), noRealm.getMessage());
    }

    @Test
    void theKeytabMustBeAReadableFile() {
        ConfigException missing = assertThrows(ConfigException.class, () -> ServerConfig.builder()
                .realm("EXAMPLE.COM").kerberosKeytab(dir.resolve("absent.keytab")).build());
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        ConfigException directory = assertThrows(ConfigException.class, () -> ServerConfig.builder()
                .realm("EXAMPLE.COM").kerberosKeytab(dir).build());
        assertTrue(directory.getMessage().contains("is not a file"), directory.getMessage());
    }

    @Test
    void clockSkewBounds() throws IOException {
        Path keytab = Files.write(dir.resolve("signet.keytab"), new byte[] {5, 2});
        assertThrows(ConfigException.class, () -> ServerConfig.builder().realm("EXAMPLE.COM")
                .kerberosKeytab(keytab).kerberosClockSkew(Duration.ZERO).build());
        assertThrows(ConfigException.class, () -> ServerConfig.builder().realm("EXAMPLE.COM")
                .kerberosKeytab(keytab).kerberosClockSkew(Duration.ofDays(2)).build());
        assertEquals(Duration.ofDays(1), ServerConfig.builder().realm("EXAMPLE.COM").kerberosKeytab(keytab)
                .kerberosClockSkew(Duration.ofDays(1)).build().kerberosClockSkew());
    }

    @Test
    void builderShareByNameAndPathIsReadWriteBrowseableWithoutGuests() {
        ShareConfig share = ServerConfig.builder().share("data", dir).build().shares().get(0);
        assertFalse(share.readOnly());
        assertTrue(share.browseable());
        assertFalse(share.guestOk());
    }

    @Test
    void shareLookupIgnoresCase() {
        ServerConfig config = ServerConfig.builder().share("Data", dir).build();
        assertEquals("Data", config.share("DATA").orElseThrow().name());
        assertEquals("Data", config.share("data").orElseThrow().name());
        assertTrue(config.share("other").isEmpty());
        assertTrue(config.share("IPC$").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 445, 65535})
    void validPorts(int port) {
        assertEquals(port, ServerConfig.builder().port(port).build().port());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536, Integer.MAX_VALUE})
    void invalidPorts(int port) {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.builder().port(port).build());
        assertEquals("port must be between 0 and 65535, got " + port, e.getMessage());
        assertNull(e.file());
    }

    @Test
    void maxFrameSizeBounds() {
        ServerConfig.builder().maxFrameSize(64 * 1024).build();
        ServerConfig.builder().maxFrameSize(16 * 1024 * 1024).build();
        assertThrows(ConfigException.class, () -> ServerConfig.builder().maxFrameSize(64 * 1024 - 1).build());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().maxFrameSize(16 * 1024 * 1024 + 1).build());
        assertTrue(e.getMessage().startsWith("max frame size must be between 65536 and 16777216"), e.getMessage());
    }

    @Test
    void missingSharePathSaysWhichShareAndPath() {
        Path missing = dir.resolve("nowhere");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().share("data", missing).build());
        assertEquals("share 'data': path " + missing + " does not exist", e.getMessage());
    }

    @Test
    void sharePathThatIsAFileSaysSo() throws IOException {
        Path file = Files.createFile(dir.resolve("plain.txt"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().share("data", file).build());
        assertEquals("share 'data': path " + file + " is not a directory", e.getMessage());
    }

    @Test
    void duplicateShareNamesIgnoreCase() {
        ConfigException same = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().share("data", dir).share("data", dir).build());
        assertEquals("share 'data' is defined twice", same.getMessage());
        ConfigException cased = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().share("data", dir).share("DATA", dir).build());
        assertTrue(cased.getMessage().contains("differ only in case"), cased.getMessage());
    }

    @Test
    void guestShareWithMandatorySigningIsRefusedWithTheReason() {
        ShareConfig guest = new ShareConfig("pub", dir, true, "", true, true);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().share(guest).build());
        assertTrue(e.getMessage().startsWith("share 'pub' allows guests but signing is mandatory"), e.getMessage());
        assertTrue(e.getMessage().contains("guest sessions have no session key and so cannot sign"));
        assertTrue(e.getMessage().contains("[MS-SMB2] 3.3.5.5.3"));
    }

    @Test
    void guestShareWithAutoSigningIsAllowed() {
        ShareConfig guest = new ShareConfig("pub", dir, true, "", true, true);
        ServerConfig config = ServerConfig.builder().signing(SigningPolicy.AUTO).share(guest).build();
        assertTrue(config.share("pub").orElseThrow().guestOk());
    }

    @Test
    void theRecordConstructorEnforcesTheSameRules() {
        ShareConfig guest = new ShareConfig("pub", dir, true, "", true, true);
        assertThrows(ConfigException.class, () -> new ServerConfig(null, 445, SigningPolicy.MANDATORY,
                List.of(guest), Map.of(), null, null, "S", "W", ServerConfig.DEFAULT_MAX_FRAME_SIZE,
                EncryptionPolicy.IF_REQUIRED, ServerConfig.DEFAULT_ENCRYPTION_CIPHERS));
        assertThrows(ConfigException.class, () -> new ServerConfig(null, 445, SigningPolicy.AUTO,
                List.of(ShareConfig.of("a", dir), ShareConfig.of("A", dir)), Map.of(), null, null, "S", "W",
                ServerConfig.DEFAULT_MAX_FRAME_SIZE,
                EncryptionPolicy.IF_REQUIRED, ServerConfig.DEFAULT_ENCRYPTION_CIPHERS));
        assertThrows(ConfigException.class, () -> new ServerConfig(null, 70000, SigningPolicy.AUTO,
                List.of(), Map.of(), null, null, "S", "W", ServerConfig.DEFAULT_MAX_FRAME_SIZE,
                EncryptionPolicy.IF_REQUIRED, ServerConfig.DEFAULT_ENCRYPTION_CIPHERS));
        assertThrows(ConfigException.class, () -> new ServerConfig(null, 445, null,
                List.of(), Map.of(), null, null, "S", "W", ServerConfig.DEFAULT_MAX_FRAME_SIZE,
                EncryptionPolicy.IF_REQUIRED, ServerConfig.DEFAULT_ENCRYPTION_CIPHERS));
        assertThrows(ConfigException.class, () -> new ServerConfig(null, 445, SigningPolicy.AUTO,
                List.of(), Map.of(), null, null, null, "W", ServerConfig.DEFAULT_MAX_FRAME_SIZE,
                EncryptionPolicy.IF_REQUIRED, ServerConfig.DEFAULT_ENCRYPTION_CIPHERS));
    }

    @Test
    void encryptionDefaultsFollowSamba() {
        ServerConfig config = ServerConfig.builder().serverName("S").build();
        assertEquals(EncryptionPolicy.IF_REQUIRED, config.encryption());
        assertEquals(List.of(EncryptionCipher.AES_128_GCM, EncryptionCipher.AES_128_CCM,
                EncryptionCipher.AES_256_GCM, EncryptionCipher.AES_256_CCM), config.encryptionCiphers());
    }

    @ParameterizedTest
    @EnumSource(EncryptionPolicy.class)
    void everyEncryptionPolicyGoesWithEitherSigningPolicy(EncryptionPolicy policy) {
        for (SigningPolicy signing : SigningPolicy.values()) {
            ServerConfig config = ServerConfig.builder().signing(signing).encryption(policy).share("data", dir)
                    .serverName("S").build();
            assertEquals(policy, config.encryption());
            assertEquals(signing, config.signing());
        }
    }

    @Test
    void cipherOrderIsKeptAsThePreference() {
        List<EncryptionCipher> order = List.of(EncryptionCipher.AES_256_CCM, EncryptionCipher.AES_128_GCM);
        assertEquals(order, ServerConfig.builder().encryptionCiphers(order).serverName("S").build()
                .encryptionCiphers());
    }

    @Test
    void onlyAes256CiphersIsFine() {
        List<EncryptionCipher> strong = List.of(EncryptionCipher.AES_256_GCM, EncryptionCipher.AES_256_CCM);
        assertEquals(strong, ServerConfig.builder().encryptionCiphers(strong).encryption(EncryptionPolicy.REQUIRED)
                .serverName("S").build().encryptionCiphers());
    }

    @Test
    void anEmptyCipherListIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().encryptionCiphers(List.of()).build());
        assertEquals("server smb encrypt algorithms must list at least one cipher", e.getMessage());
    }

    @Test
    void aDuplicateCipherIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.builder().encryptionCiphers(
                List.of(EncryptionCipher.AES_128_GCM, EncryptionCipher.AES_256_GCM, EncryptionCipher.AES_128_GCM))
                .build());
        assertEquals("server smb encrypt algorithms lists AES-128-GCM twice", e.getMessage());
    }

    @Test
    void aNullCipherIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.builder().encryptionCiphers(
                Arrays.asList(EncryptionCipher.AES_128_GCM, null)).build());
        assertEquals("encryption ciphers must not contain null", e.getMessage());
        assertThrows(NullPointerException.class, () -> ServerConfig.builder().encryptionCiphers(null));
        assertThrows(NullPointerException.class, () -> ServerConfig.builder().encryption(null));
    }

    @Test
    void theBuilderCopiesTheCipherList() {
        List<EncryptionCipher> ciphers = new ArrayList<>(List.of(EncryptionCipher.AES_256_GCM));
        ServerConfigBuilder builder = ServerConfig.builder().encryptionCiphers(ciphers).serverName("S");
        ciphers.add(EncryptionCipher.AES_256_GCM);
        assertEquals(List.of(EncryptionCipher.AES_256_GCM), builder.build().encryptionCiphers());
    }

    @Test
    void aGuestShareThatRequiresEncryptionIsRefusedWithTheReason() {
        ShareConfig guest = new ShareConfig("pub", dir, true, "", true, true, EncryptionPolicy.REQUIRED);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().signing(SigningPolicy.AUTO).share(guest).build());
        assertEquals("share 'pub' allows guests but requires encryption (smb encrypt = required); guest sessions"
                + " have no session key and so cannot encrypt ([MS-SMB2] 3.3.5.5.3): set smb encrypt on this share"
                + " to if_required or desired or stop allowing guests on this share", e.getMessage());
        assertEquals(null, e.file());
    }

    @ParameterizedTest
    @EnumSource(EncryptionPolicy.class)
    void aServerThatRequiresEncryptionRefusesGuestSharesWhateverTheyAsk(EncryptionPolicy shareSetting) {
        ShareConfig guest = new ShareConfig("pub", dir, true, "", true, true, shareSetting);
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.builder()
                .signing(SigningPolicy.AUTO).encryption(EncryptionPolicy.REQUIRED).share(guest).build());
        assertTrue(e.getMessage().startsWith("share 'pub' allows guests but "), e.getMessage());
        assertTrue(e.getMessage().contains("so cannot encrypt"), e.getMessage());
    }

    @Test
    void aServerThatRequiresEncryptionNamesItselfAsTheCause() {
        ShareConfig guest = new ShareConfig("pub", dir, true, "", true, true);
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.builder()
                .signing(SigningPolicy.AUTO).encryption(EncryptionPolicy.REQUIRED).share(guest).build());
        assertTrue(e.getMessage().startsWith("share 'pub' allows guests but the server requires encryption"
                + " (server smb encrypt = required)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("set server smb encrypt to if_required or desired or stop allowing"
                + " guests on this share"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "OFF, OFF", "OFF, IF_REQUIRED", "OFF, DESIRED", "IF_REQUIRED, DESIRED", "DESIRED, OFF",
        "DESIRED, IF_REQUIRED", "DESIRED, DESIRED", "IF_REQUIRED, IF_REQUIRED", "IF_REQUIRED, OFF",
    })
    void guestSharesThatDoNotRequireEncryptionAreFine(EncryptionPolicy server, EncryptionPolicy share) {
        ShareConfig guest = new ShareConfig("pub", dir, true, "", true, true, share);
        ServerConfig config = ServerConfig.builder().signing(SigningPolicy.AUTO).encryption(server).share(guest)
                .serverName("S").build();
        assertEquals(share, config.share("pub").orElseThrow().encryption());
        ServerConfig inherited = ServerConfig.builder().signing(SigningPolicy.AUTO).encryption(server)
                .share(new ShareConfig("pub", dir, true, "", true, true)).serverName("S").build();
        assertNull(inherited.share("pub").orElseThrow().encryption());
    }

    @Test
    void aShareCannotRequireEncryptionTheServerTurnedOff() {
        ShareConfig share = ShareConfig.of("data", dir).withEncryption(EncryptionPolicy.REQUIRED);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().encryption(EncryptionPolicy.OFF).share(share).build());
        assertEquals("share 'data' has smb encrypt = required but the server has server smb encrypt = off;"
                + " a share cannot require encryption the server has turned off", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = EncryptionPolicy.class, names = {"IF_REQUIRED", "DESIRED", "REQUIRED"})
    void aShareMayRequireEncryptionWheneverTheServerOffersIt(EncryptionPolicy server) {
        ShareConfig share = ShareConfig.of("data", dir).withEncryption(EncryptionPolicy.REQUIRED);
        ServerConfig config = ServerConfig.builder().encryption(server).share(share).serverName("S").build();
        assertEquals(EncryptionPolicy.REQUIRED, config.share("data").orElseThrow().encryption());
    }

    @Test
    void theRecordConstructorEnforcesTheEncryptionRules() {
        ShareConfig guestRequired = new ShareConfig("pub", dir, true, "", true, true, EncryptionPolicy.REQUIRED);
        ShareConfig required = ShareConfig.of("data", dir).withEncryption(EncryptionPolicy.REQUIRED);
        ConfigException guest = assertThrows(ConfigException.class, () -> new ServerConfig(null, 445,
                SigningPolicy.AUTO, List.of(guestRequired), Map.of(), null, null, "S", "W",
                ServerConfig.DEFAULT_MAX_FRAME_SIZE, EncryptionPolicy.IF_REQUIRED,
                ServerConfig.DEFAULT_ENCRYPTION_CIPHERS));
        assertTrue(guest.getMessage().contains("so cannot encrypt"), guest.getMessage());
        ConfigException off = assertThrows(ConfigException.class, () -> new ServerConfig(null, 445,
                SigningPolicy.AUTO, List.of(required), Map.of(), null, null, "S", "W",
                ServerConfig.DEFAULT_MAX_FRAME_SIZE, EncryptionPolicy.OFF, ServerConfig.DEFAULT_ENCRYPTION_CIPHERS));
        assertTrue(off.getMessage().contains("a share cannot require encryption the server has turned off"),
                off.getMessage());
        ConfigException noPolicy = assertThrows(ConfigException.class, () -> new ServerConfig(null, 445,
                SigningPolicy.AUTO, List.of(), Map.of(), null, null, "S", "W", ServerConfig.DEFAULT_MAX_FRAME_SIZE,
                null, ServerConfig.DEFAULT_ENCRYPTION_CIPHERS));
        assertEquals("encryption policy must be set", noPolicy.getMessage());
        ConfigException noCiphers = assertThrows(ConfigException.class, () -> new ServerConfig(null, 445,
                SigningPolicy.AUTO, List.of(), Map.of(), null, null, "S", "W", ServerConfig.DEFAULT_MAX_FRAME_SIZE,
                EncryptionPolicy.IF_REQUIRED, null));
        assertEquals("encryption ciphers must be set", noCiphers.getMessage());
        assertThrows(ConfigException.class, () -> new ServerConfig(null, 445, SigningPolicy.AUTO, List.of(),
                Map.of(), null, null, "S", "W", ServerConfig.DEFAULT_MAX_FRAME_SIZE, EncryptionPolicy.IF_REQUIRED,
                List.of()));
        assertThrows(ConfigException.class, () -> new ServerConfig(null, 445, SigningPolicy.AUTO, List.of(),
                Map.of(), null, null, "S", "W", ServerConfig.DEFAULT_MAX_FRAME_SIZE, EncryptionPolicy.IF_REQUIRED,
                List.of(EncryptionCipher.AES_128_CCM, EncryptionCipher.AES_128_CCM)));
    }

    @Test
    void toStringShowsEncryptionAndStillHidesPasswords() {
        ServerConfig config = ServerConfig.builder()
                .user("alice", "Tr0ub4dor&3")
                .encryption(EncryptionPolicy.REQUIRED)
                .encryptionCiphers(List.of(EncryptionCipher.AES_256_GCM))
                .share(ShareConfig.of("data", dir).withEncryption(EncryptionPolicy.DESIRED))
                .serverName("S")
                .build();
        String text = config.toString();
        assertTrue(text.contains("encryption=REQUIRED"), text);
        assertTrue(text.contains("encryptionCiphers=[AES_256_GCM]"), text);
        assertTrue(text.contains("encryption=DESIRED"), text);
        assertTrue(text.contains("alice"), text);
        assertFalse(text.contains("Tr0ub4dor&3"), text);
    }

    @Test
    void zeroSharesAndZeroUsersAreAllowed() {
        ServerConfig config = ServerConfig.builder().build();
        assertTrue(config.shares().isEmpty());
        assertTrue(config.users().isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|user names must not be empty",
        "a:b|user name 'a:b' must not contain ':'",
    })
    void invalidUserNames(String name, String reason) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().user(name, "pw").build());
        assertEquals(reason, e.getMessage());
    }

    @Test
    void duplicateUsersAreRefusedIgnoringCase() {
        ConfigException same = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().user("bob", "x").user("bob", "y").build());
        assertEquals("user 'bob' is defined twice", same.getMessage());
        ConfigException cased = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().user("bob", "x").user("BOB", "y").build());
        assertTrue(cased.getMessage().contains("differ only in case"), cased.getMessage());
    }

    @Test
    void emptyPasswordIsRefusedWithoutEchoingAnything() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().user("bob", "").build());
        assertEquals("user 'bob' has no password", e.getMessage());
    }

    @Test
    void toStringNamesUsersButHidesPasswords() {
        ServerConfig config = ServerConfig.builder()
                .user("alice", "Tr0ub4dor&3")
                .user("bob", "correct-horse-battery")
                .serverName("S")
                .build();
        String text = config.toString();
        assertTrue(text.contains("alice"), text);
        assertTrue(text.contains("bob"), text);
        assertFalse(text.contains("Tr0ub4dor&3"), text);
        assertFalse(text.contains("correct-horse-battery"), text);
    }

    @Test
    void collectionsAreCopiedAndUnmodifiable() {
        List<ShareConfig> shares = new ArrayList<>(List.of(ShareConfig.of("data", dir)));
        Map<String, String> users = new HashMap<>(Map.of("alice", "pw"));
        List<EncryptionCipher> ciphers = new ArrayList<>(List.of(EncryptionCipher.AES_256_GCM));
        ServerConfig config = new ServerConfig(null, 445, SigningPolicy.MANDATORY, shares, users, null, null, "S",
                "W", ServerConfig.DEFAULT_MAX_FRAME_SIZE, EncryptionPolicy.IF_REQUIRED, ciphers);
        shares.add(ShareConfig.of("other", dir));
        users.put("mallory", "pw");
        ciphers.add(EncryptionCipher.AES_128_GCM);
        assertEquals(1, config.shares().size());
        assertEquals(Map.of("alice", "pw"), config.users());
        assertEquals(List.of(EncryptionCipher.AES_256_GCM), config.encryptionCiphers());
        assertThrows(UnsupportedOperationException.class,
                () -> config.encryptionCiphers().add(EncryptionCipher.AES_128_CCM));
        assertThrows(UnsupportedOperationException.class, () -> config.shares().add(ShareConfig.of("x", dir)));
        assertThrows(UnsupportedOperationException.class, () -> config.shares().clear());
        assertThrows(UnsupportedOperationException.class, () -> config.users().put("mallory", "pw"));
        assertThrows(UnsupportedOperationException.class, () -> config.users().remove("alice"));
    }

    @Test
    void theBuilderCannotReachIntoABuiltConfig() {
        ServerConfigBuilder builder = ServerConfig.builder().share("data", dir).user("alice", "pw").serverName("S");
        ServerConfig first = builder.build();
        builder.share("more", dir).user("bob", "pw");
        assertEquals(1, first.shares().size());
        assertEquals(1, first.users().size());
        assertEquals(2, builder.build().shares().size());
    }

    @Test
    void usersKeepTheirOrder() {
        ServerConfig config = ServerConfig.builder().user("zed", "1").user("amy", "2").user("max", "3")
                .serverName("S").build();
        assertEquals(List.of("zed", "amy", "max"), new ArrayList<>(config.users().keySet()));
    }

    @Test
    void settersReturnTheSameBuilder() {
        ServerConfigBuilder b = ServerConfig.builder();
        assertSame(b, b.bindAddress(null).port(1).signing(SigningPolicy.AUTO).share("d", dir)
                .share(ShareConfig.of("e", dir)).user("u", "p").usersFile(null).stateDir(null).serverName("S")
                .domain("W").maxFrameSize(65536).encryption(EncryptionPolicy.DESIRED)
                .encryptionCiphers(List.of(EncryptionCipher.AES_256_GCM)));
    }

    @Test
    void accessBasedShareEnumIsOnUnlessTurnedOff() {
        assertTrue(ServerConfig.builder().build().accessBasedShareEnum());
        assertFalse(ServerConfig.builder().accessBasedShareEnum(false).build().accessBasedShareEnum());
        assertTrue(ServerConfig.builder().accessBasedShareEnum(false).accessBasedShareEnum(true).build()
                .accessBasedShareEnum());
        assertTrue(ServerConfig.builder().build().toString().contains("accessBasedShareEnum=true"));
    }

    @Test
    void theOldConstructorTurnsAccessBasedShareEnumOn() {
        ServerConfig config = new ServerConfig(null, 445, SigningPolicy.AUTO, List.of(), Map.of(), null, null, "S",
                "W", ServerConfig.DEFAULT_MAX_FRAME_SIZE, EncryptionPolicy.IF_REQUIRED,
                ServerConfig.DEFAULT_ENCRYPTION_CIPHERS);
        assertTrue(config.accessBasedShareEnum());
        assertEquals(new ServerConfig(null, 445, SigningPolicy.AUTO, List.of(), Map.of(), null, null, "S", "W",
                ServerConfig.DEFAULT_MAX_FRAME_SIZE, EncryptionPolicy.IF_REQUIRED,
                ServerConfig.DEFAULT_ENCRYPTION_CIPHERS, true), config);
    }

    @Test
    void validUsersMustBeInlineUsersWithoutAUsersFile() {
        ShareConfig share = ShareConfig.of("data", dir).withValidUsers(List.of("ALICE", "bob"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().share(share).user("alice", "pw").serverName("S").build());
        assertNull(e.file());
        assertTrue(e.getMessage().contains("share 'data': valid users names 'bob', who is not a configured user"),
                e.getMessage());
        ServerConfig config = ServerConfig.builder().share(share).user("alice", "pw").user("BOB", "pw")
                .serverName("S").build();
        assertEquals(List.of("ALICE", "bob"), config.shares().get(0).validUsers());
        assertThrows(ConfigException.class, () -> new ServerConfig(null, 445, SigningPolicy.AUTO, List.of(share),
                Map.of("alice", "pw"), null, null, "S", "W", ServerConfig.DEFAULT_MAX_FRAME_SIZE,
                EncryptionPolicy.IF_REQUIRED, ServerConfig.DEFAULT_ENCRYPTION_CIPHERS, true));
    }

    @Test
    void aUsersFileVouchesForValidUsersNamesLater() {
        ShareConfig share = ShareConfig.of("data", dir).withValidUsers(List.of("bob"));
        ServerConfig config = ServerConfig.builder().share(share).usersFile(dir.resolve("users")).serverName("S")
                .build();
        assertEquals(List.of("bob"), config.share("DATA").orElseThrow().validUsers());
        assertTrue(config.share("data").orElseThrow().allows("Bob"));
    }

    @Test
    void theMetricsEndpointIsOffByDefaultAndOnLoopbackWhenAPortIsGiven() {
        assertNull(ServerConfig.builder().serverName("S").build().metrics());
        assertNull(ServerConfig.builder().serverName("S").metricsBind("0.0.0.0").build().metrics(),
                "an address alone starts nothing");
        assertEquals(new MetricsEndpoint("127.0.0.1", 9445),
                ServerConfig.builder().serverName("S").metricsPort(9445).build().metrics());
        assertEquals(new MetricsEndpoint("0.0.0.0", 9445),
                ServerConfig.builder().serverName("S").metricsBind("0.0.0.0").metricsPort(9445).build().metrics());
        assertThrows(ConfigException.class, () -> ServerConfig.builder().serverName("S").metricsPort(70000).build());
        assertThrows(ConfigException.class, () -> new MetricsEndpoint("not an address", 9445));
        assertThrows(ConfigException.class, () -> new MetricsEndpoint(null, 9445));
    }
}

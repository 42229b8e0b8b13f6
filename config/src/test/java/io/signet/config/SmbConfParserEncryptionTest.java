package io.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** smb.conf encryption keys: the server's and each share's policy, the cipher list, and the checks between them. */
class SmbConfParserEncryptionTest extends SmbConfFixture {
    @Test
    void encryptionDefaultsFollowSamba() throws IOException {
        ServerConfig config = parse("[data]\npath = data\n");
        assertEquals(EncryptionPolicy.IF_REQUIRED, config.encryption());
        assertEquals(ServerConfig.DEFAULT_ENCRYPTION_CIPHERS, config.encryptionCiphers());
        assertEquals(List.of(EncryptionCipher.AES_128_GCM, EncryptionCipher.AES_128_CCM,
                EncryptionCipher.AES_256_GCM, EncryptionCipher.AES_256_CCM), config.encryptionCiphers());
        assertNull(config.shares().get(0).encryption(), "a share without smb encrypt follows the server");
    }

    @ParameterizedTest
    @CsvSource({
        "off, OFF", "no, OFF", "false, OFF", "disabled, OFF",
        "if_required, IF_REQUIRED", "default, IF_REQUIRED", "auto, IF_REQUIRED", "enabled, IF_REQUIRED",
        "desired, DESIRED",
        "required, REQUIRED", "mandatory, REQUIRED", "forced, REQUIRED", "Required, REQUIRED",
    })
    void globalEncryptionValuesUnderBothNames(String value, EncryptionPolicy expected) throws IOException {
        assertEquals(expected, parse("[global]\nsmb encrypt = " + value + "\n").encryption());
        assertEquals(expected, parse("[global]\nserver smb encrypt = " + value + "\n").encryption());
    }

    @ParameterizedTest
    @CsvSource({
        "off, OFF", "no, OFF", "false, OFF", "disabled, OFF",
        "if_required, IF_REQUIRED", "default, IF_REQUIRED", "auto, IF_REQUIRED", "enabled, IF_REQUIRED",
        "desired, DESIRED",
        "required, REQUIRED", "mandatory, REQUIRED", "forced, REQUIRED",
    })
    void shareEncryptionValues(String value, EncryptionPolicy expected) throws IOException {
        ServerConfig config = parse("[data]\npath = data\nsmb encrypt = " + value + "\n");
        assertEquals(expected, config.shares().get(0).encryption());
        assertEquals(EncryptionPolicy.IF_REQUIRED, config.encryption(), "a share's setting stays in the share");
    }

    @Test
    void sharesInheritUnlessTheySayOtherwise() throws IOException {
        ServerConfig config = parse("""
                [global]
                server smb encrypt = desired
                [plain]
                path = data
                [secret]
                path = data
                smb encrypt = required
                [open]
                path = data
                smb encrypt = off
                """);
        assertEquals(EncryptionPolicy.DESIRED, config.encryption());
        assertNull(config.share("plain").orElseThrow().encryption());
        assertEquals(EncryptionPolicy.REQUIRED, config.share("secret").orElseThrow().encryption());
        assertEquals(EncryptionPolicy.OFF, config.share("open").orElseThrow().encryption());
        assertEquals(new ShareConfig("secret", data, true, "", true, false, EncryptionPolicy.REQUIRED),
                config.share("secret").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"server smb encrypt algorithms", "server smb3 encryption algorithms",
        "Server_SMB3_Encryption_Algorithms", "serversmbencryptalgorithms"})
    void cipherListUnderBothNames(String key) throws IOException {
        assertEquals(List.of(EncryptionCipher.AES_256_GCM, EncryptionCipher.AES_128_CCM),
                parse("[global]\n" + key + " = AES-256-GCM AES-128-CCM\n").encryptionCiphers());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "aes-256-ccm aes-128-gcm aes-256-gcm",
        "AES-256-CCM, AES-128-GCM, AES-256-GCM",
        "AES-256-CCM,AES-128-GCM,AES-256-GCM",
        "aes-256-ccm ,  Aes-128-Gcm\tAES-256-GCM,",
        ", AES-256-CCM AES-128-GCM AES-256-GCM",
    })
    void cipherListsAreSpaceOrCommaSeparatedAndKeepTheirOrder(String value) throws IOException {
        assertEquals(List.of(EncryptionCipher.AES_256_CCM, EncryptionCipher.AES_128_GCM,
                EncryptionCipher.AES_256_GCM), parse("[global]\nserver smb encrypt algorithms = " + value + "\n")
                .encryptionCiphers());
    }

    @Test
    void aCipherListOfOnlyAes256IsFine() throws IOException {
        ServerConfig config = parse("[global]\nserver smb encrypt = required\n"
                + "server smb encrypt algorithms = AES-256-GCM, AES-256-CCM\n");
        assertEquals(List.of(EncryptionCipher.AES_256_GCM, EncryptionCipher.AES_256_CCM),
                config.encryptionCiphers());
        assertEquals(EncryptionPolicy.REQUIRED, config.encryption());
    }

    @Test
    void requiredEncryptionWithAutoSigningIsFine() throws IOException {
        ServerConfig config = parse("""
                [global]
                server signing = auto
                server smb encrypt = required
                [data]
                path = data
                smb encrypt = required
                """);
        assertEquals(SigningPolicy.AUTO, config.signing());
        assertEquals(EncryptionPolicy.REQUIRED, config.encryption());
    }

    @Test
    void aGuestShareMayAskForEncryptionWithoutRequiringIt() throws IOException {
        ShareConfig share = parse("[global]\nserver signing = auto\n[pub]\npath = data\nguest ok = yes\n"
                + "smb encrypt = desired\n").shares().get(0);
        assertTrue(share.guestOk());
        assertEquals(EncryptionPolicy.DESIRED, share.encryption());
    }

    @Test
    void theEncryptionChecksUseTheFinalServerPolicy() throws IOException {
        Path file = write("[data]\npath = data\n\nsmb encrypt = required\n");
        ServerConfigBuilder builder = SmbConfParser.parseInto(file, ServerConfig.builder());
        builder.encryption(EncryptionPolicy.OFF);
        ConfigException e = assertThrows(ConfigException.class, builder::build);
        assertLocated(e, file, 4, "a share cannot require encryption the server has turned off");
        // A later override is what counts.
        builder.encryption(EncryptionPolicy.DESIRED);
        assertEquals(EncryptionPolicy.REQUIRED, builder.build().shares().get(0).encryption());
    }

    @Test
    void toStringStillHidesPasswordsWithEncryptionSet() throws IOException {
        ServerConfig config = SmbConfParser.parseInto(write("""
                [global]
                server smb encrypt = required
                server smb encrypt algorithms = AES-256-GCM
                [data]
                path = data
                smb encrypt = required
                """), ServerConfig.builder().user("alice", "s3cret-Pa55")).build();
        String text = config.toString();
        assertTrue(text.contains("encryption=REQUIRED"), text);
        assertTrue(text.contains("AES_256_GCM"), text);
        assertTrue(text.contains("alice"), text);
        assertFalse(text.contains("s3cret-Pa55"), text);
    }
}

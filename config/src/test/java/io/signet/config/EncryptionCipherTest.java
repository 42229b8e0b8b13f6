package io.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptionCipherTest {

    @Test
    void configNames() {
        assertEquals("AES-128-GCM", EncryptionCipher.AES_128_GCM.configName());
        assertEquals("AES-128-CCM", EncryptionCipher.AES_128_CCM.configName());
        assertEquals("AES-256-GCM", EncryptionCipher.AES_256_GCM.configName());
        assertEquals("AES-256-CCM", EncryptionCipher.AES_256_CCM.configName());
    }

    @ParameterizedTest
    @CsvSource({
        "AES-128-GCM, AES_128_GCM", "aes-128-gcm, AES_128_GCM", "Aes-128-Gcm, AES_128_GCM",
        "AES-128-CCM, AES_128_CCM", "aes-128-ccm, AES_128_CCM",
        "AES-256-GCM, AES_256_GCM", "aes-256-gcm, AES_256_GCM",
        "AES-256-CCM, AES_256_CCM", "aes-256-ccm, AES_256_CCM",
    })
    void namesIgnoreCase(String value, EncryptionCipher expected) {
        assertEquals(expected, EncryptionCipher.fromName(value));
    }

    @Test
    void everyConstantReadsBackFromItsName() {
        for (EncryptionCipher cipher : EncryptionCipher.values()) {
            assertEquals(cipher, EncryptionCipher.fromName(cipher.configName()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "AES_128_GCM", "aes128gcm", "AES-192-GCM", "AES-128-GMAC", "chacha20"})
    void otherNamesListTheValidOnes(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> EncryptionCipher.fromName(value));
        assertEquals("encryption cipher must be one of AES-128-GCM, AES-128-CCM, AES-256-GCM, AES-256-CCM, got '"
                + value + "'", e.getMessage());
    }
}

package io.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigningPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"mandatory", "required", "MANDATORY", "Required", " mandatory "})
    void mandatorySpellings(String value) {
        assertEquals(SigningPolicy.MANDATORY, SigningPolicy.fromName(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "AUTO", "Auto"})
    void autoSpellings(String value) {
        assertEquals(SigningPolicy.AUTO, SigningPolicy.fromName(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disabled", "off", "Disabled", "no"})
    void turningSigningOffIsRefusedWithTheReason(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> SigningPolicy.fromName(value));
        assertTrue(e.getMessage().contains("SMB2 signing cannot be disabled"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "default", "yes", "sometimes"})
    void otherValuesListTheValidOnes(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> SigningPolicy.fromName(value));
        assertTrue(e.getMessage().contains("'mandatory', 'required' or 'auto'"), e.getMessage());
    }
}

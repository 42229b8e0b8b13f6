package io.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptionPolicyTest {

    @ParameterizedTest
    @CsvSource({
        "off, OFF", "no, OFF", "false, OFF", "disabled, OFF", "OFF, OFF", "Disabled, OFF",
        "if_required, IF_REQUIRED", "default, IF_REQUIRED", "auto, IF_REQUIRED", "enabled, IF_REQUIRED",
        "IF_REQUIRED, IF_REQUIRED", "Auto, IF_REQUIRED",
        "desired, DESIRED", "DESIRED, DESIRED",
        "required, REQUIRED", "mandatory, REQUIRED", "forced, REQUIRED", "Required, REQUIRED",
    })
    void everySpelling(String value, EncryptionPolicy expected) {
        assertEquals(expected, EncryptionPolicy.fromName(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {" desired ", "\trequired"})
    void surroundingWhiteSpaceIsIgnored(String value) {
        assertTrue(EncryptionPolicy.fromName(value).compareTo(EncryptionPolicy.DESIRED) >= 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sometimes", "if required", "ifrequired", "require", "yes"})
    void otherValuesListTheValidOnes(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> EncryptionPolicy.fromName(value));
        assertEquals("smb encrypt must be 'off', 'if_required', 'desired' or 'required' (also 'no', 'false',"
                + " 'disabled'; 'default', 'auto', 'enabled'; 'mandatory', 'forced'), got '" + value.strip() + "'",
                e.getMessage());
        assertEquals(null, e.file());
    }
}

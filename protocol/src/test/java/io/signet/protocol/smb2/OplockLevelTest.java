package io.signet.protocol.smb2;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OplockLevelTest {
    @Test
    void codesAreThoseOfTheSpec() {
        // [MS-SMB2] 2.2.13 RequestedOplockLevel
        assertEquals(0x00, OplockLevel.NONE.code());
        assertEquals(0x01, OplockLevel.II.code());
        assertEquals(0x08, OplockLevel.EXCLUSIVE.code());
        assertEquals(0x09, OplockLevel.BATCH.code());
        assertEquals(0xFF, OplockLevel.LEASE.code());
    }

    @Test
    void fromCodeIsTheInverseOfCode() {
        for (OplockLevel level : OplockLevel.values()) {
            assertEquals(level, OplockLevel.fromCode(level.code()));
        }
    }

    @Test
    void undefinedCodesHaveNoLevel() {
        for (int code : new int[] {0x02, 0x07, 0x0A, 0xFE, 0x100, -1}) {
            assertNull(OplockLevel.fromCode(code), "0x" + Integer.toHexString(code));
        }
    }
}

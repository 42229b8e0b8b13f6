package io.signet.storage.create;

import org.junit.jupiter.api.Test;

import static io.signet.protocol.smb2.AccessMask.*;
import static io.signet.storage.create.DesiredAccess.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DesiredAccessTest {
    @Test
    void genericRightsMapToTheFileRights() {
        assertEquals(0x00120089, map(GENERIC_READ, false, false));
        assertEquals(0x00120116, map(GENERIC_WRITE, false, false));
        assertEquals(0x001200A0, map(GENERIC_EXECUTE, false, false));
        assertEquals(0x001F01FF, map(GENERIC_ALL, false, false));
        assertEquals(0x001F01FF, map(GENERIC_ALL, true, false), "directories map the same bits");
        assertEquals(0x001201BF, map(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE, false, false));
    }

    @Test
    void specificRightsPassThrough() {
        assertEquals(FILE_READ_ATTRIBUTES | DELETE, map(FILE_READ_ATTRIBUTES | DELETE, false, false));
        assertEquals(FILE_GENERIC_READ | DELETE, map(GENERIC_READ | DELETE, false, false));
        assertEquals(ACCESS_SYSTEM_SECURITY | FILE_READ_DATA, map(ACCESS_SYSTEM_SECURITY | FILE_READ_DATA, false,
                false), "left in so that CREATE can refuse it");
    }

    @Test
    void maximumAllowedIsEverythingTheShareAllows() {
        assertEquals(FILE_ALL_ACCESS, map(MAXIMUM_ALLOWED, false, false));
        assertEquals(0x001200A9, map(MAXIMUM_ALLOWED, false, true), "read and execute on a read-only share");
        assertEquals(0x001200A9 | FILE_WRITE_DATA, map(MAXIMUM_ALLOWED | FILE_WRITE_DATA, false, true),
                "an explicit write stays visible so CREATE can refuse it");
    }
}

package io.signet.protocol.dtyp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SidTest {
    private static final String BUILTIN_ADMINISTRATORS_HEX =
            "01 02 000000000005"     // Revision 1, SubAuthorityCount 2, IdentifierAuthority 5 (big-endian)
            + " 20000000 20020000";  // 32, 544 (little-endian)

    private static Sid decodeWhole(ByteBuf buf) {
        return Sid.decode(buf, buf.readerIndex(), buf.writerIndex());
    }

    @Test
    void encodesTheSpecLayout() {
        assertEquals(Hex.clean(BUILTIN_ADMINISTRATORS_HEX), Hex.encoded(Sid.BUILTIN_ADMINISTRATORS::encode));
        assertEquals(16, Sid.BUILTIN_ADMINISTRATORS.size());
        assertEquals("010100000000000100000000", Hex.encoded(Sid.EVERYONE::encode));
    }

    @Test
    void decodesWithoutMovingTheReaderIndex() {
        ByteBuf buf = Unpooled.wrappedBuffer(Hex.bytes("ffff " + BUILTIN_ADMINISTRATORS_HEX + " eeee"));
        try {
            assertEquals(Sid.BUILTIN_ADMINISTRATORS, Sid.decode(buf, 2, 18));
            assertEquals(0, buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void stringFormRoundTrips() {
        for (String s : new String[]{"S-1-1-0", "S-1-5-32-544", "S-1-5-21-1-2-3-1001", "S-1-5", "S-1-0x000100000000-1",
                "S-1-5-21-4294967295-0-2147483648"}) {
            assertEquals(s, Sid.parse(s).toString());
        }
        assertEquals(Sid.BUILTIN_USERS, Sid.parse("s-1-5-32-545"));
        assertEquals(0xFFFF_FFFF_FFFFL, Sid.parse("S-1-0xffffffffffff").identifierAuthority());
        assertEquals("S-1-4294967295-1", Sid.parse("S-1-0x0000FFFFFFFF-1").toString());
        assertEquals(-1, Sid.parse("S-1-5-4294967295").subAuthority(0));
    }

    @Test
    void wellKnownConstants() {
        assertEquals("S-1-1-0", Sid.EVERYONE.toString());
        assertEquals("S-1-5-7", Sid.ANONYMOUS.toString());
        assertEquals("S-1-5-11", Sid.AUTHENTICATED_USERS.toString());
        assertEquals("S-1-5-18", Sid.LOCAL_SYSTEM.toString());
        assertEquals("S-1-5-32-544", Sid.BUILTIN_ADMINISTRATORS.toString());
        assertEquals("S-1-5-32-545", Sid.BUILTIN_USERS.toString());
        assertEquals("S-1-3-0", Sid.CREATOR_OWNER.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "S", "S-1", "S-2-5-32", "X-1-5", "S-1--5", "S-1-5-", "S-1-+5", "S-1-5--1",
            "S-1-5-4294967296", "S-1-4294967296", "S-1-0x1234", "S-1-5-a", "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16"})
    void rejectsMalformedStrings(String s) {
        assertThrows(IllegalArgumentException.class, () -> Sid.parse(s));
    }

    @Test
    void fifteenSubAuthoritiesIsTheMaximum() {
        Sid max = Sid.parse("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15");
        assertEquals(68, max.size());
        assertEquals(max, Hex.decoded(Hex.encoded(max::encode), SidTest::decodeWhole));
        assertThrows(IllegalArgumentException.class, () -> max.withRid(16));
    }

    @Test
    void valueSemanticsAndDefensiveCopies() {
        int[] subs = {32, 544};
        Sid sid = Sid.of(5, subs);
        subs[0] = 99;
        assertEquals(Sid.BUILTIN_ADMINISTRATORS, sid);
        assertEquals(Sid.BUILTIN_ADMINISTRATORS.hashCode(), sid.hashCode());
        sid.subAuthorities()[1] = 0;
        assertArrayEquals(new int[]{32, 544}, sid.subAuthorities());
        assertNotEquals(Sid.BUILTIN_USERS, sid);
        assertNotEquals(Sid.of(5, 32), sid);
    }

    @Test
    void malformedWireForms() {
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("01 02 000000000005 20000000", SidTest::decodeWhole));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("01 01 0000000000", SidTest::decodeWhole));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("", SidTest::decodeWhole));
        // Revision 2.
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("02 01 000000000005 12000000", SidTest::decodeWhole));
        // SubAuthorityCount 200, and 16 with enough bytes behind it: the 15 limit, not the length, rejects it.
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, Hex.failure("01 c8 000000000005 12000000", SidTest::decodeWhole));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                Hex.failure("01 10 000000000005" + " 00000000".repeat(16), SidTest::decodeWhole));
    }

    @Test
    void limitAndIndexAreChecked() {
        ByteBuf buf = Unpooled.wrappedBuffer(Hex.bytes(BUILTIN_ADMINISTRATORS_HEX));
        try {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                    assertThrows(SmbException.class, () -> Sid.decode(buf, 0, 12)).status());
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                    assertThrows(SmbException.class, () -> Sid.decode(buf, 0, 64)).status());
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                    assertThrows(SmbException.class, () -> Sid.decode(buf, -4, 16)).status());
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER,
                    assertThrows(SmbException.class, () -> Sid.decode(buf, 12, 8)).status());
        } finally {
            buf.release();
        }
    }
}

package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** [MS-FSCC] 2.4.15 FILE_FULL_EA_INFORMATION lists and 2.4.15.1 FILE_GET_EA_INFORMATION lists. */
class FullEaInformationTest {
    /** The two EAs smbtorture gives its "complex" files. */
    private static final String TWO_EAS = """
            14000000 00 05 0600 45414f4e4500 56414c554531 0000   // EAONE = VALUE1, 8 + 6 + 6 = 20, no padding
            00000000 00 08 0800 5345434f4e44454100 56616c756554776f  // SECONDEA = ValueTwo, last: not padded
            """;

    private static final List<ExtendedAttribute> EAS = List.of(
            new ExtendedAttribute(0, "EAONE", bytes("VALUE1")),
            new ExtendedAttribute(0, "SECONDEA", bytes("ValueTwo")));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<ExtendedAttribute> decode(String hex) {
        ByteBuf in = Unpooled.wrappedBuffer(Hex.bytes(hex));
        try {
            return FullEaInformation.decode(in);
        } finally {
            in.release();
        }
    }

    private static NtStatus failure(String hex) {
        return assertThrows(SmbException.class, () -> decode(hex)).status();
    }

    @Test
    void decodesAChain() {
        List<ExtendedAttribute> eas = decode(TWO_EAS.replace("0000   //", "   //"));
        assertEquals(EAS, eas);
    }

    @Test
    void encodesWithPaddingBetweenEntriesOnly() {
        ExtendedAttribute odd = new ExtendedAttribute(ExtendedAttribute.FILE_NEED_EA, "A", bytes("xyz"));
        ByteBuf out = Unpooled.buffer();
        try {
            FullEaInformation.encode(List.of(odd, odd), out);
            // 8 + 2 + 3 = 13 bytes, padded to 16 before the next entry
            assertEquals(Hex.clean("""
                    10000000 80 01 0300 4100 78797a 000000
                    00000000 80 01 0300 4100 78797a
                    """), Hex.of(out));
            assertEquals(29, FullEaInformation.listLength(List.of(odd, odd)));
            assertEquals(32, FullEaInformation.eaSize(List.of(odd, odd)));
        } finally {
            out.release();
        }
    }

    @Test
    void roundTrips() {
        ByteBuf out = Unpooled.buffer();
        try {
            FullEaInformation.encode(EAS, out);
            assertEquals(FullEaInformation.listLength(EAS), out.readableBytes());
            assertEquals(EAS, FullEaInformation.decode(out));
        } finally {
            out.release();
        }
    }

    @Test
    void eaSizeOfNothingIsZero() {
        assertEquals(0, FullEaInformation.eaSize(List.of()));
        assertEquals(20 + 28, FullEaInformation.eaSize(EAS));
    }

    @Test
    void refusesOverrunsAndBadOffsets() {
        assertEquals(NtStatus.STATUS_EA_LIST_INCONSISTENT, failure("000000 00"));            // short header
        assertEquals(NtStatus.STATUS_EA_LIST_INCONSISTENT, failure("00000000 00 05 0600 45414f4e4500 56414c55"));
        assertEquals(NtStatus.STATUS_EA_LIST_INCONSISTENT, failure("00000000 00 01 0000 4141"));  // no NUL
        // NextEntryOffset not a multiple of 4, and one pointing past the buffer
        assertEquals(NtStatus.STATUS_EA_LIST_INCONSISTENT, failure("0d000000 00 01 0300 4100 78797a 000000"));
        assertEquals(NtStatus.STATUS_EA_LIST_INCONSISTENT, failure("20000000 00 01 0300 4100 78797a 000000"));
        // an offset inside the entry itself
        assertEquals(NtStatus.STATUS_EA_LIST_INCONSISTENT, failure("08000000 00 01 0300 4100 78797a 000000"));
    }

    @Test
    void refusesBadNames() {
        assertEquals(NtStatus.STATUS_INVALID_EA_NAME, failure("00000000 00 00 0100 00 41"));       // empty name
        assertEquals(NtStatus.STATUS_INVALID_EA_NAME, failure("00000000 00 01 0100 2a00 41"));     // "*"
        assertEquals(NtStatus.STATUS_INVALID_EA_NAME, failure("00000000 00 01 0100 0100 41"));     // control char
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, failure("00000000 01 01 0100 4100 41"));  // unknown flag
    }

    @Test
    void zeroLengthValueDecodes() {
        List<ExtendedAttribute> eas = decode("00000000 00 02 0000 414200");
        assertEquals(1, eas.size());
        assertEquals("AB", eas.get(0).name());
        assertArrayEquals(new byte[0], eas.get(0).value());
    }

    @Test
    void upperNameIsAsciiUpperCase() {
        assertEquals("EAONE.X_1", new ExtendedAttribute(0, "eaOne.x_1", new byte[0]).upperName());
    }

    @Test
    void decodesGetEaNames() {
        ByteBuf in = Unpooled.wrappedBuffer(Hex.bytes("""
                0c000000 05 45414f4e4500 00      // "EAONE", padded to 12
                00000000 01 4100                 // "A"
                """));
        try {
            assertEquals(List.of("EAONE", "A"), FullEaInformation.decodeNames(in));
        } finally {
            in.release();
        }
        ByteBuf bad = Unpooled.wrappedBuffer(Hex.bytes("00000000 05 4100"));
        try {
            assertEquals(NtStatus.STATUS_EA_LIST_INCONSISTENT,
                    assertThrows(SmbException.class, () -> FullEaInformation.decodeNames(bad)).status());
        } finally {
            bad.release();
        }
    }
}

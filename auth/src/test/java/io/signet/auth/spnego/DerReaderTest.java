package io.signet.auth.spnego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DerReaderTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void readsShortAndLongFormLengths() throws DerFormatException {
        byte[] big = new byte[300];
        byte[] encoded = DerEncoder.element(DerEncoder.OCTET_STRING, big);
        assertEquals("0482012c", HexFormat.of().formatHex(encoded, 0, 4));
        DerReader r = new DerReader(encoded);
        Tlv t = r.read(DerEncoder.OCTET_STRING);
        assertEquals(300, t.length());
        assertFalse(r.hasMore());
        assertArrayEquals(big, r.value(t));
        assertArrayEquals(encoded, r.encoding(t));

        Tlv small = new DerReader(hex("0403010203")).read();
        assertEquals(3, small.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                 // nothing
        "04",               // no length octet
        "0405010203",       // length past the end
        "0480",             // indefinite length
        "048501000000000000", // five length octets
        "0484ffffffff",     // 4 GiB claimed, nothing there
        "048201",           // length octets truncated
        "1f0100",           // high tag number form
    })
    void refusesMalformedElements(String input) {
        assertThrows(DerFormatException.class, () -> new DerReader(hex(input)).read());
    }

    @Test
    void nestingIsLimited() throws DerFormatException {
        byte[] nested = new byte[0];
        for (int i = 0; i < DerReader.MAX_DEPTH + 1; i++) {
            nested = DerEncoder.element(DerEncoder.SEQUENCE, nested);
        }
        DerReader r = new DerReader(nested);
        for (int i = 0; i < DerReader.MAX_DEPTH; i++) {
            r = r.enter(r.read(DerEncoder.SEQUENCE));
        }
        DerReader deepest = r;
        Tlv last = deepest.read(DerEncoder.SEQUENCE);
        assertThrows(DerFormatException.class, () -> deepest.enter(last));
    }

    @Test
    void primitiveElementsCannotBeEntered() throws DerFormatException {
        DerReader r = new DerReader(hex("0400"));
        Tlv t = r.read();
        assertThrows(DerFormatException.class, () -> r.enter(t));
    }

    @Test
    void trailingBytesAreRefused() throws DerFormatException {
        DerReader r = new DerReader(hex("040000"));
        r.read();
        assertThrows(DerFormatException.class, r::expectEnd);
    }

    @Test
    void objectIdentifiersEncodeAndPrint() {
        assertEquals("2b06010401823702020a", HexFormat.of().formatHex(ObjectId.NTLMSSP.contents()));
        assertEquals("2a864882f712010202", HexFormat.of().formatHex(ObjectId.KERBEROS_MICROSOFT.contents()));
        assertEquals("2a864886f712010202", HexFormat.of().formatHex(ObjectId.KERBEROS.contents()));
        assertEquals("1.3.6.1.4.1.311.2.2.10", ObjectId.NTLMSSP.toString());
        assertEquals("1.2.840.113554.1.2.2", ObjectId.KERBEROS.toString());
        assertEquals("OID:2b86", ObjectId.fromContents(hex("2b86")).toString());
    }

    @Test
    void negTokenRespRoundTripsEveryField() throws DerFormatException {
        NegTokenResp resp = new NegTokenResp(NegState.REQUEST_MIC, ObjectId.NTLMSSP, new byte[200], new byte[16]);
        NegTokenResp back = (NegTokenResp) NegotiationToken.decode(resp.encode());
        assertEquals(NegState.REQUEST_MIC, back.negState());
        assertEquals(ObjectId.NTLMSSP, back.supportedMech());
        assertEquals(200, back.responseToken().length);
        assertEquals(16, back.mechListMic().length);
        NegTokenResp empty = (NegTokenResp) NegotiationToken.decode(new NegTokenResp(null, null, null, null).encode());
        assertNull(empty.negState());
        assertNull(empty.responseToken());
    }

    @Test
    void negTokenInitRoundTripsWithMicAndWithHints() throws DerFormatException {
        NegTokenInit withMic = NegTokenInit.of(List.of(ObjectId.NTLMSSP), new byte[] {1, 2}, null, new byte[] {9});
        NegTokenInit back = (NegTokenInit) NegotiationToken.decode(withMic.encode());
        assertArrayEquals(new byte[] {9}, back.mechListMic());
        assertNull(back.hintName());
        assertArrayEquals(withMic.mechTypesEncoding(), back.mechTypesEncoding());

        NegTokenInit hinted = NegTokenInit.of(List.of(ObjectId.KERBEROS), null, "hint", new byte[] {7});
        NegTokenInit back2 = (NegTokenInit) NegotiationToken.decode(hinted.encode());
        assertEquals("hint", back2.hintName());
        assertArrayEquals(new byte[] {7}, back2.mechListMic());
    }

    @Test
    void unwrappedNegTokenInitIsAccepted() throws DerFormatException {
        byte[] wrapped = NegTokenInit.of(List.of(ObjectId.NTLMSSP), null, null, null).encode();
        byte[] bare = java.util.Arrays.copyOfRange(wrapped, 10, wrapped.length); // drop 60 len 06 06 <spnego>
        assertTrue(NegotiationToken.decode(bare) instanceof NegTokenInit);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "3000",                                   // not a NegotiationToken choice
        "6008060489abcdefa000",                   // wrapped, but not the SPNEGO OID
        "600c06062b0601050502a1023000",           // InitialContextToken around a NegTokenResp
        "a0023000",                               // NegTokenInit without mechTypes
        "a0063004a0023000",                       // NegTokenInit with an empty mechTypes list
        "a0083006a0043002" + "0400",              // mechTypes holding an OCTET STRING
        "a1073005a0030a0109",                     // negState 9
        "a1083006a1020600a1020600",               // field repeated... inside the wrong structure
        "a10a3008a2020400a0020a00",               // NegTokenResp fields out of order
        "a1053003a0010a",                         // truncated inside
        "a10230000000",                           // trailing bytes
    })
    void malformedTokensAreRefused(String input) {
        assertThrows(DerFormatException.class, () -> NegotiationToken.decode(hex(input)));
    }
}

package io.signet.protocol.smb1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Smb1NegotiateRequestTest {

    /**
     * [MS-CIFS] 2.2.3.1 header and 2.2.4.52.1 body of a multi-protocol negotiate as SMB2-capable clients send it:
     * Flags 0x18, Flags2 0xC853, PID 0xFEFF, MID 0, then "NT LM 0.12", "SMB 2.002", "SMB 2.???".
     */
    private static final String REQUEST = ""
            + "ff534d42" + "72" + "00000000" + "18" + "53c8"      // Protocol, Command, Status, Flags, Flags2
            + "0000" + "0000000000000000" + "0000" + "0000"        // PIDHigh, SecurityFeatures, Reserved, TID
            + "fffe" + "0000" + "0000"                             // PIDLow, UID, MID
            + "00" + "2200"                                        // WordCount 0, ByteCount 34
            + "02" + "4e54204c4d20302e313200"                      // NT LM 0.12
            + "02" + "534d4220322e30303200"                        // SMB 2.002
            + "02" + "534d4220322e3f3f3f00";                       // SMB 2.???

    private static ByteBuf wrap(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
    }

    @Test
    void decodesTheDialectStrings() {
        ByteBuf msg = wrap(REQUEST);
        try {
            assertTrue(Smb1NegotiateRequest.isNegotiate(msg));
            Smb1NegotiateRequest r = Smb1NegotiateRequest.decode(msg);
            assertEquals(List.of("NT LM 0.12", "SMB 2.002", "SMB 2.???"), r.dialects());
            assertTrue(r.offers(Smb1NegotiateRequest.SMB2_WILDCARD));
            assertTrue(r.offers(Smb1NegotiateRequest.SMB2_002));
            assertEquals(0, msg.readerIndex());
        } finally {
            msg.release();
        }
    }

    @Test
    void roundTrips() {
        Smb1NegotiateRequest r = new Smb1NegotiateRequest(List.of("NT LM 0.12", "SMB 2.002"));
        ByteBuf out = Unpooled.buffer();
        try {
            r.encode(out);
            assertEquals(r, Smb1NegotiateRequest.decode(out));
            assertEquals(Smb1NegotiateRequest.PROTOCOL_ID, out.getIntLE(0));
        } finally {
            out.release();
        }
    }

    @Test
    void theWalkStopsAtByteCountAndAtAMalformedEntry() {
        // ByteCount 12 covers only the first string
        ByteBuf shortCount = wrap(REQUEST.replace("00" + "2200", "00" + "0c00"));
        // the second entry has BufferFormat 0x03: not a dialect string
        ByteBuf badFormat = wrap(REQUEST.replace("02" + "534d4220322e30303200", "03" + "534d4220322e30303200"));
        // the last string has no NUL before the end
        ByteBuf noNul = wrap(REQUEST.substring(0, REQUEST.length() - 2));
        try {
            assertEquals(List.of("NT LM 0.12"), Smb1NegotiateRequest.decode(shortCount).dialects());
            assertEquals(List.of("NT LM 0.12"), Smb1NegotiateRequest.decode(badFormat).dialects());
            assertEquals(List.of("NT LM 0.12", "SMB 2.002"), Smb1NegotiateRequest.decode(noNul).dialects());
        } finally {
            shortCount.release();
            badFormat.release();
            noNul.release();
        }
    }

    @Test
    void otherCommandsAndShortMessagesAreNotANegotiate() {
        ByteBuf echo = wrap(REQUEST.replaceFirst("ff534d4272", "ff534d422b"));
        ByteBuf truncated = wrap(REQUEST.substring(0, 2 * 34));
        try {
            assertFalse(Smb1NegotiateRequest.isNegotiate(echo));
            assertFalse(Smb1NegotiateRequest.isNegotiate(truncated));
            assertThrows(IllegalArgumentException.class, () -> Smb1NegotiateRequest.decode(echo));
        } finally {
            echo.release();
            truncated.release();
        }
    }
}

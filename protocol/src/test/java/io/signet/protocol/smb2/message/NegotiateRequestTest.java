package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 2.2.3 NEGOTIATE request: the negotiate contexts are read where NegotiateContextOffset says, and only
 * there; the last context may end the message unpadded. The fixtures are NEGOTIATE requests of smbj 0.14.0 as
 * captured on loopback (64-byte header, then the body).
 */
class NegotiateRequestTest extends MessageTestSupport {
    private static final String HEADER = "fe534d4240000000000000000000ff01" + "0".repeat(96);
    private static final String SALT = "40354db112ab32a983c7a326b86bc06a0311b90d670982f7491a2979bcd113b6";
    /** SMB2_PREAUTH_INTEGRITY_CAPABILITIES: one hash (SHA-512) and a 32-byte salt; DataLength 38. */
    private static final String PREAUTH = "0100" + "2600" + "00000000" + "0100" + "2000" + "0100" + SALT;
    private static final String FIXED_HEAD = "2400";                  // StructureSize
    private static final String FIXED_TAIL = "0100" + "0000" + "04000000" // SecurityMode, Reserved, Capabilities
            + "8c32515203a34f42960a061fb225efc1";                     // ClientGuid

    /**
     * smbj offering {3.1.1, 3.0.2}: the Dialects end at 104, already 8-byte aligned, and smbj writes its only context
     * there, but it puts 112 in NegotiateContextOffset (it pads by 8 when no padding is due). At 112 lie the
     * context's own Data: read as a context header they give DataLength 32, which runs past the 150-byte message.
     */
    static final String SMBJ_TWO_DIALECTS = HEADER + FIXED_HEAD + "0200" + FIXED_TAIL
            + "70000000" + "0100" + "0000"                            // NegotiateContextOffset 112, Count 1, Reserved2
            + "0203" + "1103"                                         // Dialects 0x0302, 0x0311
            + PREAUTH;                                                // at 104, no padding before or after
    /** smbj offering all five dialects: the Dialects end at 110, 2 bytes of padding, the context at 112. */
    static final String SMBJ_FIVE_DIALECTS = HEADER + FIXED_HEAD + "0500" + FIXED_TAIL
            + "70000000" + "0100" + "0000"
            + "0202" + "1002" + "0003" + "0203" + "1103"
            + "0000"
            + PREAUTH;

    @Test
    void smbjTwoDialectOfferIsRefusedBecauseItsOffsetPointsIntoTheContextData() {
        ByteBuf msg = wrap(SMBJ_TWO_DIALECTS);
        assertEquals(150, msg.readableBytes());
        assertEquals(104, 64 + NegotiateRequest.STRUCTURE_SIZE + 2 * 2, "the Dialects end aligned");
        assertEquals(0x70, msg.getIntLE(64 + 28), "smbj's NegotiateContextOffset");
        assertEquals(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES, msg.getUnsignedShortLE(104),
                "the context smbj wrote lies at 104");
        SmbException e = assertThrows(SmbException.class, () -> NegotiateRequest.decode(msg));
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, e.status());
        assertEquals("negotiate context data past message end", e.getMessage());
    }

    @Test
    void theSameBytesWithTheOffsetOfTheirContextAreAcceptedAndNeedNoTrailingPadding() {
        ByteBuf msg = wrap(SMBJ_TWO_DIALECTS);
        msg.setIntLE(64 + 28, 104);
        NegotiateRequest r = NegotiateRequest.decode(msg);
        assertArrayEquals(new int[] {0x0302, 0x0311}, r.dialects());
        assertEquals(1, r.contexts().size());
        NegotiateContext preauth = r.contexts().get(0);
        assertEquals(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES, preauth.type());
        assertEquals(normalize(PREAUTH).substring(16), ByteBufUtil.hexDump(preauth.data()),
                "the context ends the message at 150, not padded to 152");
        PreauthIntegrityCapabilities p = PreauthIntegrityCapabilities.decode(preauth.data());
        assertEquals(List.of(PreauthIntegrityCapabilities.SHA_512), p.hashAlgorithms());
        assertArrayEquals(hex(SALT), p.salt());
    }

    @Test
    void smbjFiveDialectOfferDecodes() {
        NegotiateRequest r = NegotiateRequest.decode(wrap(SMBJ_FIVE_DIALECTS));
        assertArrayEquals(new int[] {0x0202, 0x0210, 0x0300, 0x0302, 0x0311}, r.dialects());
        assertEquals(0x01, r.securityMode());
        assertEquals(0x04, r.capabilities());
        assertArrayEquals(hex("8c32515203a34f42960a061fb225efc1"), r.clientGuid());
        assertEquals(1, r.contexts().size());
        assertEquals(normalize(PREAUTH).substring(16), ByteBufUtil.hexDump(r.contexts().get(0).data()));
    }

    /**
     * [MS-SMB2] 2.2.3: the first context starts at the first 8-byte boundary after the Dialects (no padding when they
     * end aligned, as with 2 or 6 dialects), each further one at the next boundary after the previous one, and the
     * last is not padded.
     */
    /** 3.1.1 first, so that every prefix carries contexts; 0x02FF stands in for a sixth value. */
    private static final int[] OFFERABLE = {0x0311, 0x0302, 0x0300, 0x0210, 0x0202, 0x02FF};

    @Test
    void encodesAtTheFirstAlignedOffsetAfterTheDialectsAndRoundTrips() {
        for (int count = 1; count <= 6; count++) {
            int[] dialects = Arrays.copyOf(OFFERABLE, count);
            ByteBuf preauth = Unpooled.wrappedBuffer(hex(PREAUTH.substring(16)));
            ByteBuf signing = Unpooled.wrappedBuffer(hex("0200" + "0200" + "0100"));
            NegotiateRequest sent = new NegotiateRequest(1, 4, hex("8c32515203a34f42960a061fb225efc1"), dialects,
                    List.of(new NegotiateContext(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES, preauth),
                            new NegotiateContext(NegotiateContext.SIGNING_CAPABILITIES, signing)));
            ByteBuf msg = track(Unpooled.buffer());
            msg.writeBytes(hex(HEADER));
            sent.encode(msg);
            preauth.release();
            signing.release();

            int dialectsEnd = 64 + NegotiateRequest.STRUCTURE_SIZE + 2 * count;
            int first = (dialectsEnd + 7) & ~7;
            assertEquals(first, msg.getIntLE(64 + 28), "NegotiateContextOffset for " + count + " dialects");
            int second = (first + 8 + 38 + 7) & ~7;
            assertEquals(second + 8 + 6, msg.readableBytes(), "the last context ends the message");

            NegotiateRequest got = NegotiateRequest.decode(msg);
            assertArrayEquals(dialects, got.dialects());
            assertEquals(2, got.contexts().size());
            assertEquals(NegotiateContext.PREAUTH_INTEGRITY_CAPABILITIES, got.contexts().get(0).type());
            assertEquals(normalize(PREAUTH).substring(16), ByteBufUtil.hexDump(got.contexts().get(0).data()));
            assertEquals(NegotiateContext.SIGNING_CAPABILITIES, got.contexts().get(1).type());
            assertEquals("020002000100", ByteBufUtil.hexDump(got.contexts().get(1).data()));
        }
    }
}

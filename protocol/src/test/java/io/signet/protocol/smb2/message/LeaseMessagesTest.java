package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.signet.protocol.smb2.LeaseState;
import io.signet.protocol.smb2.Smb2Command;
import org.junit.jupiter.api.Test;

/** The lease wire structures: [MS-SMB2] 2.2.13.2.8/10, 2.2.14.2.10/11, 2.2.23.2, 2.2.24.2, 2.2.25.2. */
class LeaseMessagesTest extends MessageTestSupport {
    private static final int RWH = LeaseState.READ | LeaseState.WRITE | LeaseState.HANDLE;
    private static final String KEY_HEX = "0102030405060708090a0b0c0d0e0f10";
    private static final LeaseKey KEY = new LeaseKey(0x0807060504030201L, 0x100f0e0d0c0b0a09L);
    private static final String PARENT_HEX = "1112131415161718191a1b1c1d1e1f20";
    private static final LeaseKey PARENT = new LeaseKey(0x1817161514131211L, 0x201f1e1d1c1b1a19L);

    @Test
    void v1RequestDecodesFromItsLayoutAndRoundTrips() {
        // LeaseKey, LeaseState RWH (7), LeaseFlags 0, LeaseDuration 0
        LeaseContext v1 = LeaseContext.decode(wrap(KEY_HEX + "07000000" + "00000000" + "0000000000000000"));
        assertEquals(LeaseContext.v1(KEY, RWH, 0), v1);
        assertEquals(KEY_HEX + "07000000" + "00000000" + "0000000000000000",
                ByteBufUtil.hexDump(track(v1.encode())));
        assertEquals(v1, CreateContextTypes.decode(tracked(v1.toContext())));
        assertFalse(v1.hasParentKey());
    }

    @Test
    void v2RequestDecodesFromItsLayoutAndRoundTrips() {
        // LeaseKey, RH (3), PARENT_LEASE_KEY_SET (4), duration 0, ParentLeaseKey, Epoch 3, Reserved
        String hex = KEY_HEX + "03000000" + "04000000" + "0000000000000000" + PARENT_HEX + "0300" + "0000";
        LeaseContext v2 = LeaseContext.decode(wrap(hex));
        assertEquals(LeaseContext.v2(KEY, LeaseState.READ | LeaseState.HANDLE, LeaseContext.PARENT_LEASE_KEY_SET,
                PARENT, 3), v2);
        assertTrue(v2.hasParentKey());
        assertEquals(hex, ByteBufUtil.hexDump(track(v2.encode())));
        assertEquals(v2, CreateContextTypes.decode(tracked(v2.toContext())));
    }

    @Test
    void theRequestFixtureOfCreateTestCarriesAV2Lease() {
        CreateRequest request = CreateRequest.decode(encode(Smb2Command.CREATE, new CreateRequest(0xff, 2, 1, 0x20, 7,
                1, 0, "x", java.util.List.of(new CreateContext(CreateContext.LEASE, wrap(KEY_HEX + "07000000"
                + "00000000" + "0000000000000000" + PARENT_HEX + "0300" + "0000"))))::encode));
        assertEquals(LeaseContext.v2(KEY, 7, 0, PARENT, 3), request.context(LeaseContext.class).get());
    }

    private CreateContext tracked(CreateContext c) {
        track(c.data());
        return c;
    }

    @Test
    void otherLengthsAreInvalid() {
        assertInvalidParameter(() -> LeaseContext.decode(wrap(KEY_HEX)));
        assertInvalidParameter(() -> LeaseContext.decode(wrap(KEY_HEX + "00".repeat(20))));
        assertInvalidParameter(() -> LeaseContext.decode(wrap(KEY_HEX + "00".repeat(40))));
    }

    @Test
    void breakNotificationEncodesTheSpecLayoutAndRoundTrips() {
        LeaseBreakNotification n = new LeaseBreakNotification(2, LeaseBreakNotification.ACK_REQUIRED, KEY,
                RWH, LeaseState.READ | LeaseState.HANDLE);
        String body = "2c00" + "0200" + "01000000" + KEY_HEX + "07000000" + "03000000" + "00000000" + "00000000"
                + "00000000";
        assertEquals(body, bodyHex(encode(Smb2Command.OPLOCK_BREAK, n::encode)));
        assertEquals(n, LeaseBreakNotification.decode(message(Smb2Command.OPLOCK_BREAK, body)));
    }

    @Test
    void breakAcknowledgmentDecodesAndRoundTrips() {
        String body = "2400" + "0000" + "00000000" + KEY_HEX + "01000000" + "0000000000000000";
        LeaseBreakAck ack = LeaseBreakAck.decode(message(Smb2Command.OPLOCK_BREAK, body));
        assertEquals(new LeaseBreakAck(0, KEY, LeaseState.READ, 0), ack);
        assertEquals(body, bodyHex(encode(Smb2Command.OPLOCK_BREAK, ack::encode)));
        assertEquals(36, LeaseBreakAck.structureSizeOf(message(Smb2Command.OPLOCK_BREAK, body)));
    }

    @Test
    void shortOrMislabelledAcknowledgmentsAreInvalid() {
        assertRejected(Smb2Command.OPLOCK_BREAK, "2400" + "0000" + "00000000" + KEY_HEX, LeaseBreakAck::decode);
        assertRejected(Smb2Command.OPLOCK_BREAK, "1800" + "00".repeat(34), LeaseBreakAck::decode);
        assertRejected(Smb2Command.OPLOCK_BREAK, "", LeaseBreakAck::structureSizeOf);
    }

    @Test
    void stateTextNamesTheBits() {
        assertEquals("RWH", LeaseState.toString(RWH));
        assertEquals("RH", LeaseState.toString(LeaseState.READ | LeaseState.HANDLE));
        assertEquals("", LeaseState.toString(LeaseState.NONE));
    }
}

package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.signet.protocol.smb2.Smb2Command;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockTest extends MessageTestSupport {

    /**
     * [MS-SMB2] 2.2.26 with two elements: LockSequenceNumber 3 in the low 4 bits and LockSequenceIndex 5 above
     * them (0x53), an exclusive fail-immediately lock of 100 bytes at 0, a shared lock of 1 byte at 2^63.
     */
    static final String REQUEST = ""
            + "3000"            // StructureSize 48
            + "0200"            // LockCount 2
            + "53000000"        // LockSequenceNumber 3, LockSequenceIndex 5
            + FILE_ID_HEX       // FileId
            + "0000000000000000" // [0] Offset 0
            + "6400000000000000" // [0] Length 100
            + "12000000"        // [0] Flags EXCLUSIVE_LOCK | FAIL_IMMEDIATELY
            + "00000000"        // [0] Reserved
            + "0000000000000080" // [1] Offset 2^63
            + "0100000000000000" // [1] Length 1
            + "01000000"        // [1] Flags SHARED_LOCK
            + "00000000";       // [1] Reserved

    static final List<LockElement> LOCKS = List.of(
            new LockElement(0, 100, LockElement.EXCLUSIVE_LOCK | LockElement.FAIL_IMMEDIATELY),
            new LockElement(Long.MIN_VALUE, 1, LockElement.SHARED_LOCK));

    @Test
    void requestFixtureDecodesAndEncodesBack() {
        LockRequest request = LockRequest.decode(message(Smb2Command.LOCK, REQUEST));
        assertEquals(new LockRequest(0x53, FILE_ID, LOCKS), request);
        assertEquals(3, request.lockSequenceNumber());
        assertEquals(5, request.lockSequenceIndex());
        assertEquals(normalize(REQUEST), bodyHex(encode(Smb2Command.LOCK, request::encode)));
    }

    @Test
    void singleUnlockRoundTrips() {
        LockRequest request = new LockRequest(0, FileId.ANY, List.of(new LockElement(-1L, -1L, LockElement.UNLOCK)));
        assertEquals(request, LockRequest.decode(encode(Smb2Command.LOCK, request::encode)));
    }

    @Test
    void lockCountBiggerThanTheMessageIsRejected() {
        assertRejected(Smb2Command.LOCK, REQUEST.replace("3000" + "0200", "3000" + "0300"), LockRequest::decode);
        assertRejected(Smb2Command.LOCK, REQUEST.replace("3000" + "0200", "3000" + "ffff"), LockRequest::decode);
    }

    @Test
    void lastElementCutShortIsRejected() {
        assertRejected(Smb2Command.LOCK, REQUEST.substring(0, REQUEST.length() - 2), LockRequest::decode);
    }

    @Test
    void zeroLockCountIsRejected() {
        assertRejected(Smb2Command.LOCK, REQUEST.replace("3000" + "0200", "3000" + "0000"), LockRequest::decode);
    }

    @Test
    void wrongStructureSizeIsRejected() {
        assertRejected(Smb2Command.LOCK, REQUEST.replace("3000" + "0200", "1800" + "0200"), LockRequest::decode);
    }
}

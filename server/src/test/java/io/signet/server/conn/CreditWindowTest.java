package io.signet.server.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** [MS-SMB2] 3.3.1.1 message id window: what the client may send, and how using and granting ids move it. */
class CreditWindowTest {

    /** A window after NEGOTIATE (id 0) with {@code credits} ids granted: [1, 1 + credits). */
    private static CreditWindow afterNegotiate(int max, int credits) {
        CreditWindow w = new CreditWindow(max);
        assertTrue(w.consume(0, 1));
        assertEquals(credits, w.grant(credits));
        return w;
    }

    @Test
    void newConnectionAcceptsOnlyMessageIdZero() {
        CreditWindow w = new CreditWindow(16);
        assertFalse(w.consume(1, 1));
        assertTrue(w.consume(0, 1));
        assertFalse(w.consume(0, 1), "id 0 used twice");
        assertFalse(w.consume(1, 1), "nothing granted yet");
        assertEquals(0, w.outstanding());
    }

    @Test
    void idsOutsideTheWindowAreRefused() {
        CreditWindow w = afterNegotiate(16, 4); // [1, 5)
        assertFalse(w.consume(5, 1), "first id past the window");
        assertFalse(w.consume(1000, 1));
        assertFalse(w.consume(-1, 1), "0xFFFFFFFFFFFFFFFF (the oplock break id) is never a request id");
        assertFalse(w.consume(Long.MAX_VALUE, 2), "overflowing range");
        assertEquals(4, w.outstanding(), "refusals consume nothing");
    }

    @Test
    void replayIsRefusedBothBelowAndInsideTheWindow() {
        CreditWindow w = afterNegotiate(16, 4);
        assertTrue(w.consume(1, 1));
        assertFalse(w.consume(1, 1), "below the low end after the window slid");
        assertFalse(w.consume(0, 1), "the NEGOTIATE id");
        assertTrue(w.consume(3, 1));
        assertFalse(w.consume(3, 1), "out-of-order id used twice, still inside the window");
    }

    @Test
    void outOfOrderIdsInsideTheWindowAreAccepted() {
        CreditWindow w = afterNegotiate(16, 4); // [1, 5)
        assertTrue(w.consume(4, 1));
        assertTrue(w.consume(2, 1));
        assertEquals(2, w.outstanding());
        // id 1 was skipped, so the low end stays at 1: no room to grant beyond 16 - (5 - 1) = 12
        assertEquals(12, w.grant(100));
        assertTrue(w.consume(1, 1));
        assertTrue(w.consume(3, 1));
        // every id of [1, 5) is used, so the low end slid to 5 and the window holds [5, 17)
        assertFalse(w.consume(1, 1));
        assertTrue(w.consume(16, 1));
        assertFalse(w.consume(17, 1));
    }

    @Test
    void skippedIdKeepsTheLowEndUntilItIsUsed() {
        CreditWindow w = afterNegotiate(8, 8); // [1, 9), full
        for (long id = 2; id <= 8; id++) {
            assertTrue(w.consume(id, 1), "id " + id);
        }
        assertEquals(1, w.outstanding(), "only the skipped id 1 remains");
        assertEquals(0, w.grant(1), "the window is pinned at id 1 and already as wide as the maximum");
        assertFalse(w.consume(9, 1));
        assertTrue(w.consume(1, 1));
        assertEquals(0, w.outstanding());
        assertEquals(8, w.grant(100), "using id 1 slid the whole window");
        assertTrue(w.consume(9, 1));
        assertTrue(w.consume(16, 1));
        assertFalse(w.consume(17, 1));
    }

    @Test
    void multiCreditRequestConsumesItsWholeRange() {
        CreditWindow w = afterNegotiate(16, 8); // [1, 9)
        assertTrue(w.consume(1, 4)); // ids 1..4
        assertFalse(w.consume(4, 1), "last id of the multi-credit range");
        assertFalse(w.consume(3, 2));
        assertEquals(4, w.outstanding());
        assertTrue(w.consume(5, 4)); // ids 5..8
        assertEquals(0, w.outstanding());
    }

    @Test
    void multiCreditRequestPartlyOutsideTheWindowConsumesNothing() {
        CreditWindow w = afterNegotiate(16, 4); // [1, 5)
        assertFalse(w.consume(3, 3), "ids 3..5, and 5 is not granted");
        assertEquals(4, w.outstanding());
        assertTrue(w.consume(3, 2));
    }

    @Test
    void multiCreditRequestOverlappingAUsedIdConsumesNothing() {
        CreditWindow w = afterNegotiate(16, 8);
        assertTrue(w.consume(3, 1));
        assertFalse(w.consume(2, 3), "ids 2..4 include the used 3");
        assertTrue(w.consume(2, 1), "the refused charge must not have marked id 2");
        assertTrue(w.consume(4, 1));
    }

    @Test
    void chargeZeroCountsAsOne() {
        CreditWindow w = afterNegotiate(16, 2);
        assertTrue(w.consume(1, 0));
        assertFalse(w.consume(1, 0));
        assertEquals(1, w.outstanding());
    }

    @Test
    void grantNeverExceedsTheMaximum() {
        CreditWindow w = new CreditWindow(32);
        assertTrue(w.consume(0, 1));
        assertEquals(32, w.grant(1000));
        assertEquals(0, w.grant(1));
        assertEquals(32, w.outstanding());
        assertTrue(w.consume(1, 1));
        assertEquals(1, w.grant(65535), "one id used frees room for exactly one more");
        assertEquals(32, w.outstanding());
        assertEquals(0, w.grant(0));
        assertEquals(0, w.grant(-5), "a negative request grants nothing");
    }

    @Test
    void maximumOutsideTheCreditFieldIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CreditWindow(65536));
        assertThrows(IllegalArgumentException.class, () -> new CreditWindow(0));
    }

    /** smb2 max credits need not be a power of two: the window holds exactly that many, the ring is larger. */
    @Test
    void maximumThatIsNoPowerOfTwoBoundsTheWindowExactly() {
        CreditWindow w = afterNegotiate(100, 100); // [1, 101)
        assertEquals(0, w.grant(1));
        for (long id = 2; id <= 100; id++) {
            assertTrue(w.consume(id, 1), "id " + id);
        }
        assertEquals(0, w.grant(50), "pinned at the held-back id 1");
        assertFalse(w.consume(101, 1));
        assertTrue(w.consume(1, 1));
        assertEquals(100, w.grant(1000));
        assertTrue(w.consume(200, 1));
        assertFalse(w.consume(201, 1));
    }

    /** A multi-credit request gets its charge back even when it asks for one credit: the window does not shrink. */
    @Test
    void grantGivesTheChargeBackAndAddsWhatIsAskedBeyondOne() {
        CreditWindow w = afterNegotiate(8192, 16); // [1, 17)
        assertTrue(w.consume(1, 16)); // a 1 MiB READ
        assertEquals(16, w.grantFor(16, 1));
        assertTrue(w.consume(17, 16));
        assertEquals(16 + 31, w.grantFor(16, 32), "charge back plus 31 more");
        assertEquals(47, w.outstanding());
        assertEquals(1, w.grantFor(0, 0), "SMB 2.0.2 charges 0, and a request for none counts as one");
    }

    /**
     * A client asking for credits can keep 8 MiB of READs in flight: 8 requests of 1 MiB at 16 credits each, sent
     * before any answer, and the same again as each is answered.
     */
    @Test
    void clientAskingForCreditsKeepsEightMiBInFlight() {
        CreditWindow w = new CreditWindow(8192);
        assertTrue(w.consume(0, 1));
        int held = w.grantFor(1, 256); // the NEGOTIATE (and SESSION_SETUP) answers grant what is asked
        assertEquals(256, held);
        long next = 1;
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 8; i++) {
                assertTrue(w.consume(next, 16), "round " + round + " request " + i);
                next += 16;
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(16, w.grantFor(16, 1), "each answer gives its 16 credits back");
            }
        }
        assertEquals(256, w.outstanding(), "the window kept its size");
    }

    @Test
    void generousGrantsStopAtTheMaximum() {
        CreditWindow w = afterNegotiate(128, 1);
        assertTrue(w.consume(1, 1));
        assertEquals(128, w.grantFor(1, 8192));
        assertEquals(0, w.grantFor(16, 16));
    }

    /**
     * The server's real size: a client holding all 8192 credits holds back one id in the middle and uses the rest.
     * The ids below it slide the window up to it; from then on the window is pinned there, so the server can grant
     * only until the window spans 8192 ids again, must refuse the id one lap ahead (it shares the held-back id's ring
     * slot), and must slide all the way once the held-back id arrives.
     */
    @Test
    void fullWindowOf8192WithOneIdHeldBackInTheMiddle() {
        int max = 8192;
        long heldBack = 4000;
        CreditWindow w = afterNegotiate(max, max); // [1, 8193)
        for (long id = 1; id <= max; id++) {
            if (id != heldBack) {
                assertTrue(w.consume(id, 1), "id " + id);
            }
        }
        assertEquals(1, w.outstanding());
        // low end at 4000, high at 8193: room for 8192 - 4193 ids
        assertEquals(heldBack - 1, w.grant(max));
        long high = heldBack + max; // exclusive: the window is [4000, 12192)
        for (long id = max + 1; id < high; id++) {
            assertTrue(w.consume(id, 1), "id " + id);
        }
        assertEquals(0, w.grant(100), "pinned at the held-back id, already as wide as the maximum");
        assertFalse(w.consume(high, 1), "one lap ahead of the held-back id: same ring slot");
        assertFalse(w.consume(heldBack + 1, 1), "replay above the held-back id");
        assertFalse(w.consume(heldBack - 1, 1), "replay below the held-back id");
        assertEquals(1, w.outstanding());

        assertTrue(w.consume(heldBack, 1));
        assertEquals(0, w.outstanding());
        assertFalse(w.consume(heldBack, 1));
        assertEquals(max, w.grant(max), "the whole window slid: [12192, 20384)");
        assertTrue(w.consume(high, 1), "the held-back id's ring slot, one lap later; a stale mark would refuse it");
        assertTrue(w.consume(high + max - 1, 1), "last id of the new window");
        assertFalse(w.consume(high + max, 1));
        assertFalse(w.consume(high - 1, 1));
    }

    /** The same with the lowest id held back: nothing slides, so nothing more is ever granted until it is used. */
    @Test
    void fullWindowOf8192WithTheLowestIdHeldBack() {
        int max = 8192;
        CreditWindow w = afterNegotiate(max, max); // [1, 8193)
        for (long id = 2; id <= max; id++) {
            assertTrue(w.consume(id, 1), "id " + id);
        }
        assertEquals(0, w.grant(max));
        assertFalse(w.consume(max + 1, 1), "id 1's ring slot, one lap ahead");
        assertTrue(w.consume(1, 1));
        assertEquals(max, w.grant(max));
        assertTrue(w.consume(max + 1, 1));
        assertTrue(w.consume(2L * max, 1));
        assertFalse(w.consume(2L * max + 1, 1));
    }
}

package io.signet.server.tree;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** [MS-SMB2] 3.3.5.2.10 over Open.ChannelSequence and its two outstanding-request counts. */
class ChannelSequenceTest {

    @Test
    void aStaleSequenceIsRefusedOnceTheClientMovedOn() {
        ChannelSequence s = new ChannelSequence();
        assertTrue(s.admit(0, false));
        s.completed(0);
        assertTrue(s.admit(1, false), "a newer sequence: the client failed over");
        s.completed(1);
        assertFalse(s.admit(0, false), "the old sequence is stale");
        assertFalse(s.admit(0, true), "a stale replay too");
        assertTrue(s.admit(1, true), "a replay at the current sequence with nothing older in flight");
    }

    @Test
    void aReplayWaitsUntilRequestsOfTheOldSequenceAreAnswered() {
        ChannelSequence s = new ChannelSequence();
        assertTrue(s.admit(5, false)); // newer than 0: becomes current
        assertTrue(s.admit(5, false)); // two requests in flight at 5
        assertTrue(s.admit(6, false)); // failover: those two are now "pre" requests
        assertFalse(s.admit(6, true), "a replay could overtake the requests still in flight from sequence 5");
        s.completed(5);
        s.completed(5);
        assertTrue(s.admit(6, true));
    }

    @Test
    void sequencesWrapAt16Bits() {
        ChannelSequence s = new ChannelSequence();
        assertTrue(s.admit(0x7FFF, false), "0x7FFF ahead is the far edge of newer");
        assertFalse(s.admit(0xFFFF, false), "0x8000 ahead counts as behind");
        assertTrue(s.admit(0xFFFE, false));
        assertTrue(s.admit(0x10000 + 3, false), "0x0003 after 0xFFFE is newer: the sequence wrapped");
        assertFalse(s.admit(0xFFFE, false));
    }
}
